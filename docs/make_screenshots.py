"""Capture every tab and dialog of the real app into docs/screens/ (PNG).

Run under a virtual screen, with the demo journey and with an empty runner file:

    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_screenshots.py
    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_screenshots.py --dark
    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_screenshots.py --scale 2

``--size 1024x700`` captures at another window size, ``--out`` into another folder;
``--scale 2`` runs Qt at twice the size (QT_SCALE_FACTOR) and keeps the window the size
Runback chooses for the screen. Every capture lists any text it finds cut off, and any
tab that scrolls sideways (tests/ui/clipping.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screens"
SIZE = (1180, 780)


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="", help="window size, e.g. 1024x700")
    parser.add_argument("--dark", action="store_true", help="a dark palette")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR")
    parser.add_argument("--out", type=Path, default=None, help="folder for the PNGs")
    parser.add_argument("--demo-only", action="store_true", help="skip the empty file")
    return parser.parse_args()


ARGS = options()
if ARGS.scale != 1.0:
    os.environ["QT_SCALE_FACTOR"] = f"{ARGS.scale:g}"

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from core.exchange.demo import create_demo  # noqa: E402
from core.runback import Runback  # noqa: E402
from tests.ui.clipping import clipped, sideways_scrolled  # noqa: E402
from ui.app import application  # noqa: E402
from ui.colors import apply_scheme  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.setup_dialog import SetupDialog  # noqa: E402

PROBLEMS: list[str] = []


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def grab(widget: QWidget, name: str, app: QApplication, out: Path) -> None:
    settle(app)
    widget.grab().save(str(out / f"{name}.png"))
    problems = clipped(widget) + sideways_scrolled(widget)
    PROBLEMS.extend(f"{name}: {problem}" for problem in problems)
    print(out / f"{name}.png", *(f"\n  cut off: {problem}" for problem in problems))


def tab_names(window: MainWindow) -> list[str]:
    names = []
    for index in range(window.tabs.count()):
        text = window.tabs.tabText(index).replace("▶ ", "").lower()
        names.append("".join(c if c.isalnum() else "-" for c in text).strip("-"))
    return names


def size_window(window: MainWindow, size: tuple[int, int] | None) -> None:
    if size is not None:
        window.resize(*size)
    window.show()


def capture_window(window: MainWindow, prefix: str, app: QApplication, out: Path,
                   size: tuple[int, int] | None) -> None:
    size_window(window, size)
    for index, name in enumerate(tab_names(window)):
        window.tabs.setCurrentIndex(index)
        settle(app, 40)
        grab(window, f"{prefix}-{name}", app, out)


def main() -> int:
    out = ARGS.out or OUT
    out.mkdir(parents=True, exist_ok=True)
    size: tuple[int, int] | None = SIZE
    if ARGS.size:
        width, height = ARGS.size.lower().split("x")
        size = (int(width), int(height))
    elif ARGS.scale != 1.0:
        size = None  # the size Runback chooses for the screen
    app = application()
    if ARGS.dark:
        apply_scheme(app, 2)  # as when the system says dark (Qt.ColorScheme.Dark)
    folder = Path(tempfile.mkdtemp(prefix="runback-shots-"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)

    demo_path = folder / "demo.db"
    create_demo(demo_path, end=dt.date.today()).close()
    window = MainWindow(Runback.open(demo_path), settings)
    capture_window(window, "demo", app, out, size)
    window.close()

    if not ARGS.demo_only:
        settings.remove("window")
        empty = Runback.create(folder / "empty.db")
        window = MainWindow(empty, settings)
        size_window(window, size)
        settle(app, 40)
        dialog = window.findChild(SetupDialog)
        grab(dialog, "dialog-setup", app, out)
        grab(window, "empty-before-setup", app, out)
        dialog.goal.setText("Run 10 km pain-free again")
        dialog.pain.setValue(3)
        dialog.submit()
        capture_window(window, "empty", app, out, size)
        window.close()
    print(f"{len(PROBLEMS)} cut off" if PROBLEMS else "nothing cut off")
    QTimer.singleShot(0, app.quit)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
