"""Every protocol setting, declared once: type, default, range, unit, label, help, source.

Read a value by attribute: ``protocol.walk_run.rest_days_between``. The key a plan change
stores (``walk_run.rest_days_between``) is the section and field name. To add a setting,
declare it here in its section and give ``resources/protocol.toml`` the same default (a
test checks the two agree); validation, the physio's form and RULES.md's table
(``python -m core.rules.settings --markdown``) follow. How a declaration works:
``core/rules/declare.py``.

The defaults are declared here and kept in the TOML too: the TOML is the format of a
clinic's own protocol file, commented for the physio who edits it, so it stays a hand
written file rather than one generated from this module; a test keeps it equal.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from core import validate
from core.errors import InvalidInput, ProtocolError
from core.model import ExerciseTick, RunType, Variant
from core.rules.declare import Registry, check_number, list_setting, markdown, setting
from core.rules.exercises import check_programme_entry

# Pain-monitoring zones (Thomeé 1997): each zone's highest pain and its name; above the
# last, high risk. The "during" threshold may be set up to the top of the acceptable zone.
PAIN_ZONES = ((2, "safe"), (5, "acceptable"))
PAIN_ZONES_SOURCE = "Thomeé 1997"
SPIKE_WINDOW_DAYS_MAX = 90  # metrics keep this much running history for the run spike
EXERCISE_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# A programme and a drill list a runner can follow (and a screen can show).
EXERCISES_MAX, DRILLS_MAX, NAME_MAX_CHARS, LEVELS_MAX = 20, 20, 80, 30


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


# --- the list settings' checks and types ----------------------------------------------------

def _validate_ladder(ladder: Any) -> None:
    key = "walk_run.ladder"
    if not isinstance(ladder, list) or not ladder:
        raise ProtocolError(f"Protocol key '{key}' must list at least one level.")
    if len(ladder) > LEVELS_MAX:
        raise ProtocolError(f"Protocol key '{key}' has {len(ladder)} levels; at most "
                            f"{LEVELS_MAX}.")
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
            check_number(f"{where}.{name}", step[name], kind, low, high)
        total_run = step["run_minutes"] * step["rounds"]
        if total_run < previous_run:
            raise ProtocolError(f"Protocol key '{where}': total running ({total_run:g} min) "
                                f"must not fall below the level before ({previous_run:g} min).")
        previous_run = total_run


def _ladder(steps: list[dict]) -> tuple[Level, ...]:
    return tuple(Level(i, float(step["run_minutes"]), float(step["walk_minutes"]),
                       int(step["rounds"])) for i, step in enumerate(steps, start=1))


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
        check_number(f"{where}.sets", exercise.get("sets"), int, 1, 20)
        has_reps, has_hold = "reps" in exercise, "hold_seconds" in exercise
        if has_reps == has_hold:
            raise ProtocolError(f"Protocol key '{where}' needs either reps or hold_seconds, "
                                f"not both and not neither.")
        if has_reps:
            check_number(f"{where}.reps", exercise["reps"], int, 1, 100)
        else:
            check_number(f"{where}.hold_seconds", exercise["hold_seconds"], int, 1, 600)
        check_programme_entry(where, exercise)  # the variant and the physio's own how-to


def _exercises(exercises: list[dict]) -> tuple[ExerciseTick, ...]:
    return tuple(ExerciseTick(key=e["key"], name=e["name"], sets=int(e["sets"]),
                              reps=e.get("reps"), hold_seconds=e.get("hold_seconds"),
                              variant=Variant(e.get("variant", Variant.STANDARD)))
                 for e in exercises)


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


def _run_types(order: list[str]) -> tuple[RunType, ...]:
    return tuple(RunType(v) for v in order)


# --- the sections ----------------------------------------------------------------------------

SEED = "seed article"


@dataclass(frozen=True)
class Pain:
    title: ClassVar[str] = "Pain rule"
    threshold: int = setting(
        2, 0, PAIN_ZONES[-1][0], "Pain threshold (progress at or below)", "/ 10",
        below="pain.stop", help="Progress only if pain during the activity is at most this.",
        source=f"{SEED}; {PAIN_ZONES_SOURCE} and Silbernagel 2007: 0–2 safe, 3–5 acceptable")
    stop: int = setting(
        5, 1, 10, "Stop threshold (step back at or above)", "/ 10",
        help="Pain during at or above this steps back at once.",
        source="pain-monitoring model: above 5 is high risk")
    morning_worse_repeat: int = setting(
        1, 1, 10, "Morning worse by (points): repeat", below="pain.morning_worse_step_back",
        help="A next morning worse than the morning before by this much: repeat the level.",
        source=f"{SEED}; Silbernagel 2007")
    morning_worse_step_back: int = setting(
        2, 1, 10, "Morning worse by (points): step back",
        help="… by this much or more: step back a level.", source=f"{SEED}; Silbernagel 2007")
    morning_before_max_days: int = setting(
        2, 0, 7, "Morning before: at most (days old)",
        help="The check-in before a session counts as its morning before at most this old.",
        source="Runback's reading of the article's rule")
    morning_ceiling: int = setting(
        3, 0, 10, "Next-morning ceiling", "/ 10",
        help="No advance while next-morning pain is above this.", source="Silbernagel 2007")
    morning_week_rise: int = setting(
        1, 1, 10, "Weekly morning rise (points)",
        help="No advance while the weekly mean of morning pain rose this much.",
        source="Silbernagel 2007")


@dataclass(frozen=True)
class WalkRun:
    title: ClassVar[str] = "Walk–run ladder"
    sessions_to_advance: int = setting(
        2, 1, 10, "Sessions to pass per level",
        help="Passing sessions at a level before moving up (the top level too).",
        source="US Army protocol (Trials 2023)")
    rest_days_between: int = setting(
        1, 0, 6, "Rest days between runs", help="Rest days required between two walk–runs.",
        source="US Army protocol; Delaware; Couch to 5K")
    break_days: int = setting(
        14, 2, 365, "Break that restarts lower (days)",
        help="A gap this long restarts the ladder lower.", source="Couch to 5K")
    levels_back_per_week_off: int = setting(
        1, 0, 10, "Levels back per week off",
        help="Levels back per full week off after such a break.", source="Runback's default")
    effort_min: int = setting(
        3, 0, 10, "Easy effort: lowest", "/ 10", at_most="walk_run.effort_max",
        help="Easy effort for a walk–run (session RPE): lowest.", source="US Army protocol")
    effort_max: int = setting(
        5, 0, 10, "Easy effort: highest", "/ 10",
        help="… highest; a session above it earns no pass.", source="US Army protocol")
    advances_per_7_days: int = setting(
        2, 1, 7, "Advances in any 7 days, at most",
        help="Level advances in any 7 days, at most.",
        source="Delaware running progression (Capin 2018)")
    runs_per_week: int = setting(
        4, 1, 7, "Walk–runs a week, at most",
        help="Walk–runs a week (Monday–Sunday), at most; more earn no pass.",
        source="Delaware running progression (Capin 2018)")
    stop_sign_rest_days: int = setting(
        2, 0, 14, "Rest after a limp or swelling (days)",
        help="Days off after a limp or swelling; the next walk–run starts a level lower.",
        source="soreness rules, Fees 1998")
    levels_below_top_after_stage_5: int = setting(
        2, 0, 29, "Back from stage 5: levels below the top",
        help="Back from stage 5 to the ladder, resume this many levels below the top.",
        source="Runback's default")
    warm_up_minutes: int = setting(
        5, 0, 30, "Warm-up walk before a walk–run", "min",
        help="A brisk walk before the first run (the watch workout starts with it; 0: "
             "none).", source="NHS Couch to 5K")
    cool_down_minutes: int = setting(
        5, 0, 30, "Cool-down walk after a walk–run", "min",
        help="A walk after the last round (the watch workout ends with it; 0: none).",
        source="NHS Couch to 5K")
    ladder: tuple[Level, ...] = list_setting(
        ({"run_minutes": 1, "walk_minutes": 2, "rounds": 8},
         {"run_minutes": 2, "walk_minutes": 2, "rounds": 6},
         {"run_minutes": 3, "walk_minutes": 2, "rounds": 5},
         {"run_minutes": 4, "walk_minutes": 1, "rounds": 5},
         {"run_minutes": 6, "walk_minutes": 1, "rounds": 4},
         {"run_minutes": 9, "walk_minutes": 1, "rounds": 3},
         {"run_minutes": 14, "walk_minutes": 1, "rounds": 2},
         {"run_minutes": 30, "walk_minutes": 0, "rounds": 1}),
        _validate_ladder, _ladder, "Walk–run ladder", "levels",
        help="Level 1 is 1 min run / 2 min walk × 8, up to 30 min continuous.",
        source=f"{SEED}; NHS Couch to 5K")


@dataclass(frozen=True)
class Strength:
    title: ClassVar[str] = "Strength"
    sessions_per_week: int = setting(
        2, 1, 7, "Strength sessions per week", help="Strength sessions a week, from stage 2 on.",
        source=f"{SEED}; Willy 2019")
    exit_weeks: int = setting(
        2, 1, 12, "Weeks of full sessions to move on",
        help="Weeks in a row with enough comfortable sessions to open stage 3.", source=SEED)
    exercises: tuple[ExerciseTick, ...] = list_setting(
        ({"key": "glute_bridge", "name": "Glute bridge", "sets": 3, "reps": 12},
         {"key": "hip_thrust", "name": "Hip thrust", "sets": 3, "reps": 10},
         {"key": "step_up", "name": "Step-up (each leg)", "sets": 3, "reps": 10},
         {"key": "split_squat", "name": "Split squat (each leg)", "sets": 3, "reps": 8},
         {"key": "hamstring_curl", "name": "Hamstring curl", "sets": 3, "reps": 10},
         {"key": "plank", "name": "Plank", "sets": 3, "hold_seconds": 30},
         {"key": "dead_bug", "name": "Dead bug (each side)", "sets": 3, "reps": 8}),
        _validate_exercises, _exercises, "Exercise programme", "exercises",
        help="The strength programme: each exercise's sets and reps or hold, its variant "
             "and the physio's own how-to if any.",
        source=f"{SEED}; Willy 2019")


@dataclass(frozen=True)
class Load:
    title: ClassVar[str] = "Load flags"
    acute_days: int = setting(
        7, 1, 28, "Acute window (days)", below="load.chronic_days",
        help="The acute window of the acute:chronic ratio.", source="Gabbett 2016")
    chronic_days: int = setting(
        28, 7, 84, "Chronic window (days)", help="The chronic window of the ratio.",
        source="Gabbett 2016")
    ratio_min_history_days: int = setting(
        28, 0, 365, "History before a ratio (days)",
        help="No ratio until running has been logged this long.")
    weekly_rise_caution_percent: float = setting(
        10, 0, 500, "Context: weekly rise above", "%",
        help="Context flag: weekly load up more than this on last week.",
        source="widely used; no effect in a trial (Buist 2008)")
    two_week_rise_spike_percent: float = setting(
        30, 0, 500, "Context: two-week rise above", "%",
        help="Context flag: weekly load up more than this on two weeks before.",
        source="Nielsen 2014")
    ratio_caution: float = setting(
        1.3, 0.5, 5, "Context: acute:chronic caution above", below="load.ratio_high",
        help="Context flag: the ratio above caution.", source="Gabbett 2016; contested")
    ratio_high: float = setting(
        1.5, 0.5, 5, "Context: acute:chronic high above", help="… or above high.",
        source="Gabbett 2016")
    spike_percent: float = setting(
        10, 1, 100, "Run spike: flag a run longer by", "%",
        help="The primary flag: a run this much longer than the window's longest.",
        source="Frandsen 2025")
    spike_window_days: int = setting(
        30, 7, SPIKE_WINDOW_DAYS_MAX, "Run spike: than the longest of (days)",
        help="The days before a run that the run spike compares with.",
        source="Frandsen 2025")
    min_weekly_load: float = setting(
        300, 0, 10000, "Context: quiet below a weekly load of",
        help="No context flag when a week compared is below this load (minutes × effort).",
        source="Runback: on 100, every rise looks large")


@dataclass(frozen=True)
class Calm:
    title: ClassVar[str] = "Calm the pain"
    exit_pain_days: int = setting(
        3, 1, 28, "Calm days in a row to move on",
        help="Daily pain at or below the threshold this many days in a row opens stage 2.",
        source=SEED)
    cross_training_start_minutes: int = setting(
        20, 5, 180, "Cross-training to start with", "min",
        at_most="calm.cross_training_max_minutes", help="Suggested cross-training at first.")
    cross_training_step_minutes: int = setting(
        5, 0, 60, "Cross-training step up", "min",
        help="Added after a comfortable session.")
    cross_training_max_minutes: int = setting(
        45, 5, 240, "Cross-training at most", "min", help="The suggestion's ceiling.")
    cross_training_min_minutes: int = setting(
        10, 1, 120, "Cross-training at least", "min",
        at_most="calm.cross_training_max_minutes", help="The suggestion's floor.")
    cross_training_cut_percent: int = setting(
        25, 0, 90, "Cut after a painful session", "%",
        help="After a painful session, the suggestion is cut by this much.")


@dataclass(frozen=True)
class Mechanics:
    title: ClassVar[str] = "Running mechanics"
    cadence_rise_min_percent: float = setting(
        5, 0, 30, "Cadence rise: lowest", "%", at_most="mechanics.cadence_rise_max_percent",
        help="Target cadence band: baseline + this much, lowest.", source=SEED)
    cadence_rise_max_percent: float = setting(
        10, 0, 30, "Cadence rise: highest", "%", help="… highest.", source=SEED)


@dataclass(frozen=True)
class Performance:
    title: ClassVar[str] = "Build performance"
    sessions_before_next: int = setting(
        2, 1, 20, "Sessions before the next run type",
        help="Each quality session done comfortably this often before the next comes back.",
        source=SEED)
    weekly_load_growth_percent: float = setting(
        10, 0, 100, "Weekly load growth at most", "%",
        help="Weekly load may grow by at most this much.", source=SEED)
    reintroduce: tuple[RunType, ...] = list_setting(
        ("long", "hills", "speed"), _validate_reintroduce, _run_types, "Order of run types",
        help="Quality sessions come back one at a time, in this order.", source=SEED)
    mobility_drills: tuple[str, ...] = list_setting(
        ("Hip flexor stretch", "Hip circles", "Ankle dorsiflexion rocks",
         "Calf raises with slow lowering"), _validate_drills, tuple, "Mobility drills",
        help="The mobility drills Today suggests.", source=SEED)


@dataclass(frozen=True)
class StageBack:
    title: ClassVar[str] = "Moving back a stage"
    step_backs_in_a_row: int = setting(
        2, 1, 10, "Step-backs in a row",
        help="Suggest the previous stage after this many step-backs in a row.", source=SEED)
    flare_pain_days: int = setting(
        3, 1, 28, "Flare days above the threshold",
        help="… or after daily pain above the threshold this many days in a row.",
        source=SEED)


@dataclass(frozen=True)
class Surgery:
    title: ClassVar[str] = "After knee surgery"
    min_weeks: int = setting(
        12, 0, 52, "Weeks since surgery, at least",
        help="After surgery, 3 → 4 needs at least this many weeks.",
        source="Rambaud 2018")
    flexion_min_percent: float = setting(
        95, 50, 100, "Flexion, of the other knee's, at least", "%",
        help="Flexion at least this percentage of the other knee's.", source="Rambaud 2018")
    pain_below: int = setting(
        2, 1, 10, "Knee pain below", "/ 10", help="Knee pain below this, on 0–10.",
        source="Rambaud 2018")
    symmetry_min_percent: float = setting(
        70, 0, 100, "Symmetry to run, at least", "%",
        at_most="surgery.symmetry_performance_percent",
        help="Quadriceps and hop limb symmetry at least this to return to run.",
        source="Rambaud 2018")
    symmetry_performance_percent: float = setting(
        90, 0, 100, "Symmetry for hills and speed", "%",
        help="… and this before hills and speed in stage 5.", source="Kyritsis 2016")


@dataclass(frozen=True)
class Outcomes:
    title: ClassVar[str] = "Outcome questionnaires"
    every_weeks: int = setting(
        4, 1, 26, "Questionnaires every (weeks)",
        help="Outcome questionnaires fall due this many weeks after the last set, besides "
             "at setup, each stage change and discharge.",
        source="Runback's default")


class Sections:
    """The protocol's sections, in the order the physio's form and the docs show them:
    ``protocol.pain.threshold``. ``Protocol`` has these attributes."""

    pain: Pain
    walk_run: WalkRun
    strength: Strength
    load: Load
    calm: Calm
    mechanics: Mechanics
    performance: Performance
    stage_back: StageBack
    surgery: Surgery
    outcomes: Outcomes


# Read through the module (``settings.REGISTRY``), not imported by name: a test may
# declare a throwaway setting by replacing it.
REGISTRY = Registry.of(Sections)


def rules_with_table(rules: str) -> str:
    """RULES.md's text with its "## Settings" section (added at the end if missing) made
    from the declarations."""
    table = markdown(REGISTRY)
    before, found, after = rules.partition("\n## Settings\n")
    if not found:
        return rules.rstrip("\n") + "\n\n" + table
    rest = after.split("\n## ", 1)
    tail = "\n## " + rest[1] if len(rest) > 1 else ""
    return before + "\n" + table.rstrip("\n") + ("\n" + tail if tail else "\n")


def main(argv: list[str]) -> int:
    """``--markdown`` prints RULES.md's settings table; ``--update-rules PATH`` rewrites
    that section of the file at PATH (docs/RULES.md)."""
    if argv == ["--markdown"]:
        print(markdown(REGISTRY), end="")
        return 0
    if len(argv) == 2 and argv[0] == "--update-rules":
        path = Path(argv[1])
        path.write_text(rules_with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    print("usage: python -m core.rules.settings --markdown | --update-rules docs/RULES.md",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
