"""The physio's export: one row per ISO week (``summary``), every session and decision
(``sessions``), every outcome questionnaire taken (``scores``) and every daily check-in
(``checkins``), as an xlsx workbook with a sheet for each (the physio's default) or as four
CSVs. Each name says whose and when: ``runback-<runner>-<date>-summary.csv`` …, and
``runback-<runner>-<date>.xlsx``; a file already there is replaced only when asked.

CSV: RFC 4180, UTF-8 with a byte-order mark so spreadsheet apps pick the encoding, ISO
8601 dates, plain numbers, every text cell quoted; a text cell that a spreadsheet could
run as a formula is neutralised (OWASP, CSV injection). xlsx: typed cells. Either set is
written all or none (core/exchange/export_files.py).
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from core.errors import ExportError, ExportExists
from core.exchange.export_files import (
    FORMULA_STARTS,  # noqa: F401 - part of this module's interface (tests, self-test)
    SetNotWritten,
    cell,  # noqa: F401 - part of this module's interface
    write_all_or_none,
    write_csv,
    write_xlsx,
)
from core.model import Log, Session, SessionKind, Stage
from core.outcomes import Instrument
from core.rules.metrics import session_load
from core.rules.protocol import Protocol
from core.rules.stages import periods, stage_on
from core.rules.walkrun import Decision, baseline_pain
from core.runback import Runback

ONE_DAY = dt.timedelta(days=1)
BY_DATE_AND_ORDER = operator.itemgetter(0, 1)
# How each CSV's name ends (``runback-<runner>-<date>-summary.csv``: ``file_name``).
SUMMARY_FILE = "summary.csv"
SESSIONS_FILE = "sessions.csv"
SCORES_FILE = "scores.csv"
CHECKINS_FILE = "checkins.csv"
WORKBOOK_END = ".xlsx"
SUMMARY_SHEET, SESSIONS_SHEET, SCORES_SHEET, CHECKINS_SHEET = (
    "summary", "sessions", "scores", "checkins")
# What may stand in a file name for the runner; anything else becomes "-". Letters of any
# script are kept (\w), so "Zoë" stays Zoë; "/", ":", spaces and the like do not.
UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")
LONGEST_NAME = 60  # characters of the runner's part
FORMATS = ("xlsx", "csv")  # the physio's default first
# Between a week's guidance flags in one cell: not "; " as before, which a spreadsheet
# splitting on ";" spilled into the next columns (the cell is quoted too).
FLAG_SEPARATOR = " | "

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
SCORES_COLUMNS = (
    "date", "instrument", "score", "score_max", "items_answered", "answers",
    "change_from_baseline", "meaningful_change", "verdict", "meaningful", "notes",
)
BASELINE = "baseline"  # the verdict cell of an instrument's first score
CHECKINS_COLUMNS = ("date", "pain", "taken", "swelling", "stiffness", "notes")


def runner_name(runback: Runback) -> str:
    """The runner's part of the export's names: the file's stem (``runner`` for
    ``runner.db``; the profile holds no name), in characters any disk takes."""
    name = runback.path.stem if runback.path else ""
    safe = UNSAFE_IN_NAME.sub("-", name).strip("-._")[:LONGEST_NAME].rstrip("-._")
    return safe or "runner"


def file_name(runback: Runback, end: str) -> str:
    """One export file's name: ``runback-<runner>-<today>-<end>`` for a CSV's ``end``
    (``summary.csv`` …), ``runback-<runner>-<today>.xlsx`` for ``WORKBOOK_END``."""
    stem = f"runback-{runner_name(runback)}-{runback.today.isoformat()}"
    return stem + end if end == WORKBOOK_END else f"{stem}-{end}"


def export_names(runback: Runback, file_format: str) -> list[str]:
    """The names ``export`` writes in that format, in their order."""
    ends = [WORKBOOK_END] if file_format == "xlsx" else [
        SUMMARY_FILE, SESSIONS_FILE, SCORES_FILE, CHECKINS_FILE]
    return [file_name(runback, end) for end in ends]


def checkins_rows(runback: Runback) -> Iterator[tuple]:
    """Every daily check-in, oldest first: knee pain, when it was taken on a run's day,
    swelling or stiffness the morning after, and the runner's note."""
    for check_in in runback.log.check_ins:
        taken = check_in.taken.value if check_in.taken is not None else None
        yield (check_in.date, check_in.pain, taken, check_in.swelling, check_in.stiffness,
               check_in.notes)


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
            adherence.planned, adherence.percent, load.load, load.ratio,
            FLAG_SEPARATOR.join(load.flags),
        )


def scores_rows(runback: Runback) -> Iterator[tuple]:
    """Every questionnaire taken, oldest first (on one day, in the instruments' order):
    its score, its answers (item key, or PSFS activity, to points: a JSON object) and its
    change from the instrument's first score, judged at the meaningful change."""
    taken = [(scored.date, order, scored.questionnaire.id, each.instrument, scored)
             for order, each in enumerate(runback.outcome_histories())
             for scored in each.taken]
    taken.sort(key=lambda entry: entry[:3])
    for day, _, _, instrument, scored in taken:
        result, change = scored.score, scored.change
        if scored.baseline:
            verdict, meaningful = BASELINE, None
        elif change is not None:
            verdict, meaningful = change.verdict.value, change.meaningful
        else:
            verdict, meaningful = None, None
        if change is not None:
            points, threshold = change.points, change.meaningful_change
        elif scored.baseline:  # against itself: no change; the change that will matter
            points, threshold = 0.0, _meaningful_from(instrument, result.answered)
        else:
            points, threshold = None, None
        yield (day, instrument.key.value, result.value, instrument.high, result.answered,
               json.dumps(scored.questionnaire.answers, ensure_ascii=False), points,
               threshold, verdict, meaningful, scored.questionnaire.notes)


def _meaningful_from(instrument: Instrument, answered: int) -> float:
    """The smallest change that will count from a baseline of ``answered`` items (a PSFS
    of one activity needs the larger one: core/outcomes/scoring.py, ``compare``)."""
    one = instrument.meaningful_change_one_activity
    return one if one is not None and answered == 1 else instrument.meaningful_change


def sessions_rows(runback: Runback) -> Iterator[list]:
    """Every session with its walk–run decision, every readiness check, stage move and plan
    change, in date order (on one day: sessions, checks, stage moves, plan changes)."""
    log = runback.log
    stage_periods = periods(log)
    decisions = {d.session_id: d for d in runback.decisions()}
    plan = runback.plan
    others: list[tuple[dt.date, int, list]] = []  # date, order on the day, row
    for check in log.readiness:
        passed = check.completed and check.pain <= plan.on(check.date).pain.threshold
        others.append((check.date, 1, _row(dict(
            date=check.date, entry="readiness_check", id=check.id, kind=check.test,
            stage=stage_on(stage_periods, check.date), pain_during=check.pain,
            decision="passed" if passed else "not passed", notes=check.notes))))
    for event in log.stage_events:
        others.append((event.date, 2, _row(dict(
            date=event.date, entry="stage_event", id=event.id, kind=event.kind,
            stage=int(event.to_stage), setting="stage",
            value=int(event.to_stage),
            decision=f"{int(event.from_stage)} to {int(event.to_stage)}"
            if event.from_stage else f"start at {int(event.to_stage)}",
            actor=event.actor, reason=event.reason))))
    for change in log.plan_changes:
        others.append((change.date, 3, _row(dict(
            date=change.date, entry="plan_change", id=change.id, kind="plan_change",
            stage=stage_on(stage_periods, change.date), setting=change.key,
            value=change.value if isinstance(change.value, (int, float))
            else json.dumps(change.value, ensure_ascii=False),
            actor=change.actor, reason=change.reason))))
    others.sort(key=BY_DATE_AND_ORDER)  # each kind is in date order (then id) already
    # The sessions (most rows, in date order already) merged with the few others, without
    # sorting them all: a day's sessions come before its other entries.
    waiting = iter(others)
    other = next(waiting, None)
    for s in log.sessions:
        while other is not None and other[0] < s.date:
            yield other[2]
            other = next(waiting, None)
        yield _session_row(log, s, stage_on(stage_periods, s.date), decisions.get(s.id),
                           plan.on(s.date))
    while other is not None:
        yield other[2]
        other = next(waiting, None)


# A session's stored values, read in C: columns activity to effort, then cadence and cues.
_LOAD_FIELDS = operator.attrgetter(
    "activity", "run_type", "level", "planned_run_minutes", "planned_walk_minutes",
    "planned_rounds", "run_minutes", "walk_minutes", "rounds", "minutes", "distance_km",
    "effort")
_CUE_FIELDS = operator.attrgetter("cadence", "cue_under_body", "cue_tall_trunk")
NO_DECISION = (None, None, None)  # verdict, next level, rule


def _session_row(log: Log, s: Session, stage: Stage | None,
                 decision: Decision | None, protocol: Protocol) -> list:
    """A session's row, in the order of SESSIONS_COLUMNS. Built as a list, not through
    ``_row``: fifty years are ~47,000 of them, and a dict each took the CSV export from
    1.3× to 1.8–2.3× the sqlite3 tool's dump (the budget is 2×: docs/PERFORMANCE.md)."""
    kind = s.kind
    ticked: int | None
    planned: int | None
    if kind is SessionKind.STRENGTH:
        exercises = s.exercises
        pain, limp, swelling, before, after, worse, load = (
            s.exercise_pain_max, None, None, None, None, None, None)
        ticked, planned = [e.ticked for e in exercises].count(True), len(exercises)
    elif kind is SessionKind.WALK_RUN or kind is SessionKind.RUN:
        before = baseline_pain(log, s, protocol)  # the mornings around a run
        after = log.pain_on(s.date + ONE_DAY)
        worse = after > before if after is not None and before is not None else None
        pain, limp, swelling, load = s.pain_during, s.limp, s.swelling, session_load(s)
        ticked = planned = None
    else:
        pain, limp, swelling, before, after, worse, load, ticked, planned = (
            s.pain_during, None, None, None, None, None, None, None, None)
    verdict, next_level, rule = (NO_DECISION if decision is None else
                                 (decision.verdict, decision.next_level, decision.rule))
    return [s.date, "session", s.id, kind, stage, *_LOAD_FIELDS(s), pain, limp, swelling,
            before, after, worse, *_CUE_FIELDS(s), ticked, planned, load, verdict, next_level,
            rule, None, None, None,  # setting, value, actor: for plan changes and stage moves
            decision.reason if decision else None, s.notes]


def _row(values: dict) -> list:
    row = [None] * len(SESSIONS_COLUMNS)
    for name, value in values.items():
        row[COLUMN_INDEX[name]] = value  # a KeyError names a column that does not exist
    return row


def export(runback: Runback, out_dir: Path, file_format: str = "csv",
           replace: bool = False) -> list[Path]:
    """Write the export into ``out_dir`` (created if needed): the workbook for ``"xlsx"``,
    the four CSVs for ``"csv"`` (names: ``export_names``).

    Everything is written into a hidden folder beside the target first and only then moved
    into place: a failure leaves the folder as it was, without a temporary file.

    :param replace: replace files of the same names (the window asked first; the command
        line's ``--force``); otherwise ``ExportExists`` names them and nothing is written.
    """
    if file_format not in FORMATS:
        raise ExportError(f"The export format must be one of {', '.join(FORMATS)} (got "
                          f"{file_format!r}).")
    out_dir = Path(out_dir)
    runback.read_all()  # a damaged file is refused before the folder is touched
    if runback.needs_setup:
        raise ExportError("This file has no runner yet: finish the first-run setup first.")
    names = export_names(runback, file_format)
    there = tuple(out_dir / name for name in names if os.path.lexists(out_dir / name))
    if there and not replace:
        raise ExportExists(f"{', '.join(p.name for p in there)} already "
                           f"{'exists' if len(there) == 1 else 'exist'} in {out_dir}; nothing "
                           f"was written.", there)

    def write(staging: Path) -> list[str]:
        tables = ((SUMMARY_SHEET, SUMMARY_COLUMNS, summary_rows(runback)),
                  (SESSIONS_SHEET, SESSIONS_COLUMNS, sessions_rows(runback)),
                  (SCORES_SHEET, SCORES_COLUMNS, scores_rows(runback)),
                  (CHECKINS_SHEET, CHECKINS_COLUMNS, checkins_rows(runback)))
        if file_format == "xlsx":
            write_xlsx(staging / names[0], tables)
            return names
        for name, (_, header, rows) in zip(names, tables, strict=True):
            write_csv(staging / name, header, rows)
        return names

    try:
        return write_all_or_none(out_dir, write)
    except SetNotWritten as failure:
        raise ExportError(f"Could not write the export to {out_dir}: {failure.reason}. "
                          f"{failure.left(out_dir)}; choose another folder or free some "
                          f"space.") from None
