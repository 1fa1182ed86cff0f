"""Start the desktop app: the QApplication, the runner file, the main window."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QSettings, QStandardPaths, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from core import first_screen
from core.errors import RunbackError
from core.resources import resource_path
from ui.main_window import MainWindow, saved_tab

if TYPE_CHECKING:
    from core.runback import Runback

APP_NAME = "Runback"
DEFAULT_FILE = "runner.db"
HEADLESS = frozenset({"offscreen", "minimal"})
# The headless (offscreen) platform says this about every window; it is not a fault.
HARMLESS = frozenset({"This plugin does not support propagateSizeHints()"})


def _qt_message(kind, context, message: str) -> None:
    """Qt's messages go to stderr as usual, but for the known harmless ones."""
    del context
    if message in HARMLESS:
        return
    kinds = QtCore.QtMsgType  # built on the first message, not at start-up (ui/common.py)
    label = {kinds.QtWarningMsg: "Warning", kinds.QtCriticalMsg: "Critical",
             kinds.QtFatalMsg: "Fatal"}.get(kind)
    print(f"{label}: {message}" if label else message, file=sys.stderr)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named (reused when it already exists). Its icon is set with
    the first window's file (``set_icon``): loading it can wait.

    No application style sheet: the platform's style draws the cards. A style sheet made
    Qt polish every widget through its rules, which doubled the cost of building a
    window (~3.5 ms of the first screen's ~20) and of every tab after it."""
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("runback")
    return app


def set_icon() -> None:
    QApplication.setWindowIcon(QtGui.QIcon(str(resource_path("icons/runback.svg"))))


def default_data_file() -> Path:
    """The runner file in the platform's app-data folder (never beside the program)."""
    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEFAULT_FILE


def open_runner(db: Path | None, demo: bool) -> Runback:
    """The file to show: a fresh demo, the one asked for, or the default (made if new)."""
    import tempfile

    from core.runback import Runback

    if demo:
        from core.demo import create_demo

        path = Path(tempfile.mkdtemp(prefix="runback-demo-")) / "demo.db"
        create_demo(path).close()  # lived on the demo's own clock; reopen on today's
        return Runback.open(path)
    if db is not None:
        return Runback.open(db)
    path = default_data_file()
    return Runback.open(path) if path.exists() else Runback.create(path)


def start(db: Path | None, demo: bool, settings: QSettings | None = None) -> MainWindow:
    """Show the runner's window as soon as it can be drawn.

    A file closed on an earlier day of this week left its first screen saved beside it
    (core/first_screen.py): the window draws that at once and loads the file once it is
    on screen. Otherwise (a new file, a demo, a file changed since, another tab open last
    time) the file loads first. A file that cannot be opened raises ``RunbackError``; found
    only after the first screen, the error is left in ``window.failure`` and the window
    closes (``run`` raises it).
    """
    settings = settings or QSettings()
    path = None if demo else (db if db is not None else default_data_file())
    card = None
    if path is not None and saved_tab(settings) == 0:
        card = first_screen.read(path, time.strftime("%Y-%m-%d"))
    if card is None:
        window = MainWindow(_opened(db, demo), settings)
        set_icon()
    else:
        window = MainWindow.first_screen(card, settings)
        window.when_drawn(lambda: _load(window, path))
    window.show()
    return window


def _load(window: MainWindow, path: Path) -> None:
    try:
        window.attach(_opened(path, demo=False))
        set_icon()
    except Exception as error:
        # run() raises it, as a start without a first screen would; raised here, in a Qt
        # timer, it would only be printed, and the window left drawn but dead.
        window.failure = error
        window.close()


def _opened(db: Path | None, demo: bool) -> Runback:
    """``open_runner``, with the whole file read: damage deep in it shows now, in a
    message (nobody could click one on a headless screen), not mid-redraw."""
    runback = None
    try:
        runback = open_runner(db, demo)
        runback.log  # noqa: B018 - read it all now
    except RunbackError as error:
        if runback is not None:
            runback.close()
        if QApplication.platformName() not in HEADLESS:
            QtWidgets.QMessageBox.warning(None, APP_NAME, str(error))
        raise
    return runback


def run(db: Path | None, demo: bool) -> int:
    app = application()
    window = start(db, demo)
    code = app.exec()
    if window.failure is not None:
        raise window.failure
    if window.ready:  # (closed before its file loaded: nothing was opened)
        first_screen.close_saving(window.ops.runback)
    return code
