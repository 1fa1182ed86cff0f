"""The measurements behind ``python -m bench``: start-up in fresh processes, saving and
redrawing in a real (offscreen) window, and the export against the sqlite3 tool."""

from __future__ import annotations

import compileall
import gc
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.chart_floor import ChartFloor
from bench.floor import save_floor

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "bench" / "child.py"
UNIX_EPOCH_DAY = 719_163  # date(1970, 1, 1).toordinal()
DUMPED_TABLES = ("sessions", "exercise_ticks", "check_ins", "readiness_checks",
                 "stage_events", "plan_changes")


@dataclass
class Row:
    figure: str
    value: str
    budget: str
    passed: bool | None  # None: reported, no budget


@dataclass
class Table:
    tighten: float = 1.0
    rows: list[Row] = field(default_factory=list)

    def check(self, figure: str, value: float, limit: float, unit: str) -> None:
        limit *= self.tighten
        shown = f"{value:.2f}{unit}" if unit == "×" else f"{value:.1f} {unit}"
        budget = f"≤ {limit:.2f}{unit}" if unit == "×" else f"≤ {limit:.1f} {unit}"
        self.rows.append(Row(figure, shown, budget, value <= limit))

    def note(self, figure: str, value: str) -> None:
        self.rows.append(Row(figure, value, "—", None))

    @property
    def all_pass(self) -> bool:
        return all(row.passed is not False for row in self.rows)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _start(kind: str, db: Path | None, ini: Path, stall_seconds: float) -> dict[str, float]:
    """One start in a process of its own (bench/child.py): seconds from launching it to its
    window drawn and to every action working, its peak KiB, its event loop's longest stall
    in its first ``stall_seconds`` (seconds) and whether sqlite-utils loaded before the
    paint (1) or after (0)."""
    launched = time.perf_counter()
    command = [sys.executable, str(CHILD), kind, f"{launched + stall_seconds:.6f}"]
    command += [str(db), str(ini)] if db else []
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{kind} start failed: {result.stderr.strip()[-500:]}")
    drawn, ready, peak, stall, writer_first, all_read = result.stdout.split()
    return {"drawn": float(drawn) - launched, "ready": float(ready) - launched,
            "peak": int(peak), "stall": float(stall), "writer first": int(writer_first),
            "all read": float(all_read) - launched}


BUNDLE = ROOT / "dist" / "runback" / "runback"


def bundle_start(table: Table, folder: Path, db: Path, repeat: int) -> None:
    """The PyInstaller bundle's start beside the source's (``runback --startup-time``, the
    same file, interleaved): reported, if build/build.py has made the bundle."""
    if not BUNDLE.exists():
        table.note("bundle start", "not measured: no bundle (python build/build.py makes it)")
        return
    import datetime as dt
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(folder),
           "HOME": str(folder)}
    commands = {"source": [sys.executable, str(ROOT / "main.py")], "bundle": [str(BUNDLE)]}
    drawn: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            launched = time.perf_counter()
            result = subprocess.run([*command, "--db", str(db), "--startup-time"], env=env,
                                    capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                if name == "source":
                    raise RuntimeError(f"start failed: {result.stderr.strip()[-500:]}")
                # A bundle older than the source (a newer file format, say): not a bench
                # failure, but nothing to compare; build/build.py makes it again.
                reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
                table.note("bundle start", f"not measured: the bundle in dist/ did not "
                                           f"start ({reason[:160]})")
                return
            drawn[name].append(float(result.stdout.split()[0]) - launched)
    built = dt.datetime.fromtimestamp(BUNDLE.stat().st_mtime).isoformat(timespec="minutes")
    table.note(f"bundle start to Today drawn (built {built}) against the source's, "
               f"{db.stem} file, medians", f"{median(drawn['bundle']) * 1000:.0f} ms against "
                                f"{median(drawn['source']) * 1000:.0f} ms")


def start_up(table: Table, folder: Path, files: dict[float, Path], repeat: int,
             stall_seconds: float = 2.0) -> None:
    """Start-up as a runner meets it, against a bare PySide6 window started the same way:
    until every action works (the file loaded, the window drawn), at each size, and the
    event loop's longest stall in the first seconds."""
    from core.runback import Runback

    empty = folder / "empty.db"
    runner = Runback.create(empty)
    runner.setup("patellofemoral_pain", "left", 3, False)
    runner.close()
    ini = folder / "bench.ini"
    # Timed on bytecode, as an installed app or a bundle runs, not on the compiler (a
    # source checkout may not write bytecode: PYTHONDONTWRITEBYTECODE).
    for package in ("core", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    runs = {"bare": ("bare", None), "new runner": ("app", empty)}
    runs.update({f"{years:g}-year file": ("app", path) for years, path in sorted(files.items())})
    _start("bare", None, ini, 0)  # warm the file cache once, unmeasured
    samples = {name: [] for name in runs}
    for _ in range(repeat):  # interleaved, so drift in the machine hits all alike
        for name, (kind, db) in runs.items():
            samples[name].append(_start(kind, db, ini, stall_seconds))

    def figure(name: str, key: str) -> float:
        return median([sample[key] for sample in samples[name]])

    bare = figure("bare", "drawn")
    table.note("bare PySide6 window: start to drawn window (baseline)", f"{bare * 1000:.0f} ms")
    apps = [name for name in runs if name != "bare"]
    for name in apps:
        ready = figure(name, "ready")
        table.check(f"start until every action works (Today drawn, every action answered), "
                    f"{name} ÷ bare window", ready / bare, 2.0, "×")
        table.note(f"start until every action works, {name}", f"{ready * 1000:.0f} ms "
                   f"(the whole file in memory at {figure(name, 'all read') * 1000:.0f} ms, "
                   f"read in slices after the paint)")
    worst = {name: max(sample["stall"] for sample in samples[name]) for name in runs}
    for name in apps:
        table.check(f"longest event-loop stall in the first {stall_seconds:g} s, {name} "
                    f"÷ bare window's start (worst of {repeat})", worst[name] / bare, 0.3, "×")
    table.note(f"longest event-loop stall in the first {stall_seconds:g} s, bare window "
               f"(worst of {repeat})", f"{worst['bare'] * 1000:.1f} ms")
    early = sum(sample["writer first"] for name in apps for sample in samples[name])
    table.check("starts in which sqlite-utils loaded before the first paint",
                early, 0, "starts")
    largest_name = apps[-1]
    table.note(f"start until every action works, {largest_name} ÷ {apps[1]}",
               f"{figure(largest_name, 'ready') / figure(apps[1], 'ready'):.2f}×")
    table.note(f"peak memory, {largest_name} ÷ bare window",
               f"{figure(largest_name, 'peak') / figure('bare', 'peak'):.2f}× "
               f"({figure(largest_name, 'peak') / 1024:.0f} MB against "
               f"{figure('bare', 'peak') / 1024:.0f} MB)")


EVERY_PART = frozenset({"save", "charts", "export"})


def growth(table: Table, files: dict[float, Path], largest: Path,
           parts: frozenset[str] = EVERY_PART) -> list[tuple]:
    """Per data size: Today, a tick and a session with the UI updated, all charts, export
    (of these, the ``parts`` asked for: "save", "charts", "export"; None for the rest)."""
    from ui.app import application

    app = application()
    rows = []
    for years, original in sorted(files.items()):
        today, ticks, sessions, charts, exported = _measure_file(app, original, parts)
        rows.append((years, today, median(ticks) if ticks else None,
                     median(sessions) if sessions else None, *charts, exported))
        if original == largest and "save" in parts:
            label = f"{years:g}-year file"
            # The save budget is the ratio to its floor (below); the milliseconds are the
            # machine's, reported.
            table.note(f"save a tick, UI updated, median ({label})",
                       f"{median(ticks) * 1000:.1f} ms")
            table.note(f"save a tick, UI updated, 95th percentile ({label})",
                       f"{p95(ticks) * 1000:.1f} ms")
            table.note(f"save a session, UI updated, median ({label})",
                       f"{median(sessions) * 1000:.1f} ms")
            table.note(f"save a session, UI updated, 95th percentile ({label})",
                       f"{p95(sessions) * 1000:.1f} ms")
            floor = save_floor(app, original)
            table.check(f"save a tick, UI updated ÷ its floor ({label})",
                        median(ticks) / median(floor["tick"]), 10, "×")
            table.check(f"save a session, UI updated ÷ its floor ({label})",
                        median(sessions) / median(floor["session"]), 10, "×")
            table.note("floor: the same rows committed (WAL, synchronous FULL), checkpointed, "
                       "one label repainted, medians",
                       f"tick {median(floor['tick']) * 1000:.2f} ms, session "
                       f"{median(floor['session']) * 1000:.2f} ms")
            checkpoint = median(floor["tick"]) - median(floor["tick without checkpoint"])
            table.note("the checkpoint after each action (core/file/store.py), median cost",
                       f"{checkpoint * 1000:.2f} ms a save")
        if original == largest and "charts" in parts:
            label = f"{years:g}-year file"
            after_entry, every_curve, floor = charts
            table.check(f"redraw all charts after an entry, median ({label}) ÷ a bare "
                        f"pyqtgraph window setting the same series", after_entry / floor,
                        1.5, "×")
            table.check(f"redraw all charts, every curve set again, median ({label}) ÷ the "
                        f"same bare window", every_curve / floor, 1.5, "×")
            table.note(f"redraw all charts ({label}): after an entry, every curve again, "
                       f"the bare pyqtgraph window (bench/chart_floor.py), medians",
                       f"{after_entry * 1000:.1f} ms, {every_curve * 1000:.1f} ms, "
                       f"{floor * 1000:.1f} ms")
    return rows


def _measure_file(app, original: Path, parts: frozenset[str] = EVERY_PART) -> tuple:
    """In a real window on a copy of ``original``: Today, ticks, sessions, charts, export
    (the ``parts`` asked for; None, or empty lists, for the rest)."""
    from PySide6.QtCore import QSettings

    from core.exchange.export import export
    from core.runback import Runback
    from ui.main_window import MainWindow

    path = original.with_name(f"work-{original.name}")
    shutil.copy(original, path)
    runback = Runback.open(path)
    window = MainWindow(runback, QSettings(str(path.with_suffix(".ini")),
                                           QSettings.Format.IniFormat))
    window.resize(1180, 780)
    window.show()
    app.processEvents()
    today, ticks, sessions, charts, exported = None, [], [], (None, None, None), None
    if "save" in parts:
        today, ticks, sessions = _saves(app, window)
    if "charts" in parts:
        charts = _charts(app, window, runback)
    if "export" in parts:
        exported = _timed(lambda: export(runback, path.parent / f"out-{path.stem}",
                                         replace=True), 5)
    window.close()
    runback.close()
    return today, ticks, sessions, charts, exported


def _saves(app, window) -> tuple[float, list[float], list[float]]:
    """Seconds per save with the UI updated: Today's check-in (median), ticks, sessions."""
    from core.model import Stage
    from ui import replace_question

    check_in = window.today_tab.check_in
    today = _timed(lambda: (check_in.save.click(), app.processEvents()), 9)

    strength = window.stage_tabs[Stage.STRENGTH]
    window.show_view(strength)
    app.processEvents()
    boxes = [tick for tick, _ in strength.rows.values()]
    ticks = [_once(lambda box=box: (box.click(), app.processEvents()))
             for box in (boxes * 6)[:40]]

    performance = window.stage_tabs[Stage.PERFORMANCE]
    window.show_view(performance)
    app.processEvents()
    # A run is already logged today after the first: the form asks before replacing it
    # (ui/replace_question.py); the answer is "Save as another run", a row added as the
    # floor adds one.
    asked, replace_question.ask = replace_question.ask, _another
    try:
        sessions = [_once(lambda: (performance.save.click(), app.processEvents()))
                    for _ in range(20)]
    finally:
        replace_question.ask = asked
    return today, ticks, sessions


def _another(*_question) -> str:
    """The answer "save it beside the stored one" (ui/replace_question.py ANOTHER)."""
    from ui import replace_question

    return replace_question.ANOTHER


def _charts(app, window, runback) -> tuple[float, float, float]:
    """Medians: the charts after an entry, every curve again, the bare pyqtgraph window."""
    window.show_view(window.progress_tab)
    app.processEvents()

    pains = iter(range(10_000))

    def redraw(forget: bool = False) -> float:
        """An entry saved (a new pain each time, so the pain chart does change; the save
        has its own budget above and is not timed here), then, timed: the charts' data
        brought up to date, what changed drawn, and the tab painted; with ``forget``,
        every curve of the five charts is set and painted again."""
        changes = runback.check_in(next(pains) % 11, replace=True)
        if forget:  # as if never drawn: the panels keep what they drew to skip it
            for panel in window.progress_tab.panels:
                panel.drawn = None
                panel.curves.clear()
        gc.collect()  # the garbage of earlier runs (and of the floor's) is not this run's
        started = time.perf_counter()
        window.progress_tab.refresh(changes)
        window.progress_tab.repaint()
        app.processEvents()
        return time.perf_counter() - started

    floor = ChartFloor(app, _chart_series(runback.charts()), *_chart_places(window))
    samples: tuple[list[float], list[float], list[float]] = ([], [], [])
    for _ in range(15):  # interleaved, so drift in the machine hits the app and floor alike
        for figure, measured in zip(samples, (redraw, lambda: redraw(forget=True),
                                              floor.redraw), strict=True):
            figure.append(measured())
    floor.close()
    after_entry, every_curve, bare = (median(figure) for figure in samples)
    return after_entry, every_curve, bare


def _chart_series(charts) -> dict[str, tuple]:
    """Every series of the app's charts as plain arrays (x in seconds at noon, as the
    tab's date axis has them), keyed "chart.series", for the bare window to set."""
    import dataclasses

    import numpy as np

    from core.rules.series import Series

    arrays = {}
    for chart in dataclasses.fields(charts):
        data = getattr(charts, chart.name)
        for field_ in dataclasses.fields(data):
            value = getattr(data, field_.name)
            if isinstance(value, Series):
                days = np.fromiter((d.toordinal() for d in value.dates), dtype=float,
                                   count=len(value))
                arrays[f"{chart.name}.{field_.name}"] = (
                    (days - UNIX_EPOCH_DAY) * 86_400 + 43_200,
                    np.asarray(value.values, dtype=float))
    return arrays


def _chart_places(window) -> tuple:
    """The Progress tab's size, its scrolled content's and each plot's place in it."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QScrollArea

    tab = window.progress_tab
    content = tab.findChild(QScrollArea).widget()
    places = [QRect(panel.plot.mapTo(content, QPoint(0, 0)), panel.plot.size())
              for panel in tab.panels]
    return tab.size(), content.size(), places


def export_against_sqlite(table: Table, largest: Path, folder: Path) -> None:
    """The CSV export against the sqlite3 tool dumping the tables it reads, on a copy of
    ``largest``: in process, as the app exports after an entry (the file read, the weekly
    rows kept), and beside it as a whole ``runback export`` process (main.py)."""
    from core.exchange.export import export
    from core.runback import Runback

    path = folder / f"export-{largest.name}"
    shutil.copy(largest, path)
    runback = Runback.open(path)
    runback.read_all()
    runback.weekly_rows()  # what the Progress tab or an earlier export computed
    pains = iter(range(10_000))

    def after_entry() -> float:
        runback.check_in(next(pains) % 11, replace=True)  # not timed: the save has its budget
        return _once(lambda: export(runback, folder / "export", replace=True))

    ours = median([after_entry() for _ in range(7)])
    workbook = _timed(lambda: export(runback, folder / "export-xlsx", "xlsx", replace=True), 3)
    runback.close()
    command = ["sqlite3", "-csv", "-header", str(path)]
    for name in DUMPED_TABLES:
        command += [f".once {folder / (name + '.csv')}", f"SELECT * FROM {name}"]
    process = [sys.executable, str(ROOT / "main.py"), "export", "--db", str(path),
               "--out", str(folder / "export-process"), "--force"]
    tool, whole = [], []
    for _ in range(7):  # interleaved, so drift in the machine hits both alike
        tool.append(_once(lambda: subprocess.run(command, check=True, capture_output=True)))
        whole.append(_once(lambda: subprocess.run(process, check=True, capture_output=True)))
    years = largest.stem[:-1]
    table.check(f"export {years} years to CSV ÷ sqlite3 tool dumping the rows",
                ours / median(tool), 2.0, "×")
    table.note("export and sqlite3 dump, medians", f"{ours * 1000:.0f} ms against "
                                                   f"{median(tool) * 1000:.0f} ms")
    table.note(f"whole-process export ({years} years, `runback export` started, the file "
               f"read, the CSVs written) ÷ sqlite3 tool",
               f"{median(whole) / median(tool):.2f}× ({median(whole) * 1000:.0f} ms)")
    table.note(f"export {years} years to xlsx (the GUI's default), median",
               f"{workbook * 1000:.0f} ms ({workbook / ours:.1f}× the CSVs)")


def _once(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _timed(action, runs: int) -> float:
    return median([_once(action) for _ in range(runs)])


def report(table: Table, growth_rows: list[tuple], machine: str) -> str:
    lines = ["# Runback performance", "",
             "Measured by `python -m bench` (see `bench/`): ratios against baselines measured "
             "in the same run, medians. The data (bench/history.py) is the demo runner's "
             "first half year lived day by day through the core, then its last four weeks in "
             "stage 5 repeated for the years asked for: a daily check-in and sleep, three to "
             "four runs, two strength sessions (every exercise ticked) and mobility every "
             "week.", "", f"Machine: {machine}.", "",
             "| figure | measured | budget | result |", "|---|---|---|---|"]
    for row in table.rows:
        result = "—" if row.passed is None else ("pass" if row.passed else "**FAIL**")
        lines.append(f"| {row.figure} | {row.value} | {row.budget} | {result} |")
    lines += ["", "## How cost grows with data", "",
              "| years | check-in + Today (ms) | tick + UI (ms) | session + UI (ms) "
              "| charts after an entry (ms) | every curve again (ms) "
              "| bare pyqtgraph window (ms) | export (ms) |",
              "|---|---|---|---|---|---|---|---|"]
    for years, *figures in growth_rows:
        shown = ["—" if seconds is None else f"{seconds * 1000:.{0 if last else 1}f}"
                 for seconds, last in zip(figures, (False,) * 6 + (True,), strict=True)]
        lines.append(f"| {years:g} | {' | '.join(shown)} |")
    lines += ["", "Start-up is measured from launching the process to its main window drawn "
              "with every action working (bench/child.py), for the app and for a bare PySide6 "
              "window alike; there is one start-up path: open the file, build the window, "
              "show it. The app begins as `runback` does (core/startup.py): the dataclass "
              "methods compiled at an earlier start are loaded, not compiled again "
              "(core/generated_code.py, kept in the user's cache folder; a start after a "
              "code change compiles and keeps them once), and garbage collection waits "
              "until the window is drawn and the file read. "
              "The file is read in two parts. First, with a bounded query, what "
              "Today reads (core/rules/reach.py: the last half year, every walk–run and the "
              "check-ins around it, the latest check-ins and runs, the first and last session "
              "of each kind, and the small tables whole), so Today is drawn in the same time "
              "at 1 or 50 years; tests/core/test_first_view.py proves that Today from that "
              "part equals Today from the whole file. Then the rest, after the paint, 200 "
              "rows at a time between turns of the event loop (\"the whole file in memory\" "
              "above). An action taken before that read is over finishes it first (at 50 "
              "years at most about half a second, in the first second after start), so "
              "every action works from the first paint and always on the whole log. A stall "
              "is the longest gap between two turns of the event loop (a "
              "1 ms timer) from then until the first seconds are over, the worst of all "
              "starts; sqlite-utils is to load after the first paint. The export "
              "is timed in process after an entry (what the app runs, its file read and the "
              "weekly rows kept) against the whole `sqlite3 -csv` process dumping the tables "
              "the export reads; the whole `runback export` process is reported beside.", ""]
    return "\n".join(lines)
