"""The physio's export: ``summary.csv`` (one row per ISO week) and ``sessions.csv``.

Both are RFC 4180 (comma, CRLF, quotes only where needed), UTF-8 with a byte-order mark
so spreadsheet apps pick the encoding, ISO 8601 dates and plain numbers. A text cell
that a spreadsheet could run as a formula is neutralised (OWASP, CSV injection). Files
are written atomically: a failed export leaves no partial file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from core.errors import ExportError
from core.metrics import session_load
from core.model import Log, Session, SessionKind, Stage
from core.protocol import Protocol
from core.runback import Runback
from core.stages import periods, stage_on
from core.walkrun import Decision, baseline_pain

SUMMARY_FILE = "summary.csv"
SESSIONS_FILE = "sessions.csv"

SUMMARY_COLUMNS = (
    "week_start", "iso_week", "stage", "walk_run_level_min", "walk_run_level_max",
    "sessions", "running_sessions", "run_minutes", "walk_minutes", "run_walk_ratio",
    "pain_during_max", "pain_during_mean", "next_morning_worse", "daily_pain_mean",
    "strength_done", "strength_partial", "strength_planned", "strength_adherence_percent",
    "weekly_load", "acute_chronic_ratio", "flags",
)
SESSIONS_COLUMNS = (
    "date", "entry", "id", "kind", "stage", "activity", "run_type", "level",
    "planned_run_minutes", "planned_walk_minutes", "planned_rounds", "run_minutes",
    "walk_minutes", "rounds", "minutes", "distance_km", "effort", "pain_during", "limp",
    "swelling", "morning_before_pain", "next_morning_pain", "next_morning_worse", "cadence",
    "cue_under_body", "cue_tall_trunk", "exercises_ticked", "exercises_planned", "load",
    "decision", "next_level", "rule", "setting", "value", "actor", "reason", "notes",
)
COLUMN_INDEX = {name: index for index, name in enumerate(SESSIONS_COLUMNS)}
# A cell starting with one of these may run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """One CSV cell: plain numbers, ISO dates, yes/no, neutralised text, empty for None."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:  # the common cases first: ten years are a few hundred thousand cells
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if kind is int:
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(getattr(value, "value", value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def summary_rows(runback: Runback) -> Iterable[tuple]:
    for row in runback.weekly_rows():
        year, week, _ = row.week.isocalendar()
        adherence, load = row.adherence, row.load
        yield (
            row.week, f"{year}-W{week:02d}", int(row.stage) if row.stage else None,
            min(row.levels) if row.levels else None, max(row.levels) if row.levels else None,
            row.sessions, row.running_sessions, row.run_minutes, row.walk_minutes,
            row.run_walk_ratio, row.pain_during_max, row.pain_during_mean,
            row.next_morning_worse, row.daily_pain_mean, adherence.done, adherence.partial,
            adherence.planned, adherence.percent, load.load, load.ratio, "; ".join(load.flags),
        )


def sessions_rows(runback: Runback) -> Iterable[list]:
    """Every session with its walk–run decision, every readiness check, stage move and plan
    change, in date order."""
    log = runback.log
    stage_periods = periods(log)
    decisions = {d.session_id: d for d in runback.decisions()}
    entries: list[tuple[dt.date, int, list]] = []
    plan = runback.plan
    for s in log.sessions:
        entries.append((s.date, 0, _session_row(log, s, stage_on(stage_periods, s.date),
                                                decisions.get(s.id), plan.on(s.date))))
    for check in log.readiness:
        passed = check.completed and check.pain <= plan.on(check.date).pain_threshold
        entries.append((check.date, 1, _row(dict(
            date=check.date, entry="readiness_check", id=check.id, kind=check.test,
            stage=stage_on(stage_periods, check.date), pain_during=check.pain,
            decision="passed" if passed else "not passed", notes=check.notes))))
    for event in log.stage_events:
        entries.append((event.date, 2, _row(dict(
            date=event.date, entry="stage_event", id=event.id, kind=event.kind,
            stage=int(event.to_stage), setting="stage",
            value=int(event.to_stage),
            decision=f"{int(event.from_stage)} to {int(event.to_stage)}"
            if event.from_stage else f"start at {int(event.to_stage)}",
            actor=event.actor, reason=event.reason))))
    for change in log.plan_changes:
        entries.append((change.date, 3, _row(dict(
            date=change.date, entry="plan_change", id=change.id, kind="plan_change",
            stage=stage_on(stage_periods, change.date), setting=change.key,
            value=change.value if isinstance(change.value, (int, float))
            else json.dumps(change.value, ensure_ascii=False),
            actor=change.actor, reason=change.reason))))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return (values for _, _, values in entries)


def _session_row(log: Log, s: Session, stage: Stage | None,
                 decision: Decision | None, protocol: Protocol) -> list:
    """A session's row, in the order of SESSIONS_COLUMNS. Built as a list, not through
    ``_row``: ten years are ~3,000 of them, and a dict each was a fifth of the export."""
    running = s.is_running
    strength = s.kind is SessionKind.STRENGTH
    before = after = worse = None
    if running:  # the mornings around a run: its next-morning check
        before = baseline_pain(log, s, protocol)
        after = log.pain_on(s.date + dt.timedelta(days=1))
        worse = after > before if None not in (before, after) else None
    return [
        s.date, "session", s.id, s.kind, stage, s.activity, s.run_type, s.level,
        s.planned_run_minutes, s.planned_walk_minutes, s.planned_rounds, s.run_minutes,
        s.walk_minutes, s.rounds, s.minutes, s.distance_km, s.effort,
        s.exercise_pain_max if strength else s.pain_during,
        s.limp if running else None, s.swelling if running else None,
        before, after, worse, s.cadence, s.cue_under_body, s.cue_tall_trunk,
        sum(e.ticked for e in s.exercises) if strength else None,
        len(s.exercises) if strength else None,
        session_load(s) if running else None,
        decision.verdict if decision else None, decision.next_level if decision else None,
        decision.rule if decision else None,
        None, None, None,  # setting, value, actor: for plan changes and stage moves
        decision.reason if decision else None, s.notes]


def _row(values: dict) -> list:
    row = [None] * len(SESSIONS_COLUMNS)
    for name, value in values.items():
        row[COLUMN_INDEX[name]] = value  # a KeyError names a column that does not exist
    return row


def _write_temporary(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> Path:
    """Write a CSV beside ``path`` under a temporary name, synced to disk, owner-only."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by "with handle" below
        "w", encoding="utf-8-sig", newline="", dir=path.parent, prefix=f".{path.name}.",
        suffix=".partial", delete=False)
    try:
        with handle:
            os.chmod(handle.name, 0o600)
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            for row in rows:
                # Empty cells and whole numbers, most of them, skip the call to cell().
                writer.writerow(["" if value is None else value if type(value) is int
                                 else cell(value) for value in row])
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
    return Path(handle.name)


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write one CSV atomically: a temporary file renamed over ``path`` once complete."""
    os.replace(_write_temporary(Path(path), header, rows), path)


def export(runback: Runback, out_dir: Path) -> list[Path]:
    """Write ``summary.csv`` and ``sessions.csv`` into ``out_dir`` (created if needed).

    Both files are written in full under temporary names first and only then renamed, so
    a failure leaves the folder as it was.
    """
    out_dir = Path(out_dir)
    # needs_setup reads the whole file: a damaged one is refused before the folder is touched.
    if runback.needs_setup:
        raise ExportError("This file has no runner yet: finish the first-run setup first.")
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, header, rows in ((SUMMARY_FILE, SUMMARY_COLUMNS, summary_rows(runback)),
                                   (SESSIONS_FILE, SESSIONS_COLUMNS, sessions_rows(runback))):
            staged.append((_write_temporary(out_dir / name, header, rows), out_dir / name))
        for temporary, final in staged:
            os.replace(temporary, final)
    except BaseException as error:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if not isinstance(error, OSError):
            raise
        reason = error.strerror or str(error)
        raise ExportError(f"Could not write the export to {out_dir}: {reason}. No partial "
                          f"file was left; choose another folder or free some space."
                          ) from None
    return [final for _, final in staged]
