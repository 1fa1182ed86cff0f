"""Dump the AT-SPI tree of the running Runback, as a screen reader on Linux reads it.

Run by the system's Python (its ``gi`` with the Atspi typelib, Debian's python3-gi and
gir1.2-atspi-2.0), on the session bus where Runback runs with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1: one JSON line per node shown on screen
(depth, role, name, description). Exits 3 if no application named Runback appears.
"""

from __future__ import annotations

import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

MAX_DEPTH = 40


def walk(node, depth: int = 0) -> None:
    states = node.get_state_set()
    if depth > 1 and not states.contains(Atspi.StateType.SHOWING):
        return
    print(json.dumps({"depth": depth, "role": node.get_role_name(), "name": node.get_name(),
                      "description": node.get_description()}, ensure_ascii=False))
    if depth < MAX_DEPTH:
        for index in range(node.get_child_count()):
            child = node.get_child_at_index(index)
            if child is not None:
                walk(child, depth + 1)


def main() -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        apps = [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]
        runback = [app for app in apps if app is not None and app.get_name() == "Runback"]
        # The application registers before its window: wait for the window too.
        if runback and runback[0].get_child_count():
            walk(runback[0])
            return 0
        time.sleep(0.2)  # polling another process's bus: no event to wait on
    return 3


if __name__ == "__main__":
    sys.exit(main())
