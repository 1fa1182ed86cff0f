"""Dump the AT-SPI tree of the running Runback, as a screen reader on Linux reads it.

Run by the system's Python (its ``gi`` with the Atspi typelib, Debian's python3-gi and
gir1.2-atspi-2.0), on the session bus where Runback runs with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1: one JSON line per node shown on screen
(depth, role, name, description). Exits 3 if no application named Runback appears.
"""

from __future__ import annotations

import json
import sys

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

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


def runback_window():
    """Runback's application node once its window is on the bus, else None."""
    desktop = Atspi.get_desktop(0)
    apps = [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]
    runback = [app for app in apps if app is not None and app.get_name() == "Runback"]
    # The application registers before its window: wait for the window too.
    return runback[0] if runback and runback[0].get_child_count() else None


def main() -> int:
    """Walk Runback's tree as soon as its window appears: woken by the bus's own events
    (a window created, children added), with a 60 s deadline, never by polling."""
    found = []

    def look(_event=None) -> bool:
        app = runback_window()
        if app is not None and not found:
            found.append(app)
            Atspi.event_quit()
        return False  # a one-shot timer: do not repeat

    listener = Atspi.EventListener.new(look)
    for event in ("window:create", "window:activate", "object:children-changed"):
        listener.register(event)
    GLib.idle_add(look)  # it may be on the bus already
    GLib.timeout_add_seconds(60, lambda: Atspi.event_quit() or False)
    Atspi.event_main()
    if not found:
        return 3
    walk(found[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
