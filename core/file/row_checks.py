"""Rows another program broke: which cell, and what is wrong with it.

DATA.md invites `sqlite3`, sqlite-utils and Datasette users into the runner file. A cell
they leave in a form Runback cannot use (``03/02/2026``, an unknown activity, a plan value
that is not JSON, a start date in year 1, a NULL a walk–run needs) must give one message
naming the table, the row and the column, never a crash. Loading stays one pass: the
converters in ``core.file.rows`` raise, and only then are the failing rows looked at here.
``row_problems`` runs the same converters over every row for ``runback check``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from core.errors import BrokenRow
from core.file.rows import (
    CONVERSION_ERRORS,
    LOADERS,
    NEEDED_BY_KIND,
    Cells,
    done_counted_wrong,
    exercise_from_row,
    profile_from_row,
    session_from_row,
)
from core.model import (
    Activity,
    Actor,
    KneeProblem,
    ReadinessTest,
    RunType,
    SessionKind,
    Side,
    Stage,
    StageEventKind,
    Taken,
    Variant,
)
from core.validate import EARLIEST_DAY, LATEST_DAY

Check = Callable[[Any], str | None]  # a cell's value -> what is wrong with it, or None


def _shown(value: Any) -> str:
    """A cell as a one-line message shows it: quoted, escaped, at most ~40 characters."""
    text = repr(value)
    return text if len(text) <= 42 else text[:38] + "…" + text[-1]


def _date(optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None or value == "":
            return None if optional else "it is empty, and a date is needed"
        if not isinstance(value, str):
            return f"{_shown(value)} is not a date"
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is None or len(value) != 10:
            return f"{_shown(value)} is not a date in ISO form (YYYY-MM-DD, like 2026-03-02)"
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            return f"{value} is outside the dates Runback keeps ({EARLIEST_DAY} to {LATEST_DAY})"
        return None
    return check


def _member(kind: type[Enum], optional: bool = False) -> Check:
    values = [member.value for member in kind]

    def check(value: Any) -> str | None:
        if value is None or value == "":
            return None if optional else "it is empty, and a value is needed"
        if value not in values:
            return (f"{_shown(value)} is not one of "
                    f"{', '.join(str(v) for v in values)}")
        return None
    return check


def _json(optional: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None or value == "":
            return None if optional else "it is empty, and a JSON value is needed"
        try:
            json.loads(value)
        except (TypeError, ValueError) as error:
            return f"{_shown(value)} is not JSON ({error})"
        return None
    return check


def _instruments(value: Any) -> str | None:
    """``profile.instruments``: null, or a JSON array of distinct questionnaire keys."""
    if value is None:
        return None
    from core.outcomes.instruments import InstrumentKey

    try:
        keys = json.loads(value)
    except (TypeError, ValueError) as error:
        return f"{_shown(value)} is not JSON ({error})"
    known = [key.value for key in InstrumentKey]
    if not isinstance(keys, list) or not all(key in known for key in keys):
        return (f"{_shown(value)} is not a JSON array of questionnaire keys "
                f"({', '.join(known)})")
    if len(set(keys)) != len(keys):
        return f"{_shown(value)} names a questionnaire twice"
    return None


def _answers(row: Cells) -> str | None:
    """A questionnaire's answers, against its instrument's items (the instrument and the
    JSON checked before)."""
    from core.outcomes.instruments import instrument
    from core.outcomes.scoring import validate_answers

    answers = json.loads(row["answers"])
    if not isinstance(answers, dict):
        return f"{_shown(row['answers'])} is not a JSON object of answers"
    try:
        validate_answers(instrument(row["instrument"]), answers)
    except ValueError as error:
        return str(error).rstrip(".")
    return None


def _instrument_key(value: Any) -> str | None:
    from core.outcomes.instruments import InstrumentKey

    return _member(InstrumentKey)(value)


def _plan_key(value: Any) -> str | None:
    from core.rules import settings
    from core.rules.plan import LEVEL_KEY

    if value != LEVEL_KEY and value not in settings.REGISTRY.keys:
        return f"{_shown(value)} is not a protocol setting"
    return None


# Every column a converter reads that a broken cell can upset, table by table.
COLUMN_CHECKS: dict[str, Sequence[tuple[str, Check]]] = {
    "profile": (("knee_problem", _member(KneeProblem)), ("affected_side", _member(Side)),
                ("start_date", _date()), ("surgery_date", _date(optional=True)),
                ("instruments", _instruments)),
    "check_ins": (("date", _date()), ("taken", _member(Taken, optional=True))),
    "sessions": (("date", _date()), ("kind", _member(SessionKind)),
                 ("activity", _member(Activity, optional=True)),
                 ("run_type", _member(RunType, optional=True))),
    "readiness_checks": (("date", _date()), ("test", _member(ReadinessTest))),
    "sleep": (("date", _date()),),
    "cadence_baselines": (("date", _date()),),
    "stage_events": (("date", _date()), ("kind", _member(StageEventKind)),
                     ("from_stage", _member(Stage, optional=True)), ("to_stage", _member(Stage)),
                     ("actor", _member(Actor))),
    "plan_changes": (("date", _date()), ("key", _plan_key), ("value", _json()),
                     ("previous", _json(optional=True)), ("actor", _member(Actor))),
    "questionnaires": (("date", _date()), ("instrument", _instrument_key), ("answers", _json())),
    "discharges": (("date", _date()), ("actor", _member(Actor)),
                   ("reopened_on", _date(optional=True))),
    "exercise_ticks": (("variant", _member(Variant)),),
}
KEY_COLUMNS = {"profile": ("id",), "check_ins": ("date",), "sleep": ("date",),
               "exercise_ticks": ("session_id", "exercise_key")}


def row_key(table: str, row: Cells) -> str:
    """How a message names a row: by its key columns (``id 42``, ``date '2026-03-02'``)."""
    names = KEY_COLUMNS.get(table, ("id",))
    try:
        return ", ".join(f"{name} {_shown(row[name])}" for name in names)
    except (IndexError, KeyError):
        return "(no key)"


def diagnose(table: str, row: Cells, error: Exception) -> tuple[str, str]:
    """The column at fault in ``row`` and what is wrong with it."""
    columns = row.keys() if hasattr(row, "keys") else ()
    checks = COLUMN_CHECKS.get(table, (("date", _date()),) if "date" in columns else ())
    for column, check in checks:
        if column not in columns:
            return column, "the column is missing"
        problem = check(row[column])
        if problem:
            return column, problem
    if table == "sessions" and row["kind"] in {kind.value for kind in NEEDED_BY_KIND}:
        for column in NEEDED_BY_KIND[SessionKind(row["kind"])]:
            if row[column] is None:
                return column, f"it is empty, and a {row['kind']} session needs it"
    if table == "questionnaires":
        problem = _answers(row)
        if problem:
            return "answers", problem
    if table == "exercise_ticks" and row["reps"] is None and row["hold_seconds"] is None:
        return "reps", "both reps and hold_seconds are empty; an exercise needs one"
    if table == "exercise_ticks" and done_counted_wrong(row):
        counted = "seconds held" if row["hold_seconds"] is not None else "reps"
        return done_counted_wrong(row) or "?", (f"it is set, but this exercise is counted in "
                                                f"{counted}; empty it")
    return "?", f"Runback cannot use it ({type(error).__name__}: {_shown(str(error))[1:-1]})"


def broken_row(path: Path | None, table: str, row: Cells, error: Exception,
               column: str | None = None, problem: str | None = None) -> BrokenRow:
    """The error for one broken row: one line saying where, what, and what to do."""
    if column is None or problem is None:
        column, problem = diagnose(table, row, error)
    key = row_key(table, row)
    name = path or "The runner file"
    return BrokenRow(path, table, key, column, (
        f"{name} holds a row Runback cannot read, changed by another program: table "
        f"{table}, row {key}, column {column}: {problem}. Correct that cell (docs/DATA.md "
        f"gives each column's form) or restore a backup copy; the file was left as it was."))


def first_broken(path: Path | None, table: str, rows: Iterable[Cells],
                 convert: Callable[[Any], Any], error: Exception) -> BrokenRow:
    """After a converter raised over ``rows``: the error naming the first row it fails on."""
    for row in rows:
        try:
            convert(row)
        except CONVERSION_ERRORS as failure:
            return broken_row(path, table, row, failure)
    return broken_row(path, table, {}, error)


def _converters() -> list[tuple[str, Callable[[Any], Any]]]:
    """(table, converter) for every table the loader reads, in the loader's order."""
    tables: list[tuple[str, Callable[[Any], Any]]] = [("profile", profile_from_row)]
    for table, _, convert in LOADERS.values():
        if convert is None:  # sessions, with their exercise ticks
            tables.append((table, lambda row: session_from_row(row, ())))
            tables.append(("exercise_ticks", exercise_from_row))
        else:
            tables.append((table, convert))
    return tables


def row_problems(conn: sqlite3.Connection, path: Path | None = None,
                 limit: int = 50) -> list[str]:
    """Every row the loader could not read, one line each (at most ``limit`` lines, then a
    count): the same converters as loading, over every row of every table."""
    problems: list[str] = []
    found = 0
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    for table, convert in _converters():
        for row in cursor.execute(f'SELECT * FROM "{table}"'):
            try:
                convert(row)
            except CONVERSION_ERRORS as error:
                found += 1
                if found <= limit:
                    column, problem = diagnose(table, row, error)
                    problems.append(f"table {table}, row {row_key(table, row)}, "
                                    f"column {column}: {problem}")
    if found > limit:
        problems.append(f"… and {found - limit} more")
    return problems


def plan_problems(base, changes) -> list[tuple[Any, str, str]]:
    """The plan changes that cannot be applied: (change, column, why). An unknown setting,
    a level that is not a whole number from 1, or a value the protocol refuses (applied in
    order and together, as ``core.rules.plan.Plan`` applies them)."""
    from core.errors import ProtocolError
    from core.rules.plan import LEVEL_KEY

    problems = []
    groups: dict[tuple[dt.date, str], list] = {}
    for change in sorted(changes, key=lambda c: (c.date, c.id)):
        unknown = _plan_key(change.key)
        if unknown:
            problems.append((change, "key", unknown))
        elif change.key == LEVEL_KEY:
            value = change.value
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append((change, "value", f"{_shown(value)} is not a ladder level "
                                                  f"(a whole number from 1)"))
        else:
            groups.setdefault((change.date, change.recorded_at), []).append(change)
    protocol = base
    for group in groups.values():
        try:
            protocol = protocol.with_overrides({c.key: c.value for c in group})
        except ProtocolError as error:
            named = [c for c in group if f"'{c.key}" in str(error)] or group
            problems.append((named[0], "value", f"{_shown(json.dumps(named[0].value))} "
                                                f"cannot be applied: {str(error).rstrip('.')}"))
    return problems


def broken_plan(path: Path | None, change, column: str, problem: str) -> BrokenRow:
    return broken_row(path, "plan_changes", {"id": change.id}, ValueError(problem), column,
                      problem)
