"""The main window: Today, one tab per stage, Progress and Physio, and the File menu."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import FileInUse, RunbackError
from core.model import Stage
from core.runback import Changes, Runback
from ui.common import Operations, alert
from ui.export_action import export_with_dialog
from ui.setup_dialog import SetupDialog
from ui.today_tab import TodayTab

SHORT_TITLES = {Stage.CALM: "Calm", Stage.STRENGTH: "Strength", Stage.MECHANICS: "Mechanics",
                Stage.RETURN_TO_RUN: "Return to run", Stage.PERFORMANCE: "Performance"}


class MainWindow(QMainWindow):
    def __init__(self, runback: Runback, settings: QSettings | None = None):
        super().__init__()
        self.ops = Operations(runback)
        self._owed: dict[QWidget, frozenset[str]] = {}  # changes a hidden view has not shown
        self.settings = settings or QSettings()
        self._setup_ui()
        self._connect_signals()
        self._day = runback.today
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(60_000)
        self.day_timer.timeout.connect(self.check_new_day)
        self.day_timer.start()
        self.refresh(Changes(frozenset({"file"})))
        # After the first refresh: a restored tab other than Today is built and drawn once.
        self._restore()
        if runback.needs_setup:
            QTimer.singleShot(0, self.run_setup)
        # The writer (sqlite-utils, ~80 ms to import) loads once the window is painted, so
        # the first tick does not wait for it.
        QTimer.singleShot(0, lambda: self.runback.store.db)

    # --- building -----------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.setWindowTitle("Runback")
        self.resize(1100, 760)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sections")
        self.tabs.setDocumentMode(True)
        self.today_tab = TodayTab(self.ops)
        self.tabs.addTab(self.today_tab, "Today")
        # The other views are built the first time they are shown (or asked for): the
        # window is usable sooner, and a view nobody opens costs nothing.
        self._pages: dict[object, QWidget] = {}
        self._views: dict[object, QWidget] = {}
        for key in VIEWS:
            page = QWidget() if key == "progress" else _scroll_area()
            if key == "progress":
                QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[key] = page
            self.tabs.addTab(page, _title(key))
        self.setCentralWidget(self.tabs)
        self._setup_menus()
        self.statusBar().setAccessibleName("Status")

    def view(self, key) -> QWidget:
        """The view of a tab (a Stage, "progress" or "physio"), built on first use."""
        if key not in self._views:
            module, name = VIEWS[key]
            view = getattr(importlib.import_module(module), name)(self.ops)
            page = self._pages[key]
            if isinstance(page, QScrollArea):
                page.setWidget(view)
            else:
                page.layout().addWidget(view)
            self._views[key] = view
            if key == "physio":
                view.export_requested.connect(self.export)
            view.refresh(Changes(frozenset({"file"})))
        return self._views[key]

    @property
    def stage_tabs(self) -> dict[Stage, QWidget]:
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
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = self._action(file_menu, "&New runner file…", QKeySequence.StandardKey.New,
                                       self.new_file)
        self.open_action = self._action(file_menu, "&Open…", QKeySequence.StandardKey.Open,
                                        self.open_file)
        self.export_action = self._action(file_menu, "&Export CSV summary…",
                                          QKeySequence("Ctrl+E"), self.export)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "About the &load guidance", None, self.show_load_help)
        self._action(help_menu, "&About Runback", None, self.show_about)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
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

    def refresh(self, changes: Changes) -> None:
        """Mark the current stage's tab and let every view redraw what it shows."""
        stage = None if self.runback.needs_setup else self.runback.stage
        for each in Stage:
            index = self._page_index(each)
            current = each is stage
            self.tabs.setTabText(index, f"▶ {_title(each)}" if current else _title(each))
            self.tabs.setTabToolTip(index, f"Stage {int(each)}: {each.title}"
                                           + (" (your current stage)" if current else ""))
        path = self.runback.store.path
        self.setWindowTitle(f"Runback — {path.name}" if path else "Runback")
        # Only the view on screen redraws now; the others catch up when they are shown,
        # so a tick costs one view's redraw, not eight.
        current = self._current_view()
        for view in self.views:
            if view is current:
                view.refresh(changes)
            else:
                self._owed[view] = self._owed.get(view, frozenset()) | changes.areas

    def _current_view(self) -> QWidget:
        index = self.tabs.currentIndex()
        return self.today_tab if index <= 0 else self.view(list(self._pages)[index - 1])

    def _tab_shown(self) -> None:
        view = self._current_view()
        if view in self._owed:
            view.refresh(Changes(self._owed.pop(view)))

    def check_new_day(self) -> None:
        """Left open overnight, the window moves on to the new day's prescription."""
        if self.runback.today != self._day:
            self._day = self.runback.today
            self.runback.refresh()
            self.refresh(Changes(frozenset({"day"})))

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        index = self.settings.value("window/tab", 0, type=int)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        super().closeEvent(event)

    # --- file actions -------------------------------------------------------------------

    def run_setup(self) -> None:
        if not self.runback.needs_setup:
            return
        dialog = SetupDialog(self.ops, self)
        dialog.open()

    def new_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New runner file", str(self._folder()),
                                              "Runback files (*.db)")
        if name:
            path = Path(name if name.endswith(".db") else name + ".db")
            self.switch_to(lambda: Runback.create(path))

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a runner file", str(self._folder()),
                                              "Runback files (*.db);;All files (*)")
        if name:
            self.switch_to(lambda: Runback.open(Path(name)))

    def switch_to(self, opener) -> bool:
        """Open or create another runner file; on failure keep the current one open."""
        try:
            runback = opener()
        except FileInUse as error:
            current = self.runback.store.path
            same = current is not None and Path(error.path).resolve() == current.resolve()
            alert(self, "Runback", f"{current} is the file open in this window." if same
                  else str(error))
            return False
        except RunbackError as error:
            alert(self, "Runback", str(error))
            return False
        try:
            runback.log  # noqa: B018 - read it all now: damage shows here, not mid-redraw
        except RunbackError as error:
            runback.close()
            alert(self, "Runback", str(error))
            return False
        self.ops.replace(runback)
        self.statusBar().showMessage(f"Opened {runback.store.path}", 8000)
        if runback.needs_setup:
            self.run_setup()
        return True

    def _folder(self) -> Path:
        path = self.runback.store.path
        return path.parent if path else Path.home()

    def export(self) -> None:
        export_with_dialog(self, self.ops)

    def show_load_help(self) -> None:
        QMessageBox.information(self, "About the load guidance", LOAD_HELP)

    def show_about(self) -> None:
        QMessageBox.about(self, "About Runback", ABOUT)


def _scroll_area() -> QScrollArea:
    """A tab's page: it scrolls rather than force a large minimum window size."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _title(key) -> str:
    return f"{int(key)} {SHORT_TITLES[key]}" if isinstance(key, Stage) else key.capitalize()


# Each tab's view, imported when first shown: start-up loads only what Today needs.
VIEWS = {Stage.CALM: ("ui.calm_tab", "CalmTab"),
         Stage.STRENGTH: ("ui.strength_tab", "StrengthTab"),
         Stage.MECHANICS: ("ui.mechanics_tab", "MechanicsTab"),
         Stage.RETURN_TO_RUN: ("ui.return_tab", "ReturnTab"),
         Stage.PERFORMANCE: ("ui.performance_tab", "PerformanceTab"),
         "progress": ("ui.progress_tab", "ProgressTab"),
         "physio": ("ui.physio_tab", "PhysioTab")}


LOAD_HELP = (
    "Session load is minutes × effort (0–10). Weekly load is compared week on week and as "
    "an acute:chronic ratio (the last 7 days against the average week of the last 28).\n\n"
    "Runback flags a rise of more than 10 % on last week, more than 30 % over two weeks (a "
    "rise linked to distance-related injuries in novice runners, Nielsen 2014), and a ratio "
    "above 1.3 or 1.5 (Gabbett 2016).\n\n"
    "These are guides, not predictions: the 10 % rule did not reduce injuries in a trial "
    "(Buist 2008), and the ratio is criticised (Lolli 2019, Impellizzeri 2020). Use them to "
    "notice sudden jumps, and talk them over with your physio.")
ABOUT = ("<b>Runback</b><br>From knee pain back to running, one stage at a time, with honest "
         "numbers for your physiotherapist.<br><br>Your data stays in one file on this "
         "computer; Runback never uses the network.")
