"""The main window: Today, one tab per stage, Progress and Physio, and the File menu."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMainWindow, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from core import startup
from core.changes import Area, Changes
from core.errors import FileInUse, RunbackError
from core.model import Stage
from core.runback import Runback
from ui.auto_backup import AutoBackup
from ui.common import Operations, alert
from ui.setup_gate import SetupGate
from ui.today_tab import TodayTab
from ui.undo import UndoHistory

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from ui.reminders import Reminders

FILE = {Area.FILE}
# The rest of the file is read after the first paint, this long at a time between two
# turns of the event loop: the window answers meanwhile (docs/PERFORMANCE.md).
READ_SLICE_SECONDS = 0.005
DEFAULT_SIZE = (1100, 760)


class MainWindow(QMainWindow):
    def __init__(self, runback: Runback, settings: QSettings | None = None):
        """The window of ``runback``'s file: every tab, action and shortcut works."""
        super().__init__()
        self.ops = Operations(runback)
        self._owed: dict[QWidget, frozenset[Area]] = {}  # changes a hidden view has not shown
        self.settings = settings or QSettings()
        self._setup_ui()
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.auto_backup = AutoBackup(self.ops, self.settings,
                                      lambda text: self.statusBar().showMessage(text, 8000))
        self._connect_signals()
        self._add_actions()
        self._day = runback.today
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(60_000)
        self.day_timer.timeout.connect(self.check_new_day)
        self.day_timer.start()
        self.refresh(_changes(FILE))
        # After the first refresh: a restored tab other than Today is built and drawn once.
        self._restore_tab()
        if self.tabs.currentWidget() is self.today_tab:  # the check-in owed first
            self.today_tab.check_in.pain.setFocus()
        if runback.needs_setup:
            QTimer.singleShot(0, self.run_setup)
        # The writer (sqlite-utils) loads on the first save, not on a thread after the
        # paint: that import held the interpreter 30-57 ms at a time while the window read
        # the rest of the file (python -m bench, "longest event-loop stall"); the first save
        # of a session waits for it once instead (core/file/store.py ``Store.db``).
        self._after_paint: list[Callable[[], object]] = []
        self._reminders: Reminders | None = None  # built after the paint (``reminders``)
        self._after_paint.append(lambda: self.reminders.start())
        # What Today was drawn from may be only the first view (core/rules/reach.py): the
        # rest of the file is read in slices after the paint (``_read_more``).
        self.failure: RunbackError | None = None  # damage found in that read, if any
        self._reader = QTimer(self)
        self._reader.setInterval(0)
        self._reader.timeout.connect(self._read_more)
        if not runback.all_read:
            self._after_paint.append(self._reader.start)
        else:
            self._after_paint.append(startup.settled)  # core/startup.py

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._after_paint:
            for then in self._after_paint:
                QTimer.singleShot(0, then)
            self._after_paint.clear()

    def _read_more(self) -> None:
        """One slice of the rest of the file; once all is read, Today is checked against
        it (equal by design: tests/core/test_first_view.py) and redrawn only if not."""
        runback = self.runback
        try:
            done = runback.read_more(READ_SLICE_SECONDS)
        except RunbackError as error:
            self._reader.stop()
            startup.settled()
            self._read_failed(error)
            return
        if done:
            self._reader.stop()
            startup.settled()  # the whole file in memory: collect from now on
            QTimer.singleShot(0, self._check_today)

    def _check_today(self) -> None:
        """Today from the whole file, against the first view's (a turn of its own)."""
        if self.runback.all_read:
            card = self.runback.today_card()
            if self.today_tab.shown_card != card:
                self.show_frame(card)
                self.today_tab.show_card(card)

    def _read_failed(self, error: RunbackError) -> None:
        """Damage found past the first view: the file is closed, its newest good backup
        offered and opened if restored; otherwise the window closes with the reason (the
        app then exits 2 with it in one line, as for damage found before the paint)."""
        from ui.empty_file import HEADLESS

        runback = self.runback
        path = runback.path
        runback.close()
        if path is not None and QtWidgets.QApplication.platformName() not in HEADLESS:
            if self._restored_backup(error) and self.switch_to(lambda: Runback.open(path),
                                                               offer_backup=False,
                                                               close_old=False):
                return
            alert(self, "Runback", str(error))
        self.failure = error
        self.close()

    # --- building -----------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle("Runback")
        self._fit_screen()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sections")
        self.tabs.setDocumentMode(True)
        self.setup_gate = SetupGate()
        self.today_tab = TodayTab(self.ops)
        self.tabs.addTab(self.today_tab, "Today")
        # The other views are built the first time they are shown (or asked for): the
        # window is usable sooner, and a view nobody opens costs nothing.
        self._pages: dict[object, QWidget] = {}
        self._views: dict[object, QWidget] = {}
        for key, (_, _, title) in VIEWS.items():
            page = QWidget() if key == "progress" else _scroll_area()
            if key == "progress":
                QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[key] = page
            self.tabs.addTab(page, title)
        self.setCentralWidget(_with_setup_gate(self.tabs, self.setup_gate))
        self.setAcceptDrops(True)  # watch files dropped on the window are imported
        self._setup_menus()
        self.statusBar().setAccessibleName("Status")

    def _fit_screen(self) -> None:
        """1100 × 760, or the whole screen where that is smaller (a laptop at 2× scale
        is 960 × 540): every tab scrolls rather than be cut off."""
        screen = self.screen().availableGeometry()
        self.resize(min(DEFAULT_SIZE[0], screen.width()), min(DEFAULT_SIZE[1], screen.height()))

    def view(self, key) -> QWidget:
        """The view of a tab (a Stage, "progress" or "physio"), built on first use."""
        if key not in self._views:
            module, name, _ = VIEWS[key]
            view = getattr(importlib.import_module(module), name)(self.ops)
            page = self._pages[key]
            if isinstance(page, QScrollArea):
                page.setWidget(view)
            else:
                layout = page.layout()
                assert layout is not None  # a page that is not a scroll area has a layout
                layout.addWidget(view)
            self._views[key] = view
            view.setEnabled(not self.runback.needs_setup)  # ui/setup_gate.py
            if key == "physio":
                view.export_requested.connect(self.export)
            view.refresh(_changes(FILE))
        return self._views[key]

    @property
    def stage_tabs(self) -> dict[int, QWidget]:
        return {stage: self.view(stage) for stage in Stage}

    @property
    def progress_tab(self) -> QWidget:
        return self.view("progress")

    @property
    def physio_tab(self) -> QWidget:
        return self.view("physio")

    @property
    def views(self) -> tuple[QWidget, ...]:
        """The views built so far."""
        return (self.today_tab, *self._views.values())

    def _setup_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("&File")
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.log_menu = self.menuBar().addMenu("&Log")
        self.help_menu = self.menuBar().addMenu("&Help")

    def _add_actions(self) -> None:
        keys = QtGui.QKeySequence
        self.new_action = self._action(self.file_menu, "&New runner file…", self.new_file,
                                       keys.StandardKey.New)
        self.open_action = self._action(self.file_menu, "&Open…", self.open_file,
                                        keys.StandardKey.Open)
        self.import_action = self._action(self.file_menu, "&Import from a watch…",
                                          self.import_from_watch, keys("Ctrl+I"))
        self.export_action = self._action(self.file_menu, "&Export for the physio…",
                                          self.export, keys("Ctrl+E"))
        self.export_csv_action = self._action(self.file_menu, "Export CS&V files…",
                                              self.export_csv)
        self.physio_copy_action = self._action(self.file_menu, "Send to &physio…",
                                               self.send_to_physio)
        self.backups_action = self._action(self.file_menu, "&Backups…", self.show_backups)
        self.reminders_action = self._action(self.file_menu, "&Reminders…",
                                             self.show_reminders)
        self.file_menu.addSeparator()
        self._action(self.file_menu, "&Quit", self.close, keys.StandardKey.Quit)
        self.rules_action = self._action(self.help_menu, "The &rules and their sources…",
                                         self.show_rules, keys.StandardKey.HelpContents)
        self._action(self.help_menu, "About the &load guidance", self.show_load_help)
        self._action(self.help_menu, "&Keyboard shortcuts", self.show_shortcuts)
        self._action(self.help_menu, "&About Runback", self.show_about)
        self.history = UndoHistory(self, self.ops, self.edit_menu)  # ui/undo.py
        self.check_in_action = self._action(self.log_menu, "&Check in", self.focus_check_in,
                                            keys("Ctrl+K"))
        self.log_session_action = self._action(self.log_menu, "&Log a session",
                                               self.focus_log_session, keys("Ctrl+L"))
        self.journal_action = self._action(self.log_menu, "&Journal…", self.show_journal,
                                           keys("Ctrl+J"))

    def _action(self, menu, text, slot, shortcut=None) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        # setShortcuts, never setShortcut: the first setShortcut call makes PySide build
        # ~100 enum classes to pick its overload (Qt.Key among them: 15–25 ms of start-up).
        # A standard key gets every binding the platform has for it.
        if isinstance(shortcut, QtGui.QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcuts([shortcut])
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self._tab_shown)
        self.ops.data_changed.connect(self.refresh)
        self.ops.notice.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.today_tab.open_stage.connect(
            lambda stage: self.tabs.setCurrentIndex(self._page_index(stage)))
        self.today_tab.setup_requested.connect(self.run_setup)
        self.setup_gate.requested.connect(self.run_setup)

    # --- state --------------------------------------------------------------------------

    def tab_index(self, view: QWidget) -> int:
        """The tab showing ``view``."""
        if view is self.today_tab:
            return 0
        for key, built in self._views.items():
            if built is view:
                return self._page_index(key)
        return -1

    def _page_index(self, key) -> int:
        return 1 + list(self._pages).index(key)  # tab 0 is Today

    def show_view(self, view: QWidget) -> None:
        self.tabs.setCurrentIndex(self.tab_index(view))

    @property
    def runback(self) -> Runback:
        return self.ops.runback

    @property
    def reminders(self) -> Reminders:
        """The tray's reminders (ui/reminders.py), built on first use: after the paint, or
        when the setup or the menu asks (the tray itself only if reminders are on)."""
        if self._reminders is None:
            from ui.reminders import Reminders

            self._reminders = Reminders(self, self.settings)
            self.day_timer.timeout.connect(self._reminders.check)  # after check_new_day
        return self._reminders

    def refresh(self, changes: Changes) -> None:
        """Mark the current stage's tab and let every view redraw what it shows."""
        self.show_frame(self.runback.frame_card())
        self._show_setup_gate()
        # Only the view on screen redraws now; the others catch up when they are shown,
        # so a tick costs one view's redraw, not eight.
        current = self._current_view()
        for view in self.views:
            if view is current:
                _refresh(view, changes)
            else:
                self._owed[view] = self._owed.get(view, frozenset()) | changes.areas

    def show_frame(self, card: dict) -> None:
        """The window title and the stage tabs' labels (core/today_card.py).

        Only a label that changed is set: setting a tab's text, even the same, lays the
        tab bar out again and repaints the whole window (~1 ms of every save)."""
        tabs = self.tabs
        for stage, (text, tip) in enumerate(card["tabs"], start=1):
            index = self._page_index(stage)
            if tabs.tabText(index) != text:
                tabs.setTabText(index, text)
            if tabs.tabToolTip(index) != tip:
                tabs.setTabToolTip(index, tip)
        self.setWindowTitle(card["title"])

    def _current_view(self) -> QWidget:
        index = self.tabs.currentIndex()
        return self.today_tab if index <= 0 else self.view(list(self._pages)[index - 1])

    def _show_setup_gate(self) -> None:
        self.setup_gate.show_for(self.runback.needs_setup, self.tabs.currentIndex() <= 0,
                                 tuple(self._views.values()))

    def _tab_shown(self) -> None:
        self._show_setup_gate()
        view = self._current_view()
        if view in self._owed:
            _refresh(view, _changes(self._owed.pop(view)))

    def check_new_day(self) -> None:
        """Left open overnight, the window moves on to the new day's prescription."""
        if self.runback.today != self._day:
            self._day = self.runback.today
            self.runback.refresh()
            self.refresh(_changes({Area.DAY}))

    def _restore_tab(self) -> None:
        index = saved_tab(self.settings)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.auto_backup.closing()  # while the file is still open
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        super().closeEvent(event)

    # --- file actions -------------------------------------------------------------------

    def run_setup(self) -> None:
        if not self.runback.needs_setup:
            return
        from ui.setup_dialog import SetupDialog

        dialog = SetupDialog(self.ops, self, self.reminders)
        dialog.open()

    def new_file(self) -> None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "New runner file", str(self._folder()), "Runback files (*.db)")
        if name:
            path = Path(name if name.endswith(".db") else name + ".db")
            self.switch_to(lambda: Runback.create(path))

    def open_file(self) -> None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Open a runner file", str(self._folder()), "Runback files (*.db);;All files (*)")
        if name:
            from ui.empty_file import open_or_recreate

            self.switch_to(lambda: open_or_recreate(self, Path(name)))

    def switch_to(self, opener, offer_backup: bool = True, close_old: bool = True) -> bool:
        """Open or create another runner file; on failure keep the current one open.

        A damaged file offers its newest good backup (once), and opens that if taken."""
        try:
            runback = opener()
        except FileInUse as error:
            current = self.runback.path
            same = current is not None and Path(error.path).resolve() == current.resolve()
            alert(self, "Runback", f"{current} is the file open in this window." if same
                  else str(error))
            return False
        except RunbackError as error:
            if offer_backup and self._restored_backup(error):
                return self.switch_to(opener, offer_backup=False)
            alert(self, "Runback", str(error))
            return False
        try:
            runback.read_all()  # damage shows here, not mid-redraw
        except RunbackError as error:
            runback.close()
            if offer_backup and self._restored_backup(error):
                return self.switch_to(opener, offer_backup=False)
            alert(self, "Runback", str(error))
            return False
        if close_old:
            self.auto_backup.closing()
        self.ops.replace(runback, close_old=close_old)
        self.statusBar().showMessage(f"Opened {runback.path}", 8000)
        if runback.needs_setup:
            self.run_setup()
        return True

    def _folder(self) -> Path:
        path = self.runback.path
        return path.parent if path else Path.home()

    def _restored_backup(self, error: RunbackError) -> bool:
        """A damaged file: whether its newest good backup was offered and restored."""
        from ui.backups_dialog import offer_backup

        return offer_backup(self, error)

    def show_backups(self) -> None:
        from ui.backups_dialog import BackupsDialog

        self.backups_dialog = BackupsDialog(self)
        self.backups_dialog.open()

    def show_reminders(self) -> None:
        from ui.reminders_dialog import RemindersDialog

        self.reminders_dialog = RemindersDialog(self.reminders, self)
        self.reminders_dialog.open()

    def import_from_watch(self) -> None:
        from ui.watch_import import choose_paths

        self.import_paths(choose_paths(self))

    def import_paths(self, paths: list[Path]) -> None:
        """Watch files (chosen, or dropped on the window) read, reviewed and saved:
        ui/watch_import.py."""
        from ui.watch_import import ImportFlow, paths_of

        if paths:
            self.import_flow = ImportFlow(self, self.ops, paths_of(paths))

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile()
                                              for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls()
                 if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_paths(paths))  # after the drop

    def export(self) -> None:
        """The physio's default: an xlsx workbook."""
        from ui.export_action import export_with_dialog

        export_with_dialog(self, self.ops, settings=self.settings)

    def export_csv(self) -> None:
        from ui.export_action import export_with_dialog

        export_with_dialog(self, self.ops, "csv", self.settings)

    def send_to_physio(self) -> None:
        from ui.physio_copy import send_to_physio

        send_to_physio(self, self.ops)

    def show_rules(self) -> None:
        from ui.rules_dialog import RulesDialog  # only when asked for

        self.rules_dialog = RulesDialog(self)
        self.rules_dialog.show()

    def show_load_help(self) -> None:
        from core.rules.metrics import (
            load_guidance,  # the wording lives in core, in the plan's numbers
        )

        QtWidgets.QMessageBox.information(self, "About the load guidance",
                                          load_guidance(self.ops.runback.protocol))

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, "About Runback", ABOUT)

    # --- keyboard -----------------------------------------------------------------------

    def focus_check_in(self) -> None:
        """Ctrl+K: Today's check-in, its pain ready to type over; Enter saves."""
        self.tabs.setCurrentIndex(0)
        _focus(self.today_tab.check_in.form.first_field())

    def focus_log_session(self) -> None:
        """Ctrl+L: the current stage's tab, in its form's first field; Enter saves."""
        view = self.view(self.runback.stage)
        self.show_view(view)
        _focus(log_field(view))

    def show_journal(self) -> None:
        """Ctrl+J: every day's entries, to read, edit or delete (ui/journal.py)."""
        from ui.journal import JournalDialog

        self.journal = JournalDialog(self.ops, self)
        self.journal.show()

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts: every action's keys, read from the actions."""
        rows = [(action.text().replace("&", "").rstrip("…"),
                 ", ".join(key.toString(QtGui.QKeySequence.SequenceFormat.NativeText)
                           for key in action.shortcuts()))
                for menu in (self.file_menu, self.edit_menu, self.log_menu, self.help_menu)
                for action in menu.actions() if action.shortcuts()]
        rows += EXTRA_KEYS
        table = "".join(f"<tr><td>{what}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>"
                        for what, keys in rows)
        QtWidgets.QMessageBox.information(self, "Keyboard shortcuts",
                                          f"<table>{table}</table>")


class _View(Protocol):
    def refresh(self, changes: Changes, /) -> None: ...


def _refresh(view: QWidget, changes: Changes) -> None:
    """Every view (a tab's widget, built by name in ``view``) has ``refresh(changes)``;
    QWidget does not declare it."""
    cast(_View, view).refresh(changes)


# Keys that are not menu actions, for Help → Keyboard shortcuts.
EXTRA_KEYS = [("Save the form you are typing in", "Enter"),
              ("Next or previous field", "Tab, Shift+Tab"),
              ("Next or previous tab", "Ctrl+Tab, Ctrl+Shift+Tab")]


def log_field(view: QWidget) -> QWidget:
    """A stage tab's first field to log in: its log form's, else its first control (the
    strength checklist's first tick)."""
    form = getattr(view, "form", None) or getattr(view, "run_form", None)
    if form is not None:
        return form.first_field()
    rows = getattr(view, "rows", None)
    if rows:
        return next(iter(rows.values()))[0]
    return view


def _focus(widget: QWidget) -> None:
    widget.setFocus()
    select_all = getattr(widget, "selectAll", None)  # typing replaces what is there
    if callable(select_all):
        select_all()


def _with_setup_gate(tabs: QTabWidget, gate: SetupGate) -> QWidget:
    """The tabs under the band that asks for the first-run setup (hidden once done)."""
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(gate)
    layout.addWidget(tabs, 1)
    return central


def _scroll_area() -> QScrollArea:
    """A tab's page: it scrolls rather than force a large minimum window size."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def saved_tab(settings: QSettings) -> int:
    """The tab open when the window last closed (0: Today)."""
    # type=int makes QSettings return an int; PySide6's stubs type value() as object.
    return cast(int, settings.value("window/tab", 0, type=int))


def _changes(areas: set[Area] | frozenset[Area]) -> Changes:
    return Changes(frozenset(areas))


# Each tab's view, imported when first shown: start-up loads only what Today needs. The
# stages' keys are their numbers (core.model.Stage compares equal to them); their labels
# come from the frame card (show_frame; core/today_card.py).
VIEWS = {1: ("ui.calm_tab", "CalmTab", ""),
         2: ("ui.strength_tab", "StrengthTab", ""),
         3: ("ui.mechanics_tab", "MechanicsTab", ""),
         4: ("ui.return_tab", "ReturnTab", ""),
         5: ("ui.performance_tab", "PerformanceTab", ""),
         "progress": ("ui.progress_tab", "ProgressTab", "Progress"),
         "physio": ("ui.physio_tab", "PhysioTab", "Physio")}


ABOUT = ("<b>Runback</b><br>From knee pain back to running, one stage at a time, with honest "
         "numbers for your physiotherapist.<br><br>Your data stays in one file on this "
         "computer; Runback never uses the network.")
