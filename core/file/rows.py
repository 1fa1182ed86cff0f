"""Rows of the runner file as domain values, and back: one converter per table."""


import datetime as dt
import json
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Protocol, TypeVar

from core.entries import Entries
from core.model import (
    Activity,
    Actor,
    CadenceBaseline,
    CheckIn,
    Discharge,
    Effusion,
    ExerciseTick,
    KneeProblem,
    PlanChange,
    Profile,
    Questionnaire,
    ReadinessCheck,
    ReadinessTest,
    RunType,
    Session,
    SessionKind,
    Side,
    Sleep,
    Stage,
    StageEvent,
    StageEventKind,
    SurgeryCheck,
    Taken,
    Variant,
)
from core.validate import EARLIEST_DAY, LATEST_DAY


class Cells(Protocol):
    """A row's cells by column name: a ``sqlite3.Row``, or a dict."""

    def __getitem__(self, column: str, /) -> Any: ...


EnumT = TypeVar("EnumT", bound=Enum)


def splice(entries: tuple[Any, ...], fresh: list[Any], column: str,
           keys: set[object]) -> Entries[Any]:
    """Entries with those of ``keys`` replaced by ``fresh`` (gone if deleted), still sorted.

    A log's entries carry their lookups (``core.entries.Entries``): they are updated with the
    rows changed, so the cost does not grow with the history."""
    if not isinstance(entries, Entries):
        entries = Entries(entries, column)
    return entries.spliced(fresh, keys)


def parse_date(text: str) -> dt.date:
    """An ISO date (``2026-03-02``) from 1970 to 2099. Anything else another program wrote
    (``03/02/2026``, ``20260302``, year 1, NULL) raises, and the loader names the cell."""
    day = dt.date.fromisoformat(text)
    if len(text) != 10 or not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"{text!r} is not an ISO date from {EARLIEST_DAY} to {LATEST_DAY}")
    return day


# Raised by a converter given a cell it cannot use; the store turns it into ``BrokenRow``.
CONVERSION_ERRORS = (ValueError, TypeError, LookupError, OverflowError, AttributeError)

# The cells a session of each kind cannot do without (the rules read them). Pain during
# and effort may be empty (version 5): a session imported from a watch file has them only
# once the runner adds them, and a walk–run decides nothing until then.
NEEDED_BY_KIND = {
    SessionKind.CROSS_TRAINING: ("activity",),
    SessionKind.WALK_RUN: ("level", "planned_run_minutes", "planned_walk_minutes",
                           "planned_rounds", "run_minutes", "walk_minutes", "rounds"),
    SessionKind.RUN: ("run_type",),
}


def profile_from_row(p: Cells) -> Profile:
    return Profile(member(KneeProblem, p["knee_problem"]), member(Side, p["affected_side"]),
                   parse_date(p["start_date"]), p["goal"],
                   parse_date(p["surgery_date"]) if p["surgery_date"] else None,
                   instruments_from_json(p["instruments"]))


def instruments_from_json(text: str | None) -> tuple | None:
    """The instruments a runner's physio uses (``profile.instruments``, a JSON array of
    keys), or None when never chosen (all of them). Imported only when a file holds some:
    scoring is not needed to draw Today."""
    if text is None:
        return None
    from core.outcomes.instruments import InstrumentKey

    keys = json.loads(text)
    if not isinstance(keys, list):
        raise ValueError(f"{text!r} is not a JSON array of questionnaire keys")
    found = tuple(member(InstrumentKey, key) for key in keys)
    if len(set(found)) != len(found):
        raise ValueError(f"{text!r} names a questionnaire twice")
    return found


def questionnaire_from_row(r: Cells) -> Questionnaire:
    """A questionnaire taken; its answers checked against its instrument's items, as when
    it was taken (``core.outcomes.validate_answers``: an ``InvalidInput``, a ValueError).

    Questionnaires are read whole for the first view, so a set of items all answered, in
    their order, is checked here against a table of each item's points (a sixth of the
    cost); anything else goes through ``validate_answers`` itself."""
    instruments, full_sets, validate_answers = _outcomes()
    key = member(instruments, r["instrument"])
    answers = json.loads(r["answers"])
    if not isinstance(answers, dict):
        raise ValueError(f"{r['answers']!r} is not a JSON object of answers")
    full = full_sets.get(key)
    if full is None or tuple(answers) != full[0] or not all(
            type(points) is int and points in allowed
            for points, allowed in zip(answers.values(), full[1], strict=True)):
        answers = validate_answers(key, answers)
    return Questionnaire(parse_date(r["date"]), key, answers, r["notes"], r["id"],
                         r["recorded_at"])


_OUTCOMES: tuple[Any, ...] = ()


def _outcomes() -> tuple[Any, ...]:
    """(InstrumentKey, each instrument's item keys and their points, a validator by key),
    imported on the first questionnaire read: Today draws without scoring."""
    global _OUTCOMES
    if not _OUTCOMES:
        from core.outcomes.instruments import INSTRUMENTS, InstrumentKey

        def validate(key: Any, answers: dict) -> dict:
            # Scoring only for a set not answered whole and in order (the PSFS, one left
            # unanswered): a file of whole sets never imports it (~2 ms of the start).
            from core.outcomes.scoring import validate_answers

            return validate_answers(INSTRUMENTS[key], answers)

        full_sets = {key: (tuple(item.key for item in each.items),
                           tuple(frozenset(item.points) for item in each.items))
                     for key, each in INSTRUMENTS.items() if each.items}
        _OUTCOMES = (InstrumentKey, full_sets, validate)
    return _OUTCOMES


def exercise_from_row(t: Cells) -> ExerciseTick:
    if t["reps"] is None and t["hold_seconds"] is None:
        raise ValueError("an exercise needs reps or hold_seconds")
    if done_counted_wrong(t):
        raise ValueError("what was done is counted unlike the dose")
    return ExerciseTick(t["exercise_key"], t["name"], t["sets"], t["reps"], t["hold_seconds"],
                        bool(t["ticked"]), t["pain"], member(Variant, t["variant"]),
                        t["done_sets"], t["done_reps"], t["done_hold_seconds"], t["load_kg"])


def done_counted_wrong(t: Cells) -> str | None:
    """The done column counted unlike the tick's dose (reps done for a hold), or None."""
    if t["hold_seconds"] is not None and t["done_reps"] is not None:
        return "done_reps"
    if t["hold_seconds"] is None and t["done_hold_seconds"] is not None:
        return "done_hold_seconds"
    return None


def to_sql(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def member(kind: type[EnumT], value: Any) -> EnumT:
    """``kind(value)``, from a table of the members: calling an enum is slow, and a
    10-year file asks ~10,000 times."""
    members = _MEMBERS.get(kind)
    if members is None:
        members = _MEMBERS[kind] = {each.value: each for each in kind}
    found = members.get(value)
    return found if isinstance(found, kind) else kind(value)  # kind(value) says what is wrong


_MEMBERS: dict[type[Enum], dict[Any, Enum]] = {}


def session_from_row(row: Cells, exercises: Iterable[ExerciseTick]) -> Session:
    def flag(name: str) -> bool | None:
        return None if row[name] is None else bool(row[name])

    kind = member(SessionKind, row["kind"])
    needed = NEEDED_BY_KIND.get(kind)
    if needed is not None:
        for name in needed:
            if row[name] is None:
                raise ValueError(f"a {kind.value} session needs {name}")
    return Session(
        id=row["id"], date=parse_date(row["date"]), kind=kind,
        minutes=row["minutes"], effort=row["effort"], pain_during=row["pain_during"],
        notes=row["notes"],
        activity=member(Activity, row["activity"]) if row["activity"] else None,
        level=row["level"], planned_run_minutes=row["planned_run_minutes"],
        planned_walk_minutes=row["planned_walk_minutes"], planned_rounds=row["planned_rounds"],
        run_minutes=row["run_minutes"], walk_minutes=row["walk_minutes"],
        rounds=row["rounds"], limp=bool(row["limp"]), swelling=bool(row["swelling"]),
        run_type=member(RunType, row["run_type"]) if row["run_type"] else None,
        distance_km=row["distance_km"], cadence=row["cadence"],
        cue_under_body=flag("cue_under_body"), cue_tall_trunk=flag("cue_tall_trunk"),
        exercises=tuple(exercises), recorded_at=row["recorded_at"])


def _readiness(r: Cells) -> ReadinessCheck:
    return ReadinessCheck(r["id"], parse_date(r["date"]), ReadinessTest(r["test"]),
                          bool(r["completed"]), r["pain"], r["notes"])


def _stage_event(r: Cells) -> StageEvent:
    return StageEvent(r["id"], parse_date(r["date"]), StageEventKind(r["kind"]),
                      Stage(r["from_stage"]) if r["from_stage"] else None,
                      Stage(r["to_stage"]), r["reason"], Actor(r["actor"]))


def plan_change_from_row(r: Cells) -> PlanChange:
    return PlanChange(r["id"], parse_date(r["date"]), r["key"], json.loads(r["value"]),
                      r["reason"], Actor(r["actor"]), r["recorded_at"],
                      json.loads(r["previous"]) if r["previous"] else None)


def _surgery_check(r: Cells) -> SurgeryCheck:
    extension = r["full_extension"]
    return SurgeryCheck(r["id"], parse_date(r["date"]),
                        None if extension is None else bool(extension), r["flexion_percent"],
                        member(Effusion, r["effusion"]) if r["effusion"] else None, r["pain"],
                        r["quadriceps_symmetry_percent"], r["hop_symmetry_percent"],
                        r["notes"], r["recorded_at"])


def discharge_from_row(r: Cells) -> Discharge:
    return Discharge(r["id"], parse_date(r["date"]), r["note"], member(Actor, r["actor"]),
                     r["recorded_at"],
                     parse_date(r["reopened_on"]) if r["reopened_on"] else None)


# Log field -> (table, sort order, row converter). Sessions (no converter here) also read
# their exercise ticks: ``session_from_row``.
LOADERS: dict[str, tuple[str, str, Callable[[Cells], Any] | None]] = {
    "check_ins": ("check_ins", "date", lambda r: CheckIn(
        parse_date(r["date"]), r["pain"], r["notes"],
        member(Taken, r["taken"]) if r["taken"] else None, bool(r["swelling"]),
        bool(r["stiffness"]), r["recorded_at"])),
    "sessions": ("sessions", "date, id", None),
    "readiness": ("readiness_checks", "date, id", _readiness),
    "sleep": ("sleep", "date", lambda r: Sleep(parse_date(r["date"]), r["hours"])),
    "cadence_baselines": ("cadence_baselines", "date, id",
                          lambda r: CadenceBaseline(parse_date(r["date"]), r["steps_per_minute"],
                                                    r["id"])),
    "stage_events": ("stage_events", "date, id", _stage_event),
    "plan_changes": ("plan_changes", "date, id", plan_change_from_row),
    "surgery_checks": ("surgery_checks", "date, id", _surgery_check),
    "questionnaires": ("questionnaires", "date, id", questionnaire_from_row),
    "discharges": ("discharges", "date, id", discharge_from_row),
}
