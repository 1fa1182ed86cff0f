"""One start-up, in a process of its own. It prints the moments (``time.perf_counter``,
one clock for every process here) its window was drawn and was ready (every action
works), its peak memory, the longest stall of its event loop until ``UNTIL`` (the
longest gap between two turns of the loop), whether sqlite-utils was already loaded
when the window was drawn (it should load after the paint), and the moment the whole
file was in memory (read in slices after the paint; 0 for the bare window), then quits.

Every action works once the window is drawn: an action taken before the rest of the file
is read finishes that read first (core/views.py ``start_reading``).

    python bench/child.py bare UNTIL                  a bare PySide6 window
    python bench/child.py app UNTIL FILE SETTINGS     Runback on FILE, as ``runback --db FILE``
"""

import itertools
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    kind, until = sys.argv[1], float(sys.argv[2])
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.resize(1100, 760)
        window.show()
    else:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from pathlib import Path

        from PySide6.QtCore import QSettings

        from core import generated_code, startup

        startup.begin()  # as ``runback`` does
        from ui import pyside_scan

        pyside_scan.apply()
        from ui.app import application, start

        app = application()
        window = start(Path(sys.argv[3]), demo=False,
                       settings=QSettings(sys.argv[4], QSettings.Format.IniFormat))
    window.repaint()  # drawn: the runner sees today's plan
    drawn = time.perf_counter()
    writer_before_paint = "sqlite_utils" in sys.modules
    while not getattr(window, "ready", True):  # the file loaded: every action works
        app.processEvents()
    ready = time.perf_counter()
    runback = getattr(window, "runback", None)
    stall, all_read = longest_stall(app, until, lambda: runback is None or runback.all_read)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{drawn:.6f} {ready:.6f} {peak_kib} {stall:.6f} {int(writer_before_paint)} "
          f"{all_read if runback is not None else 0:.6f}", flush=True)
    if kind == "app":
        generated_code.keep()  # as ``runback`` does once its window is up
        window.runback.close()  # as quitting does (the window is not closed: no backup)


def longest_stall(app, until: float, done) -> tuple[float, float]:
    """The longest gap between two turns of the event loop, from now until ``until`` (a
    1 ms timer notes each turn: the resolution; budgets are tens of ms), and the first
    turn at which ``done()`` held."""
    from PySide6.QtCore import Qt, QTimer

    turns = [time.perf_counter()]
    finished = [turns[0]] if done() else []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)

    def turn() -> None:
        turns.append(time.perf_counter())
        if not finished and done():
            finished.append(turns[-1])
        if turns[-1] >= until:
            app.quit()

    timer.timeout.connect(turn)
    timer.start()
    if turns[0] < until:
        app.exec()
    timer.stop()
    while not finished:  # not read within ``until``: on until it is
        app.processEvents()
        if done():
            finished.append(time.perf_counter())
    return max((b - a for a, b in itertools.pairwise(turns)), default=0.0), finished[0]


if __name__ == "__main__":
    main()
