"""One start-up, in a process of its own. It prints the moments (``time.perf_counter``,
one clock for every process here) its window was drawn and was ready, and its peak
memory, then quits.

    python bench/child.py bare                  a bare PySide6 window
    python bench/child.py app FILE SETTINGS     Runback on FILE, as ``runback --db FILE``
"""

import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    kind = sys.argv[1]
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
        window = start(Path(sys.argv[2]), demo=False,
                       settings=QSettings(sys.argv[3], QSettings.Format.IniFormat))
    window.repaint()  # drawn: the runner sees today's plan
    drawn = time.perf_counter()
    while kind == "app" and not window.ready:  # the file loaded: every action works
        app.processEvents()
    ready = time.perf_counter()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{drawn:.6f} {ready:.6f} {peak_kib}", flush=True)
    if kind == "app":  # as the app does on quitting: the next start finds a first screen
        from core.first_screen import close_saving

        close_saving(window.ops.runback)


if __name__ == "__main__":
    main()
