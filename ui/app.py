"""Start the desktop app: the QApplication, the runner file, the main window."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core.errors import RunbackError
from core.resources import resource_path
from core.runback import Runback

APP_NAME = "Runback"
DEFAULT_FILE = "runner.db"
HEADLESS = frozenset({"offscreen", "minimal"})
# The headless (offscreen) platform says this about every window; it is not a fault.
HARMLESS = frozenset({"This plugin does not support propagateSizeHints()"})


def _qt_message(kind: QtMsgType, context, message: str) -> None:
    """Qt's messages go to stderr as usual, but for the known harmless ones."""
    del context
    if message in HARMLESS:
        return
    label = {QtMsgType.QtWarningMsg: "Warning", QtMsgType.QtCriticalMsg: "Critical",
             QtMsgType.QtFatalMsg: "Fatal"}.get(kind)
    print(f"{label}: {message}" if label else message, file=sys.stderr)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named and with its icon (reused when it already exists)."""
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("runback")
    app.setWindowIcon(QIcon(str(resource_path("icons/runback.svg"))))
    app.setStyleSheet(resource_path("style.qss").read_text(encoding="utf-8"))
    return app


def default_data_file() -> Path:
    """The runner file in the platform's app-data folder (never beside the program)."""
    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEFAULT_FILE


def open_runner(db: Path | None, demo: bool) -> Runback:
    """The file to show: a fresh demo, the one asked for, or the default (made if new)."""
    if demo:
        from core.demo import create_demo

        path = Path(tempfile.mkdtemp(prefix="runback-demo-")) / "demo.db"
        create_demo(path).close()  # lived on the demo's own clock; reopen on today's
        return Runback.open(path)
    if db is not None:
        return Runback.open(db)
    path = default_data_file()
    return Runback.open(path) if path.exists() else Runback.create(path)


def run(db: Path | None, demo: bool) -> int:
    app = application()
    runback = None
    try:
        runback = open_runner(db, demo)
        runback.log  # noqa: B018 - read it all now: damage deep in the file shows here
    except RunbackError as error:
        if runback is not None:
            runback.close()
        if app.platformName() not in HEADLESS:  # nobody could click a box there
            QMessageBox.warning(None, APP_NAME, str(error))
        raise
    from ui.main_window import MainWindow

    window = MainWindow(runback)
    window.show()
    code = app.exec()
    window.ops.runback.close()
    return code
