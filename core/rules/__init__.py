"""The rules: the plan's settings and protocol, the walk–run ladder, stage moves, the
criteria after surgery, today's prescription, load and the weekly numbers."""
