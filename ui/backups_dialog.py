"""File → Backups…: the runner file's backups, to restore one or open one to look.

Also the offer a damaged file makes: restore its newest good backup (``offer_backup``).
A restore goes through the window's normal close and open: the file is closed (its lock
released), ``core.file.backups.restore`` backs it up and replaces it, and the window opens it
again, every view redrawn from the file.

"Open read-only to look" opens a temporary copy of the backup in a second window marked
"Read-only backup", whose every action is refused (``Operations.read_only``); the copy is
deleted when that window closes. A copy, not ``?mode=ro`` on the backup itself: an older
backup is upgraded when opened, and Runback keeps its file in WAL mode, and both write;
the copy lets the normal open path run while the backup stays byte-identical.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import NotARunbackFile, RunbackError
from core.file import backups
from ui.common import alert, button, fill_table, read_only_table, text_label
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from core.file.backups import BackupInfo
    from core.runback import Runback

HEADERS = ["Taken", "Days", "Sessions", "Last entry", "Size"]
READ_ONLY = ("This is a backup opened read-only to look: nothing can be saved here. To go "
             "on from it, restore it from File → Backups… in the runner's window.")


def confirm(parent: QWidget | None, text: str) -> bool:
    """Ask before a restore (tests replace this, as a person would answer)."""
    answer = QMessageBox.question(parent, "Restore a backup", text)
    return answer == QMessageBox.StandardButton.Yes


def ask_restore(parent: QWidget | None, text: str, offer: str) -> bool:
    """The damaged-file message with a button to restore the backup it names."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Runback", text, parent=parent)
    restore = box.addButton(offer, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class BackupsDialog(QDialog):
    """The backups of ``window``'s file, newest first; restore one or open one to look."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        self.looking: list[MainWindow] = []  # backups opened to look, kept alive
        self._setup_ui()
        self._connect_signals()
        self.refresh()

    @property
    def path(self) -> Path:
        path = self.window_.runback.path
        assert path is not None  # a window's file is on disk (in memory only in tests)
        return path

    def _setup_ui(self) -> None:
        self.setWindowTitle(f"Backups of {self.path.name}")
        self.setAccessibleName("Backups")
        self.resize(720, 420)
        settings = self.window_.auto_backup.settings
        self.about = text_label(
            f"Runback backs up this file into {backups.folder_of(self.path)}: after a change "
            f"at most every {settings.minimum_interval_minutes} minutes, and when it closes. "
            f"It keeps every backup of today and yesterday, then one a day for "
            f"{settings.daily} days, one a week for {settings.weekly} weeks and one a month "
            f"for {settings.monthly} months.", name="About backups")
        self.table = read_only_table("Backups", HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty = QLabel("No backups yet: the first is taken after your next entry.")
        self.empty.setAccessibleName("No backups")
        self.restore_button = button("&Restore…", "Restore")
        self.look_button = button("&Open read-only to look", "Open read-only to look")
        self.folder_button = button("Show &folder", "Show folder")
        self.now_button = button("&Back up now", "Back up now")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for widget in (self.restore_button, self.look_button, self.now_button,
                       self.folder_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self.restore_button.clicked.connect(self.restore_selected)
        self.look_button.clicked.connect(self.look_at_selected)
        self.folder_button.clicked.connect(lambda: open_folder(backups.folder_of(self.path)))
        self.now_button.clicked.connect(self.back_up_now)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.look_at_selected())

    def refresh(self) -> None:
        self.backups = backups.list_backups(self.path)
        fill_table(self.table, [_row(info) for info in self.backups])
        self.empty.setVisible(not self.backups)
        if self.backups:
            self.table.selectRow(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.restore_button.setEnabled(chosen)
        self.look_button.setEnabled(chosen)

    def back_up_now(self) -> None:
        try:
            taken = self.window_.runback.back_up(self.window_.auto_backup.settings)
        except RunbackError as error:
            alert(self, "Back up now", str(error))
            return
        self.window_.statusBar().showMessage(f"Backed up to {taken}.", 8000)
        self.refresh()

    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        if not confirm(self, f"Replace {self.path.name} by the backup of {info.describe()}?\n\n"
                             f"The file as it is now is backed up first, so this can be "
                             f"undone by restoring that backup."):
            return False
        if restore_into(self.window_, info.path):
            self.accept()
            return True
        self.refresh()
        return False

    def look_at_selected(self) -> MainWindow | None:
        info = self.selected()
        if info is None:
            return None
        try:
            window = open_to_look(info, self.window_.runback.clock)
        except RunbackError as error:
            alert(self, "Open a backup", str(error))
            return None
        self.looking.append(window)
        return window


def _row(info: BackupInfo) -> tuple[str, ...]:
    taken = info.describe().split(" (")[0] + (" (before a restore)" if info.before_restore
                                              else "")
    if info.problem:
        return (taken, "—", "—", f"unreadable: {info.problem}", _size(info.size_bytes))
    last = f"{info.last_entry.day} {info.last_entry:%b %Y}" if info.last_entry else "—"
    return (taken, str(info.days), str(info.sessions), last, _size(info.size_bytes))


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 ** 2:.1f} MB"


# --- restoring ----------------------------------------------------------------------------

def restore_into(window: MainWindow, backup: Path) -> bool:
    """Restore ``backup`` over ``window``'s file through the normal close and open; the
    window then shows the restored file. On failure the file is reopened as it was."""
    from core.runback import Runback

    old = window.ops.runback
    path, clock = old.path, old.clock
    assert path is not None  # a window's file is on disk (in memory only in tests)
    window.auto_backup.forget()  # restore() itself backs up the file as it is
    old.close()
    failure = None
    try:
        done = backups.restore(path, backup, clock())
    except RunbackError as error:
        failure, done = error, None
    try:
        fresh = Runback.open(path, clock=clock)
        fresh.read_all()  # damage shows here, not mid-redraw
    except RunbackError as error:
        alert(window, "Runback", f"{failure or ''} {error}".strip())
        window.close()
        return False
    window.ops.replace(fresh, close_old=False)
    if failure is not None:
        alert(window, "Restore a backup", str(failure))
        return False
    assert done is not None  # set whenever restore() raised nothing
    kept = done.kept or done.set_aside
    window.statusBar().showMessage(f"Restored the backup {backup.name}; the file as it was is "
                                   f"kept as {kept}." if kept else
                                   f"Restored the backup {backup.name}.", 15000)
    return True


def offer_backup(parent: QWidget | None, error: RunbackError) -> bool:
    """For a damaged file, offer its newest good backup; True once it is restored (the
    damaged file set aside beside it). False: no such backup, declined, or it failed
    (then the reason was shown)."""
    path = getattr(error, "path", None)
    if not isinstance(error, NotARunbackFile) or path is None:
        return False
    good = backups.newest_good(Path(path))
    if good is None:
        return False
    offer = f"Restore the backup of {good.describe()}"
    if not ask_restore(parent, f"{error}\n\nA good backup of this file was found. The "
                               f"damaged file will be kept beside it, renamed.", offer):
        return False
    try:
        backups.restore(Path(path), good.path)
    except RunbackError as failure:
        alert(parent, "Restore a backup", str(failure))
        return False
    return True


# --- a backup opened to look --------------------------------------------------------------

def open_to_look(info: BackupInfo, clock) -> MainWindow:
    """A read-only window on a temporary copy of the backup ``info``."""
    from core.runback import Runback

    folder = Path(tempfile.mkdtemp(prefix="runback-backup-"))  # 0700
    copy = folder / info.path.name
    try:
        backups.verify(info.path)
        shutil.copyfile(info.path, copy)
        os.chmod(copy, 0o600)
        runback = Runback.open(copy, clock=clock)
    except (OSError, RunbackError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, RunbackError):
            raise
        raise NotARunbackFile(info.path, f"Could not open {info.path}: {error}.") from None
    window = BackupWindow(runback, info, folder)
    window.show()
    return window


class BackupWindow(MainWindow):
    """A main window on a temporary copy of a backup: marked read-only, and every action
    refused with a message that says so."""

    def __init__(self, runback: Runback, info: BackupInfo, folder: Path):
        self.marker = f"Read-only backup of {info.describe().split(' (')[0]}"
        super().__init__(runback, QSettings(str(folder / "window.ini"),
                                            QSettings.Format.IniFormat))
        self.folder = folder
        self.ops.read_only = READ_ONLY
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in (self.new_action, self.open_action, self.backups_action):
            action.setEnabled(False)
        label = QLabel(f"<b>{self.marker}</b>: nothing can be saved here.")
        label.setAccessibleName("Read-only backup")
        self.statusBar().addPermanentWidget(label)
        self.show_frame(runback.frame_card())

    def show_frame(self, card: dict) -> None:
        super().show_frame(card)
        marker = getattr(self, "marker", "")
        if marker:
            self.setWindowTitle(f"{marker} — {card['title']}")

    def closeEvent(self, event) -> None:
        super().closeEvent(event)
        self.runback.close()
        shutil.rmtree(self.folder, ignore_errors=True)
