"""Rows of the runner file as domain values, and back: one converter per table."""


import datetime as dt
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any

from core.entries import Entries
from core.model import (
    Activity,
    Actor,
    CadenceBaseline,
    CheckIn,
    Effusion,
    PlanChange,
    ReadinessCheck,
    ReadinessTest,
    RunType,
    Session,
    SessionKind,
    Sleep,
    Stage,
    StageEvent,
    StageEventKind,
    SurgeryCheck,
    Taken,
)


def splice(entries: tuple, fresh: list, column: str, keys: set) -> Entries:
    """Entries with those of ``keys`` replaced by ``fresh`` (gone if deleted), still sorted.

    A log's entries carry their lookups (``core.entries.Entries``): they are updated with the
    rows changed, so the cost does not grow with the history."""
    if not isinstance(entries, Entries):
        entries = Entries(entries, column)
    return entries.spliced(fresh, keys)


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def to_sql(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def member(kind: type[Enum], value: Any) -> Enum:
    """``kind(value)``, from a table of the members: calling an enum is slow, and a
    10-year file asks ~10,000 times."""
    members = _MEMBERS.get(kind)
    if members is None:
        members = _MEMBERS[kind] = {each.value: each for each in kind}
    found = members.get(value)
    return found if found is not None else kind(value)  # kind(value) says what is wrong


_MEMBERS: dict[type[Enum], dict[Any, Enum]] = {}


def session_from_row(row: Mapping[str, Any], exercises) -> Session:
    def flag(name: str) -> bool | None:
        return None if row[name] is None else bool(row[name])

    return Session(
        id=row["id"], date=parse_date(row["date"]), kind=member(SessionKind, row["kind"]),
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


def _readiness(r) -> ReadinessCheck:
    return ReadinessCheck(r["id"], parse_date(r["date"]), ReadinessTest(r["test"]),
                          bool(r["completed"]), r["pain"], r["notes"])


def _stage_event(r) -> StageEvent:
    return StageEvent(r["id"], parse_date(r["date"]), StageEventKind(r["kind"]),
                      Stage(r["from_stage"]) if r["from_stage"] else None,
                      Stage(r["to_stage"]), r["reason"], Actor(r["actor"]))


def _plan_change(r) -> PlanChange:
    return PlanChange(r["id"], parse_date(r["date"]), r["key"], json.loads(r["value"]),
                      r["reason"], Actor(r["actor"]), r["recorded_at"],
                      json.loads(r["previous"]) if r["previous"] else None)


def _surgery_check(r) -> SurgeryCheck:
    extension = r["full_extension"]
    return SurgeryCheck(r["id"], parse_date(r["date"]),
                        None if extension is None else bool(extension), r["flexion_percent"],
                        member(Effusion, r["effusion"]) if r["effusion"] else None, r["pain"],
                        r["quadriceps_symmetry_percent"], r["hop_symmetry_percent"],
                        r["notes"], r["recorded_at"])


# Log field -> (table, sort order, row converter). Sessions also read their exercise ticks.
LOADERS = {
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
    "plan_changes": ("plan_changes", "date, id", _plan_change),
    "surgery_checks": ("surgery_checks", "date, id", _surgery_check),
}
