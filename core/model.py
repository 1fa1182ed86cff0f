"""Runback's domain model: plain frozen values, no behaviour beyond small derivations.

Every date is a ``datetime.date``; durations carry their unit in the name; pain is an
integer 0–10 on the numeric rating scale (validated in ``core.validate``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING

from core.entries import Entries, Sessions

if TYPE_CHECKING:  # core.outcomes reads this module; a runtime import would be circular
    from core.outcomes.instruments import InstrumentKey


class Stage(IntEnum):
    """The five phases of the programme, in order (one tab each)."""

    CALM = 1
    STRENGTH = 2
    MECHANICS = 3
    RETURN_TO_RUN = 4
    PERFORMANCE = 5

    @property
    def title(self) -> str:
        return STAGE_TITLES[self]


STAGE_TITLES = {
    Stage.CALM: "Calm the pain",
    Stage.STRENGTH: "Restore strength and stability",
    Stage.MECHANICS: "Retrain running mechanics",
    Stage.RETURN_TO_RUN: "Graded return to run",
    Stage.PERFORMANCE: "Build performance",
}


class KneeProblem(StrEnum):
    PATELLOFEMORAL = "patellofemoral_pain"
    IT_BAND = "it_band_syndrome"
    AFTER_INJURY = "after_injury"
    AFTER_SURGERY = "after_knee_surgery"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "patellofemoral_pain": "Patellofemoral pain (runner's knee)",
            "it_band_syndrome": "IT band syndrome",
            "after_injury": "Recovery after injury",
            "after_knee_surgery": "After knee surgery (ACL reconstruction or similar)",
            "other": "Other knee pain",
        }[self.value]


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class SessionKind(StrEnum):
    CROSS_TRAINING = "cross_training"
    STRENGTH = "strength"
    WALK_RUN = "walk_run"
    RUN = "run"
    MOBILITY = "mobility"


class Activity(StrEnum):
    """Cross-training activities for stage 1 (relative rest, not inactivity)."""

    BIKE = "bike"
    SWIM = "swim"
    WALK = "walk"
    OTHER = "other"


class RunType(StrEnum):
    """Continuous runs of stage 5; quality sessions return one at a time."""

    EASY = "easy"
    LONG = "long"
    HILLS = "hills"
    SPEED = "speed"


class ReadinessTest(StrEnum):
    """The four checks that open the return to run (stage 3 → 4)."""

    BRISK_WALK = "brisk_walk_30min"
    SINGLE_LEG_SQUAT = "single_leg_squats"
    SINGLE_LEG_HOP = "single_leg_hops"
    JOG_ON_SPOT = "jog_on_spot_1min"

    @property
    def label(self) -> str:
        return {
            "brisk_walk_30min": "30 min brisk walk",
            "single_leg_squats": "10 single-leg squats each side",
            "single_leg_hops": "10 single-leg hops on the painful side",
            "jog_on_spot_1min": "1 min jogging on the spot",
        }[self.value]


class Verdict(StrEnum):
    """What the walk–run engine says after a session."""

    PENDING = "pending"  # waiting for the next-morning check-in
    ADVANCE = "advance"
    REPEAT = "repeat"
    STEP_BACK = "step_back"
    NOT_COUNTED = "not_counted"  # kept and charted, but it moves nothing (reason says why)


class Rule(StrEnum):
    """The rule behind a walk–run decision (core/rules/walkrun.py; docs/RULES.md). The values are
    what the sessions export writes in its ``rule`` column."""

    # The session judged on its own and its next morning.
    PAIN_RULE = "pain-rule"  # the clinic's rule held (a pass, if nothing below stops it)
    LIMP_OR_SWELLING = "limp-or-swelling"
    STOP_THRESHOLD = "stop-threshold"
    NEXT_MORNING_OWED = "next-morning-owed"
    PAIN_DURING_OWED = "pain-during-owed"  # imported from a watch file, its pain not yet added
    MORNING_SWELLING = "morning-swelling"
    NEXT_MORNING_WORSE = "next-morning-worse"
    PAIN_ABOVE_THRESHOLD = "pain-above-threshold"
    MORNING_CEILING = "morning-ceiling"
    MORNING_STIFFNESS = "morning-stiffness"
    MORNING_WEEK_RISE = "morning-week-rise"
    # Kept but counting for nothing.
    BEFORE_STAGE_4 = "before-stage-4"
    SECOND_OF_THE_DAY = "second-of-the-day"
    LEVEL_ABOVE_PRESCRIBED = "level-above-prescribed"
    LEVEL_BELOW_PRESCRIBED = "level-below-prescribed"
    MORNING_OWED = "morning-owed"
    # The pain rule held, but the schedule or the session earns no pass.
    STOP_SIGN_REST = "stop-sign-rest"
    REST_DAY = "rest-day"
    RUNS_PER_WEEK = "runs-per-week"
    EFFORT_ABOVE_EASY = "effort-above-easy"
    INCOMPLETE = "incomplete"
    # A pass counted.
    LADDER_COMPLETE = "ladder-complete"
    ADVANCES_PER_7_DAYS = "advances-per-7-days"


class StageRule(StrEnum):
    """The criterion behind a suggested stage move (core/rules/stages.py)."""

    CALM_EXIT = "calm-exit"
    STRENGTH_EXIT = "strength-exit"
    READINESS_PASSED = "readiness-passed"
    LADDER_COMPLETE = "ladder-complete"
    FLARE_STEP_BACKS = "flare-step-backs"
    FLARE_RUNS = "flare-runs"
    FLARE_DAILY_PAIN = "flare-daily-pain"


class Actor(StrEnum):
    """Who made a change: recorded with every stage move and plan change."""

    RUNNER = "runner"
    PHYSIO = "physio"
    APP = "app"


class StageEventKind(StrEnum):
    START = "start"  # placed by the first-run setup
    SUGGESTED = "suggested"  # the engine's criteria held
    ACCEPTED = "accepted"  # a suggestion confirmed: the stage changes
    DECLINED = "declined"  # a suggestion turned down: the stage stays
    SET = "set"  # set directly (physio): the stage changes


@dataclass(frozen=True)
class WalkRunEntry:
    """What the runner logs for one walk–run session, as typed (``Runback.log_walk_run``
    validates it). ``level`` None: the level prescribed on ``date``; ``date`` None: today;
    cadence and the two cues None: not noted."""

    rounds: int
    run_minutes: float
    walk_minutes: float
    pain_during: int
    effort: int
    limp: bool = False
    swelling: bool = False
    level: int | None = None
    cadence: int | None = None
    cue_under_body: bool | None = None
    cue_tall_trunk: bool | None = None
    notes: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class CheckInEntry:
    """What the runner enters for a check-in (``Runback.check_in`` validates it): knee pain
    now, and the morning after a session its swelling or stiffness. ``date`` None: today;
    ``taken`` None: not said."""

    pain: int
    notes: str = ""
    date: dt.date | None = None
    taken: Taken | str | None = None
    swelling: bool = False
    stiffness: bool = False


@dataclass(frozen=True)
class RunEntry:
    """What the runner logs for one continuous run (``Runback.log_run`` validates it).
    ``date`` None: today; distance, cadence and the two cues None: not noted."""

    run_type: RunType | str
    minutes: float
    effort: int
    pain_during: int
    distance_km: float | None = None
    cadence: int | None = None
    cue_under_body: bool | None = None
    cue_tall_trunk: bool | None = None
    limp: bool = False
    swelling: bool = False
    notes: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class CrossTrainingEntry:
    """What the runner logs for one cross-training session (``Runback.log_cross_training``
    validates it). ``date`` None: today."""

    activity: Activity | str
    minutes: float
    effort: int
    pain_during: int
    notes: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Profile:
    knee_problem: KneeProblem
    affected_side: Side
    start_date: dt.date
    goal: str = ""
    surgery_date: dt.date | None = None  # after knee surgery: the return-to-run gate counts from it
    # The outcome questionnaires the physio uses with this runner, in the instruments'
    # order; None: never chosen, so all of them.
    instruments: tuple[InstrumentKey, ...] | None = None


class Taken(StrEnum):
    """When a check-in was taken, on a day with a walk–run: before it or after it."""

    BEFORE_SESSION = "before_session"
    AFTER_SESSION = "after_session"


@dataclass(frozen=True)
class CheckIn:
    """Knee pain now, once a day, rest days included; the morning after a session it is
    that session's next-morning check-in, and may note swelling or stiffness."""

    date: dt.date
    pain: int
    notes: str = ""
    taken: Taken | None = None  # None: not said (its save time tells)
    swelling: bool = False
    stiffness: bool = False
    recorded_at: str = ""  # when it was saved (UTC)


class Variant(StrEnum):
    """The form of an exercise the physio chose: its easier or harder version, or the
    standard one (resources/exercises.toml describes each)."""

    EASIER = "easier"
    STANDARD = "standard"
    HARDER = "harder"


@dataclass(frozen=True)
class ExerciseTick:
    """One exercise of a strength session, as planned that day (its dose and the variant
    the physio chose) and whether it was done: what was done (sets × reps or hold, and a
    load) is None where the runner kept to the dose and noted no load."""

    key: str
    name: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    ticked: bool = False
    pain: int | None = None
    variant: Variant = Variant.STANDARD
    done_sets: int | None = None
    done_reps: int | None = None
    done_hold_seconds: int | None = None
    load_kg: float | None = None

    @property
    def dose(self) -> str:
        return dose_text(self.sets, self.reps, self.hold_seconds)

    @property
    def done(self) -> tuple[int, int, float | None]:
        """What was done: sets, reps or hold seconds (as the dose counts), and the load;
        the dose where nothing else was recorded."""
        if self.hold_seconds:
            amount = self.done_hold_seconds or self.hold_seconds
        else:
            amount = self.done_reps or self.reps or 0
        return self.done_sets or self.sets, amount, self.load_kg

    @property
    def done_text(self) -> str:
        sets, amount, load_kg = self.done
        hold = bool(self.hold_seconds)
        return dose_text(sets, None if hold else amount, amount if hold else None, load_kg)


def dose_text(sets: int, reps: int | None, hold_seconds: int | None,
              load_kg: float | None = None) -> str:
    """"3 × 12", "3 × 30 s hold", "3 × 10 at 12.5 kg"."""
    amount = f"{hold_seconds} s hold" if hold_seconds else f"{reps}"
    return f"{sets} × {amount}" + (f" at {load_kg:g} kg" if load_kg else "")


@dataclass(frozen=True)
class Session:
    """A logged session of any kind; kind-specific fields are None elsewhere."""

    id: int
    date: dt.date
    kind: SessionKind
    minutes: float = 0.0
    effort: int | None = None
    pain_during: int | None = None
    notes: str = ""
    # cross-training
    activity: Activity | None = None
    # walk–run: planned and done intervals
    level: int | None = None
    planned_run_minutes: float | None = None
    planned_walk_minutes: float | None = None
    planned_rounds: int | None = None
    run_minutes: float | None = None  # run minutes per round done
    walk_minutes: float | None = None  # walk minutes per round done
    rounds: int | None = None
    limp: bool = False
    swelling: bool = False
    # runs (walk–run and continuous)
    run_type: RunType | None = None
    distance_km: float | None = None
    cadence: int | None = None
    cue_under_body: bool | None = None
    cue_tall_trunk: bool | None = None
    # strength
    exercises: tuple[ExerciseTick, ...] = ()
    recorded_at: str = ""  # when it was saved: orders entries made on the same day

    @property
    def total_run_minutes(self) -> float:
        if self.kind is SessionKind.WALK_RUN:
            return (self.run_minutes or 0.0) * (self.rounds or 0)
        if self.kind is SessionKind.RUN:
            return self.minutes
        return 0.0

    @property
    def total_walk_minutes(self) -> float:
        if self.kind is SessionKind.WALK_RUN:
            return (self.walk_minutes or 0.0) * (self.rounds or 0)
        return 0.0

    @property
    def is_running(self) -> bool:
        return self.kind in (SessionKind.WALK_RUN, SessionKind.RUN)

    @property
    def strength_complete(self) -> bool:
        return bool(self.exercises) and all(e.ticked for e in self.exercises)

    @property
    def exercise_pain_max(self) -> int | None:
        pains = [e.pain for e in self.exercises if e.pain is not None]
        if self.pain_during is not None:
            pains.append(self.pain_during)
        return max(pains) if pains else None


@dataclass(frozen=True)
class ReadinessCheck:
    id: int
    date: dt.date
    test: ReadinessTest
    completed: bool
    pain: int
    notes: str = ""


class Effusion(StrEnum):
    """Knee effusion on the stroke test, by its grades (Sturgill 2009)."""

    NONE = "none"
    TRACE = "trace"
    ONE_PLUS = "1+"
    TWO_PLUS = "2+"
    THREE_PLUS = "3+"


@dataclass(frozen=True)
class SurgeryCheck:
    """A physio's assessment after knee surgery: any of the return-to-run measures of
    Rambaud 2018 (None: not measured this time). Symmetries are limb symmetry indexes,
    involved ÷ uninvolved × 100; flexion is a percentage of the other knee's."""

    id: int
    date: dt.date
    full_extension: bool | None = None
    flexion_percent: float | None = None
    effusion: Effusion | None = None
    pain: int | None = None
    quadriceps_symmetry_percent: float | None = None
    hop_symmetry_percent: float | None = None
    notes: str = ""
    recorded_at: str = ""


@dataclass(frozen=True)
class Sleep:
    date: dt.date
    hours: float


@dataclass(frozen=True)
class CadenceBaseline:
    date: dt.date
    steps_per_minute: int
    id: int = 0


@dataclass(frozen=True)
class StageEvent:
    id: int
    date: dt.date
    kind: StageEventKind
    from_stage: Stage | None
    to_stage: Stage
    reason: str
    actor: Actor


@dataclass(frozen=True)
class PlanChange:
    """A per-runner change to the protocol (a threshold, the ladder, the exercises, the level).

    ``key`` is a dotted protocol key (``pain.threshold``) or ``walk_run.level``.
    """

    id: int
    date: dt.date
    key: str
    value: object
    reason: str
    actor: Actor
    recorded_at: str = ""
    previous: object = None  # the value before the change


@dataclass(frozen=True)
class Questionnaire:
    """One outcome questionnaire taken (core/outcomes). ``answers`` maps each item's key (a
    PSFS activity's name) to the points given, in the instrument's order (the PSFS's as the
    runner named them); an item left unanswered is not in it. At most one of an instrument
    a day."""

    date: dt.date
    instrument: InstrumentKey
    answers: dict[str, int] = field(default_factory=dict, hash=False)
    notes: str = ""
    id: int = 0
    recorded_at: str = ""  # when it was saved (UTC)


@dataclass(frozen=True)
class Discharge:
    """The physio discharged the runner: the programme finished on ``date``, with a note
    (why, what next). Undone by re-opening the programme (``reopened_on``, the day of the
    re-open): the row stays, so the record keeps both. At most one is in force."""

    id: int
    date: dt.date
    note: str
    actor: Actor
    recorded_at: str = ""  # when it was saved (UTC)
    reopened_on: dt.date | None = None

    @property
    def in_force(self) -> bool:
        return self.reopened_on is None


# Log field -> the key its entries are told apart by (as the file's tables are keyed).
ENTRY_KEYS = {"check_ins": "date", "sessions": "id", "readiness": "id", "sleep": "date",
              "cadence_baselines": "id", "stage_events": "id", "plan_changes": "id",
              "surgery_checks": "id", "questionnaires": "id", "discharges": "id"}


@dataclass(frozen=True)
class Log:
    """Everything a runner has entered, sorted by date: the engine's only input.

    Each field is read as ``Entries`` (a tuple with lookups); a log made by splicing a few
    rows into another (core/file/rows.py) keeps the other's lookups, updated, not rebuilt.
    """

    profile: Profile | None = None
    # Given as any tuple; kept as Entries (made so in __post_init__), read with lookups.
    check_ins: Entries[CheckIn] = field(default_factory=Entries)
    sessions: Sessions = field(default_factory=Sessions)
    readiness: Entries[ReadinessCheck] = field(default_factory=Entries)
    sleep: Entries[Sleep] = field(default_factory=Entries)
    cadence_baselines: Entries[CadenceBaseline] = field(default_factory=Entries)
    stage_events: Entries[StageEvent] = field(default_factory=Entries)
    plan_changes: Entries[PlanChange] = field(default_factory=Entries)
    surgery_checks: Entries[SurgeryCheck] = field(default_factory=Entries)
    questionnaires: Entries[Questionnaire] = field(default_factory=Entries)
    discharges: Entries[Discharge] = field(default_factory=Entries)
    _memo: dict = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        for name, key in ENTRY_KEYS.items():
            entries = getattr(self, name)
            kind = Sessions if name == "sessions" else Entries
            if not (isinstance(entries, kind) and entries.key == key):
                object.__setattr__(self, name, kind(entries, key))
        object.__setattr__(self, "_memo", {})

    def memo(self, name: object, make):
        """A value derived from this log, computed once (several views read the same)."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    def pain_on(self, day: dt.date) -> int | None:
        """The check-in pain recorded on ``day``, if any."""
        check_in = self.check_ins.get(day)
        return None if check_in is None else check_in.pain

    def last_check_in_before(self, day: dt.date) -> CheckIn | None:
        """The latest check-in dated before ``day``."""
        return self.check_ins.before(day)

    def session(self, session_id: int) -> Session | None:
        return self.sessions.get(session_id)

    def sessions_of(self, kind: SessionKind) -> Entries:
        """The sessions of one kind, in date order (kept apart: no pass over the others)."""
        return self.sessions.of(kind)
