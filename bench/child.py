"""One start-up, in a process of its own. It prints the moments (``time.perf_counter``,
one clock for every process here) its window was drawn and was ready (every action
works), its peak memory, the longest stall of its event loop until ``UNTIL`` (the
longest gap between two turns of the loop), and whether sqlite-utils was already loaded
when the window was drawn (it should load after the paint), then quits.

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
    stall = longest_stall(app, until)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{drawn:.6f} {ready:.6f} {peak_kib} {stall:.6f} {int(writer_before_paint)}",
          flush=True)
    if kind == "app":
        window.runback.close()  # as quitting does (the window is not closed: no backup)


def longest_stall(app, until: float) -> float:
    """The longest gap between two turns of the event loop, from now until ``until``: a
    1 ms timer notes each turn (the resolution; budgets are tens of ms)."""
    from PySide6.QtCore import Qt, QTimer

    turns = [time.perf_counter()]
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)

    def turn() -> None:
        turns.append(time.perf_counter())
        if turns[-1] >= until:
            app.quit()

    timer.timeout.connect(turn)
    timer.start()
    if turns[0] < until:
        app.exec()
    timer.stop()
    return max((b - a for a, b in itertools.pairwise(turns)), default=0.0)


if __name__ == "__main__":
    main()
