"""One start-up, in a process of its own: print the seconds to a painted window and peak
memory, then quit. ``python bench/child.py bare`` or ``python bench/child.py app FILE``."""

import os
import resource
import sys
import time

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    kind = sys.argv[1]
    if kind == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
    else:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        from pathlib import Path

        from PySide6.QtCore import QSettings

        from ui.app import application, open_runner
        from ui.main_window import MainWindow

        app = application()
        settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)
        window = MainWindow(open_runner(Path(sys.argv[2]), demo=False), settings)
    window.resize(1180, 780)
    window.show()
    window.repaint()  # painted: the window is usable
    app.processEvents()
    elapsed = time.perf_counter() - STARTED
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{elapsed:.6f} {peak_kib}", flush=True)


if __name__ == "__main__":
    main()
