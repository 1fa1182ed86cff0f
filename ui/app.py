"""Start the desktop app: the QApplication, the runner file, the main window."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QSettings, QStandardPaths, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from core import generated_code
from core.errors import RunbackError
from core.resources import resource_path
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from collections.abc import Callable

    from core.runback import Runback

APP_NAME = "Runback"
KEEP_CODE_AFTER_MS = 2000  # after the first paint and the first reads in slices
DEFAULT_FILE = "runner.db"
# ``runback --demo``: a folder of its own for the demo's file, backups and settings,
# removed when the app ends (a quit, SIGTERM or SIGHUP alike).
DEMO_PREFIX, DEMO_FILE, DEMO_SETTINGS = "runback-demo-", "demo.db", "settings.ini"
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
    window (~3.5 ms of Today's ~20) and of every tab after it."""
    qInstallMessageHandler(_qt_message)
    existing = QApplication.instance()  # typed QCoreApplication | None by PySide6
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("runback")
    return app


def set_icon() -> None:
    QApplication.setWindowIcon(QtGui.QIcon(str(resource_path("icons/runback.svg"))))


def default_data_file() -> Path:
    """The runner file in the platform's app-data folder (never beside the program)."""
    from core.file.datafile import make_private_folder

    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))
    make_private_folder(folder)
    return folder / DEFAULT_FILE


def private_settings() -> QSettings:
    """The app's settings (``Runback.conf``): they name the runner's files and folders,
    so the file and the folder Runback makes for it are owner-only whatever the umask."""
    from core.file.datafile import make_private_file, make_private_folder

    settings = QSettings()
    path = Path(settings.fileName())
    try:
        make_private_folder(path.parent)
        make_private_file(path)
    except OSError:
        pass  # settings that cannot be written are Qt's to ignore, as before
    return settings


def open_runner(db: Path | None, demo: bool) -> Runback:
    """The file to show: a fresh demo (made at ``db``, else in a new temporary folder), the
    one asked for, or the default (made if new)."""
    import tempfile

    from core.runback import Runback

    if demo:
        from core.exchange.demo import create_demo

        path = db if db is not None else (
            Path(tempfile.mkdtemp(prefix=DEMO_PREFIX)) / DEMO_FILE)
        create_demo(path).close()  # lived on the demo's own clock; reopen on today's
        return Runback.open(path)
    from ui.empty_file import open_or_recreate

    if db is not None:
        return open_or_recreate(None, db)
    path = default_data_file()
    return open_or_recreate(None, path) if path.exists() else Runback.create(path)


def demo_settings(folder: Path) -> QSettings:
    """The demo's own settings (last tab, window state, last folders), in its temporary
    folder: a demo never changes what the runner's own window remembers."""
    return QSettings(str(folder / DEMO_SETTINGS), QSettings.Format.IniFormat)


def start(db: Path | None, demo: bool, settings: QSettings | None = None, tray: bool = False
          ) -> MainWindow:
    """Open the runner's file, build its window, show it: the one start-up path. With
    ``tray`` (``--tray``, start at login) the window stays hidden if reminders are on and
    a system tray shows their icon (ui/reminders.py); otherwise it shows as usual.

    A file that cannot be opened raises ``RunbackError`` (after offering a backup, on a
    screen someone can click)."""
    window = MainWindow(_opened(db, demo), settings or private_settings())
    if not (tray and window.reminders.start()):
        window.show()
    QtCore.QTimer.singleShot(0, _after_first_paint)
    return window


def _after_first_paint() -> None:
    """The icon (loading the SVG costs ~2.5 ms; the window manager takes it when it
    comes) and dark where the system says dark, from now on (ui/colors.py)."""
    from ui.colors import follow_system

    set_icon()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        follow_system(app)


def _opened(db: Path | None, demo: bool, offer_backup: bool = True) -> Runback:
    """``open_runner``, with what the first view needs read (the rest is read after the
    paint: ui/main_window.py): damage in it shows now, in a message (nobody could click
    one on a headless screen), not mid-redraw. A damaged file offers its newest good
    backup (ui/backups_dialog.py) and opens that if taken."""
    runback = None
    try:
        runback = open_runner(db, demo)
        runback.start_reading()
    except RunbackError as error:
        if runback is not None:
            runback.close()
        if QApplication.platformName() not in HEADLESS:
            from ui.backups_dialog import offer_backup as offer

            if offer_backup and offer(None, error):
                return _opened(db, demo, offer_backup=False)
            QtWidgets.QMessageBox.warning(None, APP_NAME, str(error))
        raise
    return runback


def _startup_time(app: QApplication, window: MainWindow) -> int:
    """``runback --startup-time``: the clock when the window is drawn (every action answers
    from then on) and when the whole file is read, on one line; then quit as File → Quit
    does. ``time.perf_counter`` is one clock for every process here (python -m bench)."""
    import time

    window.repaint()
    drawn = time.perf_counter()
    while not window.runback.all_read and window.failure is None:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    print(f"{drawn:.6f} {time.perf_counter():.6f}", flush=True)
    generated_code.keep()
    window.close()
    window.runback.close()
    if window.failure is not None:
        raise window.failure
    return 0


# A logout sends SIGHUP (the terminal or session going away) or SIGTERM (systemd, the
# desktop session); both must close the file as a window's close does (the log merged,
# the lock released), not kill the process where it stands.
QUIT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def quit_on_signals(app: QApplication) -> None:
    """Quit the event loop normally on SIGTERM or SIGHUP.

    Python runs a signal handler only when the interpreter next runs, and a Qt event loop
    waiting for input runs none: so the signal's number is also written to a socket
    (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, which wakes the loop
    into Python at once; the handler then asks the application to quit (modal dialogs'
    loops included). No polling timer: an idle window stays idle.
    """
    receiver, sender, read, keep = _wakeup_ends()
    notifier = QtCore.QSocketNotifier(receiver, QtCore.QSocketNotifier.Type.Read, app)

    def drain() -> None:  # the handler itself has run by the time this Python code does
        with contextlib.suppress(OSError):
            while read(64):
                pass

    notifier.activated.connect(drain)
    signal.set_wakeup_fd(sender, warn_on_full_buffer=False)
    for number in QUIT_SIGNALS:
        # Through a zero timer: before the loop runs, quit() alone would do nothing.
        signal.signal(number, lambda *_: QtCore.QTimer.singleShot(0, QApplication.quit))
    # Kept alive with the app; a Python attribute QApplication does not declare.
    setattr(app, "_quit_signal_ends", (keep, notifier))  # noqa: B010


def _wakeup_ends() -> tuple[int, int, Callable[[int], bytes], object]:
    """The receiving and sending file descriptors of a non-blocking pipe, how to read the
    receiving end, and what must stay open. On Windows the wake-up must be a socket (a
    socket pair); elsewhere a pipe spares start-up importing ``socket`` (~4 ms)."""
    if os.name == "posix":
        receiver, sender = os.pipe()
        for end in (receiver, sender):
            os.set_blocking(end, False)
        return receiver, sender, lambda size: os.read(receiver, size), (receiver, sender)
    import socket

    pair = socket.socketpair()
    for sock in pair:
        sock.setblocking(False)
    return pair[0].fileno(), pair[1].fileno(), pair[0].recv, pair


def run(db: Path | None, demo: bool, startup_time: bool = False, tray: bool = False) -> int:
    app = application()
    quit_on_signals(app)
    if not demo:
        return _run_window(app, start(db, demo, tray=tray), startup_time)
    import tempfile

    # Removed on the way out however the loop ended (quit_on_signals makes a logout's
    # signal end it normally); a file the system still holds open is not worth an error.
    with tempfile.TemporaryDirectory(prefix=DEMO_PREFIX, ignore_cleanup_errors=True) as name:
        folder = Path(name)
        return _run_window(app, start(folder / DEMO_FILE, demo, demo_settings(folder), tray),
                           startup_time)


def _run_window(app: QApplication, window: MainWindow, startup_time: bool) -> int:
    # Once the window is up, the dataclass code this start compiled is kept for the next
    # (core/generated_code.py; a few ms, once after the code changed).
    QtCore.QTimer.singleShot(KEEP_CODE_AFTER_MS, generated_code.keep)
    if startup_time:
        return _startup_time(app, window)
    code = app.exec()
    window.runback.close()
    if window.failure is not None:  # damage found after the paint: one line, exit 2
        raise window.failure
    return code
