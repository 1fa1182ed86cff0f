"""The real window ticking strength exercises as fast as it can, for test_tick_kills.py to
kill at random.

Run as ``python -m tests.reliability.tick_window FILE SETTINGS``. Each tick is a click on
the strength tab's real check box; ``ticked DAY KEY`` is printed once ``click()`` has
returned, the moment the box would next be painted ticked: the runner's "saved".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer

from core.model import Stage
from core.runback import Runback
from ui.app import application
from ui.main_window import MainWindow


def main(argv: list[str]) -> None:
    app = application()
    window = MainWindow(Runback.open(Path(argv[0])),
                        QSettings(argv[1], QSettings.Format.IniFormat))
    window.show()
    strength = window.stage_tabs[Stage.STRENGTH]
    window.show_view(strength)

    def tick() -> None:
        boxes = [(key, box) for key, (box, _) in strength.rows.items() if not box.isChecked()]
        if not boxes:  # this day is done: the day before
            strength.date.setDate(strength.date.date().addDays(-1))
            QTimer.singleShot(0, tick)
            return
        key, box = boxes[0]
        box.click()
        print(f"ticked {strength.day.isoformat()} {key}", flush=True)
        QTimer.singleShot(0, tick)

    print("ready", flush=True)
    QTimer.singleShot(0, tick)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1:])
