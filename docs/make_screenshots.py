"""Capture every tab and dialog of the real app into docs/screens/ (PNG).

Run under a virtual screen, with the demo journey and with an empty runner file:

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/make_screenshots.py
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from core.exchange.demo import create_demo  # noqa: E402
from core.runback import Runback  # noqa: E402
from ui.app import application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.setup_dialog import SetupDialog  # noqa: E402

OUT = ROOT / "docs" / "screens"
SIZE = (1180, 780)


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def grab(widget: QWidget, name: str, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def tab_names(window: MainWindow) -> list[str]:
    names = []
    for index in range(window.tabs.count()):
        text = window.tabs.tabText(index).replace("▶ ", "").lower()
        names.append("".join(c if c.isalnum() else "-" for c in text).strip("-"))
    return names


def capture_window(window: MainWindow, prefix: str, app: QApplication) -> None:
    window.resize(*SIZE)
    window.show()
    for index, name in enumerate(tab_names(window)):
        window.tabs.setCurrentIndex(index)
        settle(app, 40)
        grab(window, f"{prefix}-{name}", app)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = application()
    folder = Path(tempfile.mkdtemp(prefix="runback-shots-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

    demo_path = folder / "demo.db"
    create_demo(demo_path, end=dt.date.today()).close()
    window = MainWindow(Runback.open(demo_path), settings)
    capture_window(window, "demo", app)
    window.close()

    empty = Runback.create(folder / "empty.db")
    window = MainWindow(empty, settings)
    window.resize(*SIZE)
    window.show()
    settle(app, 40)
    dialog = window.findChild(SetupDialog)
    grab(dialog, "dialog-setup", app)
    grab(window, "empty-before-setup", app)
    dialog.goal.setText("Run 10 km pain-free again")
    dialog.pain.setValue(3)
    dialog.submit()
    capture_window(window, "empty", app)
    window.close()
    QTimer.singleShot(0, app.quit)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
