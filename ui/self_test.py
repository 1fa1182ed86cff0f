"""``runback --self-test``: prove this copy of Runback works, from source or from the bundle.

It starts the app offscreen on a demo runner's file in a temporary folder, shows the real
main window, renders every tab (Progress too, so pyqtgraph loads and every chart draws),
exports the physio's CSVs and workbook and checks them. One line per check goes to stdout; the first
failure prints one line to stderr and the exit status is 1. Nothing is left behind: the
file, the export and the window settings live in the temporary folder, never in the
user's app-data or settings.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

DEMO_WEEKS = 8
BOM = b"\xef\xbb\xbf"
EXIT_FAILED = 1


class SelfTestFailure(Exception):
    """A check that did not hold; the message says which and why, in one line."""


class _Watch:
    """Collects what Qt and Python report while the window runs.

    Qt calls Python overrides (``showEvent``, slots) from C++; an exception there is
    printed and swallowed, so the self-test would pass over a broken chart. Warnings and
    errors are collected here and fail the check that caused them.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._previous_hook = sys.excepthook
        self._previous_handler: Callable[[QtMsgType, QMessageLogContext, str], Any] | None = None

    def __enter__(self) -> _Watch:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        from ui.app import HARMLESS

        serious = {QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg}

        def on_message(kind, context, message: str) -> None:
            if kind in serious and message not in HARMLESS:
                self.problems.append(f"Qt: {message}")
            if self._previous_handler is not None:
                self._previous_handler(kind, context, message)

        def on_exception(kind, error, traceback) -> None:
            # PySide may already have written "Error calling Python override of …: "
            # without an end of line; this completes it rather than print a traceback.
            self.problems.append(f"{kind.__name__}: {error}")
            print(self.problems[-1], file=sys.stderr, flush=True)

        self._previous_handler = qInstallMessageHandler(on_message)
        sys.excepthook = on_exception
        return self

    def __exit__(self, *exc_info) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        sys.excepthook = self._previous_hook
        qInstallMessageHandler(self._previous_handler)

    def settle(self, step: str) -> None:
        """Let Qt run pending events and paints; fail ``step`` if anything went wrong."""
        from PySide6.QtWidgets import QApplication

        try:
            for _ in range(3):
                QApplication.processEvents()
        except Exception as error:  # PySide re-raises an override's error here too
            if not self.problems:
                self.problems.append(f"{type(error).__name__}: {error}")
        if self.problems:
            first = self.problems[0].splitlines()[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            self.problems.clear()
            raise SelfTestFailure(f"{step}: {first}{more}")


def _report(line: str) -> None:
    print(f"ok   {line}", flush=True)


def _render(widget, step: str) -> str:
    """Paint ``widget`` into an image, as the screen would; its size as text."""
    image = widget.grab()
    if image.isNull() or image.width() == 0 or image.height() == 0:
        raise SelfTestFailure(f"{step}: the widget painted nothing")
    return f"{image.width()}×{image.height()}"


def check_window(runback, settings, watch: _Watch) -> None:
    """Show the main window and render each of its tabs, the charts included."""
    from ui.main_window import MainWindow

    window = MainWindow(runback, settings)
    try:
        _visit(window, watch)
    except BaseException:
        window.close()
        raise
    window.close()
    watch.settle("closing the window")


def check_start(path: Path, settings, watch: _Watch) -> None:
    """Started again as the app starts (ui/app.start), the window draws Today from the
    file, and nothing is left beside the file after it closes."""
    from ui.app import start

    settings.setValue("window/tab", 0)
    window = start(path, demo=False, settings=settings)
    try:
        watch.settle("starting the app on the file")
        headline = window.today_tab.headline.text()
        if not headline or headline != window.runback.today_card()["today"]["headline"]:
            raise SelfTestFailure(f"starting the app: Today reads {headline!r}, not the file's")
        _report(f"app started on the file, Today drawn: {headline}")
    finally:
        window.close()
        window.runback.close()
    beside = sorted(p.name for p in path.parent.glob(path.name + "?*"))
    if beside:
        raise SelfTestFailure(f"closing the file left {', '.join(beside)} beside it")


def _visit(window, watch: _Watch) -> None:
    window.show()
    watch.settle("showing the main window")
    _report(f"main window shown: {window.windowTitle()}")
    tabs = window.tabs
    for index in range(tabs.count()):
        name = tabs.tabText(index).lstrip("▶ ")
        tabs.setCurrentIndex(index)
        watch.settle(f"opening the {name} tab")
        size = _render(tabs.currentWidget(), f"the {name} tab")
        watch.settle(f"painting the {name} tab")
        _report(f"tab {name} rendered ({size})")
    check_charts(window.progress_tab, watch)


def check_charts(progress, watch: _Watch) -> None:
    """Every Progress chart was built with pyqtgraph and paints a plot or its message."""
    pyqtgraph = sys.modules.get("pyqtgraph")
    if pyqtgraph is None or not progress.built:
        raise SelfTestFailure("the Progress tab did not build its charts (pyqtgraph not loaded)")
    drawn = []
    for panel in progress.panels:
        if panel.plot is None:
            raise SelfTestFailure(f"the {panel.title} chart has no plot")
        _render(panel.box, f"the {panel.title} chart")
        drawn.append(panel.title if panel.tracks else f"{panel.title} (message)")
    watch.settle("painting the charts")
    _report(f"{len(drawn)} charts painted with pyqtgraph {pyqtgraph.__version__}: "
            + ", ".join(drawn))


def check_export(runback, folder: Path) -> None:
    """The physio's four CSVs, named with the runner and the date: written, UTF-8 with BOM,
    the documented header, rows; then the workbook."""
    from core.exchange.export import (
        CHECKINS_COLUMNS,
        SCORES_COLUMNS,
        SESSIONS_COLUMNS,
        SUMMARY_COLUMNS,
        export,
        export_names,
    )

    names = export_names(runback, "csv")
    written = {path.name for path in export(runback, folder)}
    for name in names:
        if name not in written or not (folder / name).is_file():
            raise SelfTestFailure(f"export: {name} was not written")
    columns = (SUMMARY_COLUMNS, SESSIONS_COLUMNS, SCORES_COLUMNS, CHECKINS_COLUMNS)
    for name, header, least, rows_are in zip(names, columns, (DEMO_WEEKS, 1, 1, DEMO_WEEKS),
                                             ("weekly rows", "rows", "rows", "check-ins"),
                                             strict=True):
        rows = _read_csv(folder / name, header)
        if len(rows) < least:
            raise SelfTestFailure(f"export: {name} has {len(rows)} {rows_are}, expected at "
                                  f"least {least}")
        _report(f"{name}: UTF-8 with BOM, documented header, {len(rows)} {rows_are}")
    check_workbook(runback, folder)


SHEETS = ("summary", "sessions", "scores", "checkins")


def check_workbook(runback, folder: Path) -> None:
    """The physio's default, the xlsx workbook: written (XlsxWriter is in this copy), a
    zip holding the four sheets."""
    import zipfile

    from core.exchange.export import export

    (written,) = export(runback, folder, "xlsx")
    try:
        with zipfile.ZipFile(written) as book:
            sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
            names = book.read("xl/workbook.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise SelfTestFailure(f"export: {written.name} cannot be read ({error})") from None
    missing = [sheet for sheet in SHEETS if f'name="{sheet}"' not in names]
    if len(sheets) != len(SHEETS) or missing:
        raise SelfTestFailure(f"export: {written.name} has {len(sheets)} sheets, not "
                              f"{len(SHEETS)} ({', '.join(missing) or 'none'} missing)")
    _report(f"{written.name}: {', '.join(SHEETS[:-1])} and {SHEETS[-1]} sheets")


WATCH_FILES = ("walk-run.fit", "run.gpx", "ride.tcx")  # resources/watch: the writers' own


def check_watch_import(folder: Path) -> None:
    """A FIT, a GPX and a TCX file (resources/watch, written by fit-tool, gpxpy and a
    template: tests/core/test_watch_sample_files.py) read by this copy's fitdecode, gpxpy
    and defusedxml, and imported into a runner's file of their own: a walk–run with its
    rounds and cadence, a run, a ride as cross-training."""
    import dataclasses
    import datetime as dt

    from core.exchange.watch import WatchFiles
    from core.model import SessionKind, Stage
    from core.resources import resource_path
    from core.runback import Runback

    # The files are of 4 March 2026, 08:00–17:20 UTC: the programme starts two days
    # before, and the import happens the day after (in any time zone).
    today = [dt.date(2026, 3, 2)]
    runback = Runback.create(folder / "watch.db",
                             clock=lambda: dt.datetime.combine(today[0], dt.time(12))
                             .astimezone())
    try:
        runback.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
        runback.set_stage(Stage.RETURN_TO_RUN, "self-test")
        steps, rounds = _workout_steps(runback, folder)
        today[0] = dt.date(2026, 3, 5)
        saved = []
        with WatchFiles([resource_path(f"watch/{name}") for name in WATCH_FILES],
                        runback.clock()) as files:
            for read in files:
                if read.activity is None:
                    raise SelfTestFailure(f"watch import: {read.message}")
                proposal = runback.import_proposal(read.activity)
                runback.save_import(dataclasses.replace(proposal, pain_during=1, effort=4))
                saved.append(f"{read.source.name} as {proposal.kind.value}")
        (walk_run,) = runback.log.sessions_of(SessionKind.WALK_RUN)
        kinds = {session.kind for session in runback.log.sessions}
        if (walk_run.rounds, walk_run.cadence) != (3, 166) or kinds != {
                SessionKind.WALK_RUN, SessionKind.RUN, SessionKind.CROSS_TRAINING}:
            raise SelfTestFailure(f"watch import: read {', '.join(saved)}; the walk–run has "
                                  f"{walk_run.rounds} rounds at cadence {walk_run.cadence}")
    finally:
        runback.close()
    _report(f"watch files imported (fitdecode, gpxpy, defusedxml): {', '.join(saved)}; "
            f"the walk–run's {walk_run.rounds} rounds at {walk_run.cadence} steps/min")
    _report(f"today's walk–run written as a watch workout (fit-tool) and read back "
            f"(fitdecode): {steps} steps, {rounds} rounds")


def _workout_steps(runback, folder: Path) -> tuple[int, int]:
    """Today's walk–run (level 1 on the first day of stage 4) as a FIT workout, read back:
    its steps (warm-up, run, walk, repeat, cool-down) and rounds."""
    import fitdecode

    from core.exchange.watch.workout import todays_workout, write_workout

    workout = todays_workout(runback)
    written = write_workout(workout, folder / workout.file_name)
    with fitdecode.FitReader(written) as fit:
        steps = [frame for frame in fit if isinstance(frame, fitdecode.FitDataMessage)
                 and frame.name == "workout_step"]
    if len(steps) != 5:
        raise SelfTestFailure(f"watch workout: {len(steps)} steps read back, not 5")
    return len(steps), workout.rounds


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[list[str]]:
    raw = path.read_bytes()
    if not raw.startswith(BOM):
        raise SelfTestFailure(f"export: {path.name} does not start with the UTF-8 BOM")
    rows = list(csv.reader(raw[len(BOM):].decode("utf-8").splitlines()))
    if not rows or tuple(rows[0]) != columns:
        raise SelfTestFailure(f"export: {path.name} does not have the documented header")
    return rows[1:]


def _run(folder: Path) -> None:
    from PySide6.QtCore import QSettings

    from core.exchange.demo import create_demo
    from core.runback import Runback
    from ui.app import application

    app = application()
    # Window geometry and last tab go to a file of our own, never the user's settings.
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    path = folder / "demo.db"
    create_demo(path, DEMO_WEEKS).close()  # lived on the demo's clock; reopen on today's
    runback = Runback.open(path)
    try:
        weeks = len(runback.weekly_rows())
        _report(f"{DEMO_WEEKS}-week demo journey created ({weeks} ISO weeks) on "
                f"the {app.platformName()} platform")
        with _Watch() as watch:
            check_window(runback, settings, watch)
        check_export(runback, folder / "export")
        check_watch_import(folder)
    finally:
        runback.close()
    try:
        with _Watch() as watch:
            check_start(path, settings, watch)
    finally:
        del settings


def run_self_test() -> int:
    """Run every check; 0 when all hold, 1 (and one line on stderr) on the first failure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="runback-self-test-") as name:
            _run(Path(name))
    except SelfTestFailure as failure:
        print(f"runback --self-test: FAILED: {failure}", file=sys.stderr, flush=True)
        return EXIT_FAILED
    except Exception as error:  # anything else is a failure too, said in one line
        text = str(error).splitlines()[0] if str(error) else ""
        print(f"runback --self-test: FAILED: {type(error).__name__}: {text}",
              file=sys.stderr, flush=True)
        return EXIT_FAILED
    print(f"self-test passed in {time.perf_counter() - started:.1f} s", flush=True)
    return 0
