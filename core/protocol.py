"""The protocol: every threshold, the walk–run ladder and the exercise programme.

The defaults live in ``resources/protocol.toml``. A runner's physio may override any
key; overrides are applied over the defaults and the result is validated again, so an
override can never produce a protocol the engine cannot use. A bad value names its key
and the rule it breaks.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import validate
from core.errors import InvalidInput, ProtocolError
from core.model import ExerciseTick, RunType
from core.resources import resource_path

# Pain-monitoring zones (Thomeé 1997): each zone's highest pain and its name; above the
# last, high risk. The "during" threshold may be set up to the top of the acceptable zone.
PAIN_ZONES = ((2, "safe"), (5, "acceptable"))
PAIN_ZONES_SOURCE = "Thomeé 1997"


def pain_zones_text() -> str:
    """"Zones: 0–2 safe, 3–5 acceptable, above 5 high risk (Thomeé 1997)"."""
    zones, low = [], 0
    for high, name in PAIN_ZONES:
        zones.append(f"{low}–{high} {name}")
        low = high + 1
    return (f"Zones: {', '.join(zones)}, above {PAIN_ZONES[-1][0]} high risk "
            f"({PAIN_ZONES_SOURCE})")


# Every scalar key: (type, minimum, maximum). Lists are checked by their own functions.
SCALARS: dict[str, tuple[type, float, float]] = {
    "pain.threshold": (int, 0, PAIN_ZONES[-1][0]),
    "pain.stop": (int, 1, 10),
    "pain.morning_worse_repeat": (int, 1, 10),
    "pain.morning_worse_step_back": (int, 1, 10),
    "pain.morning_before_max_days": (int, 0, 7),
    "pain.morning_ceiling": (int, 0, 10),
    "pain.morning_week_rise": (int, 1, 10),
    "calm.exit_pain_days": (int, 1, 28),
    "calm.cross_training_start_minutes": (int, 5, 180),
    "calm.cross_training_step_minutes": (int, 0, 60),
    "calm.cross_training_max_minutes": (int, 5, 240),
    "calm.cross_training_min_minutes": (int, 1, 120),
    "calm.cross_training_cut_percent": (int, 0, 90),
    "strength.sessions_per_week": (int, 1, 7),
    "strength.exit_weeks": (int, 1, 12),
    "mechanics.cadence_rise_min_percent": (float, 0, 30),
    "mechanics.cadence_rise_max_percent": (float, 0, 30),
    "walk_run.sessions_to_advance": (int, 1, 10),
    "walk_run.rest_days_between": (int, 0, 6),
    "walk_run.break_days": (int, 2, 365),
    "walk_run.levels_back_per_week_off": (int, 0, 10),
    "walk_run.effort_min": (int, 0, 10),
    "walk_run.effort_max": (int, 0, 10),
    "walk_run.advances_per_7_days": (int, 1, 7),
    "walk_run.runs_per_week": (int, 1, 7),
    "walk_run.stop_sign_rest_days": (int, 0, 14),
    "walk_run.levels_below_top_after_stage_5": (int, 0, 29),
    "load.acute_days": (int, 1, 28),
    "load.chronic_days": (int, 7, 84),
    "load.ratio_min_history_days": (int, 0, 365),
    "load.weekly_rise_caution_percent": (float, 0, 500),
    "load.two_week_rise_spike_percent": (float, 0, 500),
    "load.ratio_caution": (float, 0.5, 5),
    "load.ratio_high": (float, 0.5, 5),
    "load.spike_percent": (float, 1, 100),
    "load.spike_window_days": (int, 7, 90),
    "load.min_weekly_load": (float, 0, 10000),
    "performance.sessions_before_next": (int, 1, 20),
    "performance.weekly_load_growth_percent": (float, 0, 100),
    "stage_back.step_backs_in_a_row": (int, 1, 10),
    "stage_back.flare_pain_days": (int, 1, 28),
    "surgery.min_weeks": (int, 0, 52),
    "surgery.flexion_min_percent": (float, 50, 100),
    "surgery.pain_below": (int, 1, 10),
    "surgery.symmetry_min_percent": (float, 0, 100),
    "surgery.symmetry_performance_percent": (float, 0, 100),
}
LISTS = ("walk_run.ladder", "strength.exercises", "performance.reintroduce",
         "performance.mobility_drills")
KEYS = tuple(SCALARS) + LISTS

# Cross-key rules: (smaller key, larger key, how they must compare).
ORDERED = (
    ("pain.threshold", "pain.stop", "below"),
    ("pain.morning_worse_repeat", "pain.morning_worse_step_back", "below"),
    ("calm.cross_training_min_minutes", "calm.cross_training_max_minutes", "at most"),
    ("calm.cross_training_start_minutes", "calm.cross_training_max_minutes", "at most"),
    ("mechanics.cadence_rise_min_percent", "mechanics.cadence_rise_max_percent", "at most"),
    ("walk_run.effort_min", "walk_run.effort_max", "at most"),
    ("load.acute_days", "load.chronic_days", "below"),
    ("load.ratio_caution", "load.ratio_high", "below"),
    ("surgery.symmetry_min_percent", "surgery.symmetry_performance_percent", "at most"),
)
EXERCISE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# A programme and a drill list a runner can follow (and a screen can show).
EXERCISES_MAX, DRILLS_MAX, NAME_MAX_CHARS = 20, 20, 80


@dataclass(frozen=True)
class Level:
    """One rung of the walk–run ladder (1-based ``number``)."""

    number: int
    run_minutes: float
    walk_minutes: float
    rounds: int

    @property
    def total_run_minutes(self) -> float:
        return self.run_minutes * self.rounds

    @property
    def continuous(self) -> bool:
        return self.walk_minutes == 0 and self.rounds == 1

    def describe(self) -> str:
        if self.continuous:
            return f"Walk–run level {self.number}: {_num(self.run_minutes)} min continuous run"
        return (f"Walk–run level {self.number}: {_num(self.run_minutes)} min run / "
                f"{_num(self.walk_minutes)} min walk × {self.rounds}")


def _num(value: float) -> str:
    return f"{value:g}"


class Protocol:
    """A validated protocol. Read values with ``get('pain.threshold')`` or the properties."""

    def __init__(self, data: dict[str, Any]):
        _validate(data)
        self._data = data
        self._flat: dict[str, Any] = {}  # key -> value, filled as keys are read (read often)
        self._memo: dict[str, Any] = {}
        self.ladder: tuple[Level, ...] = tuple(
            Level(i, float(step["run_minutes"]), float(step["walk_minutes"]), int(step["rounds"]))
            for i, step in enumerate(data["walk_run"]["ladder"], start=1)
        )
        self.exercises: tuple[ExerciseTick, ...] = tuple(
            ExerciseTick(key=e["key"], name=e["name"], sets=int(e["sets"]),
                         reps=e.get("reps"), hold_seconds=e.get("hold_seconds"))
            for e in data["strength"]["exercises"]
        )
        self.reintroduce: tuple[RunType, ...] = tuple(
            RunType(v) for v in data["performance"]["reintroduce"])

    def get(self, key: str) -> Any:
        """A setting's value; lists come as copies, so the shared protocol cannot change."""
        value = self._flat.get(key)
        if value is None:
            section, name = _split(key)
            value = self._flat[key] = self._data[section][name]
        return copy.deepcopy(value) if isinstance(value, (list, dict)) else value

    def memo(self, name: str, make: Callable[[], Any]) -> Any:
        """A value derived from this protocol, made once: a protocol never changes, and a
        summary reads the same settings for every week of ten years."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    def as_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def with_override(self, key: str, value: Any) -> Protocol:
        """A new protocol with one key changed; raises ``ProtocolError`` if it breaks a rule."""
        return self.with_overrides({key: value})

    def with_overrides(self, changes: dict[str, Any]) -> Protocol:
        """A new protocol with several keys changed together, validated once as a whole
        (raising a threshold and its stop together must not fail half-way)."""
        data = self.as_dict()
        for key, value in changes.items():
            if key not in KEYS:
                raise ProtocolError(f"'{key}' is not a protocol setting. Known settings: "
                                    f"{', '.join(KEYS)}.")
            section, name = _split(key)
            data[section][name] = copy.deepcopy(value)
        return Protocol(data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Protocol) and self._data == other._data

    def __hash__(self) -> int:
        return hash(repr(self._data))

    # The values the engine reads most, named.
    @property
    def pain_threshold(self) -> int:
        return self.get("pain.threshold")

    @property
    def pain_stop(self) -> int:
        return self.get("pain.stop")

    @property
    def top_level(self) -> int:
        return len(self.ladder)

    def level(self, number: int) -> Level:
        return self.ladder[max(1, min(number, self.top_level)) - 1]


def _split(key: str) -> tuple[str, str]:
    section, _, name = key.partition(".")
    return section, name


def load(path: Path | None = None) -> Protocol:
    """Load and validate a protocol file (the bundled default when ``path`` is None)."""
    path = path or resource_path("protocol.toml")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ProtocolError(f"Cannot read the protocol file {path}: {error.strerror}.") from None
    except UnicodeDecodeError as error:
        raise ProtocolError(f"The protocol file {path} is not UTF-8 text ({error.reason} at "
                            f"byte {error.start}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProtocolError(f"The protocol file {path} is not valid TOML: {error}.") from None
    return Protocol(data)


_default: Protocol | None = None


def default() -> Protocol:
    """The bundled protocol, loaded once."""
    global _default
    if _default is None:
        _default = load()
    return _default


def _validate(data: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        raise ProtocolError("The protocol must be a table of sections.")
    for section, table in data.items():
        names = table.keys() if isinstance(table, dict) else [""]
        for name in names:
            if f"{section}.{name}" not in KEYS:
                raise ProtocolError(f"Protocol key '{section}.{name}' is not a known setting "
                                    f"(a typo?). Known settings: {', '.join(KEYS)}.")
    for key, (kind, low, high) in SCALARS.items():
        section, name = _split(key)
        if not isinstance(data.get(section), dict) or name not in data[section]:
            raise ProtocolError(f"Protocol key '{key}' is missing.")
        value = data[section][name]
        _check_number(key, value, kind, low, high)
    for small, large, how in ORDERED:
        a, b = (data[_split(k)[0]][_split(k)[1]] for k in (small, large))
        if (how == "below" and not a < b) or (how == "at most" and not a <= b):
            raise ProtocolError(f"Protocol key '{small}' ({a}) must be {how} "
                                f"'{large}' ({b}).")
    _validate_ladder(data["walk_run"].get("ladder"))
    _validate_exercises(data["strength"].get("exercises"))
    _validate_reintroduce(data["performance"].get("reintroduce"))
    _validate_drills(data["performance"].get("mobility_drills"))


def _check_number(key: str, value: Any, kind: type, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProtocolError(f"Protocol key '{key}' must be a number from {low:g} to {high:g} "
                            f"(got {value!r}).")
    # The range first: NaN and infinity fail it, and int() would raise on them.
    if not low <= value <= high:
        raise ProtocolError(f"Protocol key '{key}' must be from {low:g} to {high:g} "
                            f"(got {value!r}).")
    # 2.0 for a whole-number key too: what is saved must be what the setting holds.
    if kind is int and (isinstance(value, float) or value != int(value)):
        raise ProtocolError(f"Protocol key '{key}' must be a whole number (got {value!r}).")


def _validate_ladder(ladder: Any) -> None:
    key = "walk_run.ladder"
    if not isinstance(ladder, list) or not ladder:
        raise ProtocolError(f"Protocol key '{key}' must list at least one level.")
    if len(ladder) > 30:
        raise ProtocolError(f"Protocol key '{key}' has {len(ladder)} levels; at most 30.")
    previous_run = 0.0
    for number, step in enumerate(ladder, start=1):
        where = f"{key}[{number}]"
        if not isinstance(step, dict):
            raise ProtocolError(f"Protocol key '{where}' must have run_minutes, walk_minutes "
                                f"and rounds.")
        for name, kind, low, high in (("run_minutes", float, 0.25, 120),
                                      ("walk_minutes", float, 0, 30), ("rounds", int, 1, 30)):
            if name not in step:
                raise ProtocolError(f"Protocol key '{where}.{name}' is missing.")
            _check_number(f"{where}.{name}", step[name], kind, low, high)
        total_run = step["run_minutes"] * step["rounds"]
        if total_run < previous_run:
            raise ProtocolError(f"Protocol key '{where}': total running ({total_run:g} min) "
                                f"must not fall below the level before ({previous_run:g} min).")
        previous_run = total_run


def _validate_exercises(exercises: Any) -> None:
    key = "strength.exercises"
    if not isinstance(exercises, list) or not exercises:
        raise ProtocolError(f"Protocol key '{key}' must list at least one exercise.")
    if len(exercises) > EXERCISES_MAX:
        raise ProtocolError(f"Protocol key '{key}' has {len(exercises)} exercises; at most "
                            f"{EXERCISES_MAX}.")
    seen = set()
    for number, exercise in enumerate(exercises, start=1):
        where = f"{key}[{number}]"
        if not isinstance(exercise, dict):
            raise ProtocolError(f"Protocol key '{where}' must be a table.")
        ident = exercise.get("key")
        if not isinstance(ident, str) or not EXERCISE_KEY.match(ident):
            raise ProtocolError(f"Protocol key '{where}.key' must be a short lower-case "
                                f"identifier like 'glute_bridge' (got {ident!r}).")
        if ident in seen:
            raise ProtocolError(f"Protocol key '{where}.key': '{ident}' appears twice.")
        seen.add(ident)
        _check_name(f"{where}.name", exercise.get("name"))
        _check_number(f"{where}.sets", exercise.get("sets"), int, 1, 20)
        has_reps, has_hold = "reps" in exercise, "hold_seconds" in exercise
        if has_reps == has_hold:
            raise ProtocolError(f"Protocol key '{where}' needs either reps or hold_seconds, "
                                f"not both and not neither.")
        if has_reps:
            _check_number(f"{where}.reps", exercise["reps"], int, 1, 100)
        else:
            _check_number(f"{where}.hold_seconds", exercise["hold_seconds"], int, 1, 600)


def _check_name(key: str, value: Any, blank: str = "") -> None:
    """A name a person typed: printable, on one line, 1 to 80 characters. ``blank`` is the
    message for a missing or blank one."""
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError(blank or f"Protocol key '{key}' must be a name of "
                                     f"1–{NAME_MAX_CHARS} characters.")
    try:
        validate.name(value, "name", NAME_MAX_CHARS)
    except InvalidInput as error:
        raise ProtocolError(f"Protocol key '{key}': {error}") from None


def _validate_drills(drills: Any) -> None:
    key = "performance.mobility_drills"
    listed = f"Protocol key '{key}' must be a list of drill names."
    if not isinstance(drills, list):
        raise ProtocolError(listed)
    if len(drills) > DRILLS_MAX:
        raise ProtocolError(f"Protocol key '{key}' has {len(drills)} drills; at most "
                            f"{DRILLS_MAX}.")
    for number, drill in enumerate(drills, start=1):
        _check_name(f"{key}[{number}]", drill, listed)


def _validate_reintroduce(order: Any) -> None:
    key = "performance.reintroduce"
    allowed = {t.value for t in RunType} - {RunType.EASY.value}
    if (not isinstance(order, list) or not all(isinstance(v, str) for v in order)
            or set(order) - allowed or len(set(order)) != len(order)):
        raise ProtocolError(f"Protocol key '{key}' must list each of "
                            f"{', '.join(sorted(allowed))} at most once (got {order!r}).")
