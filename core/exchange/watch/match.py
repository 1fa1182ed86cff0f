"""What a watch activity becomes in the runner's file: a proposal the runner confirms.

A walk–run is offered at the level prescribed that day, with the rounds and minutes the
watch recorded (the prescription's own minutes when they match it); a continuous run as
a run (stage 5), or a mechanics run (stage 3); a walk, ride or swim as cross-training,
never as a run. Pain during, effort, limp and swelling are the runner's to add: the
watch cannot know them. ``Runback.import_proposal`` makes one, ``Runback.save_import``
saves it (through ``log_walk_run``, ``log_run`` or ``log_cross_training``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from core.exchange.watch.activity import Motion, Sport, WatchActivity
from core.model import (
    Activity,
    CrossTrainingEntry,
    RunEntry,
    RunType,
    SessionKind,
    Stage,
    WalkRunEntry,
)
from core.rules import stages
from core.rules.today import runs_not_in_plan

if TYPE_CHECKING:
    from core.views import RunnerView


class ImportKind(StrEnum):
    """What the activity is offered as."""

    WALK_RUN = "walk_run"
    RUN = "run"
    CROSS_TRAINING = "cross_training"
    DUPLICATE = "duplicate"  # already in the file: skipped
    SKIP = "skip"  # cannot be saved (before the programme's start …): ``reason`` says why


# Recorded minutes within this share of the prescription's are the prescription's.
MATCH_WITHIN = 0.15
CROSS_TRAINING = {Sport.WALK: Activity.WALK, Sport.RIDE: Activity.BIKE,
                  Sport.SWIM: Activity.SWIM, Sport.OTHER: Activity.OTHER}
CADENCE_RANGE = (100, 250)  # steps per minute a running session may record (validate.py)


@dataclass(frozen=True)
class ImportProposal:
    """An activity as it would be saved. The runner fills in ``pain_during``, ``effort``,
    ``limp``, ``swelling`` and ``notes`` (``dataclasses.replace``) and may change the
    kind-specific values; None pain or effort is saved as not known.

    ``reason`` says, in the runner's words, why it is offered as this kind (and what
    matched); ``warning`` what saving it will or will not do (a run before stage 4 moves
    nothing …), empty if nothing.
    """

    activity: WatchActivity
    kind: ImportKind
    date: dt.date
    reason: str
    warning: str = ""
    minutes: float = 0.0  # a run's or cross-training's moving minutes
    distance_km: float | None = None
    cadence: int | None = None  # steps per minute while running
    # walk–run
    level: int | None = None
    rounds: int | None = None
    run_minutes: float | None = None
    walk_minutes: float | None = None
    matches_prescription: bool = False
    # run
    run_type: RunType | None = None
    # cross-training
    cross_training: Activity | None = None
    # the runner's
    pain_during: int | None = None
    effort: int | None = None
    limp: bool = False
    swelling: bool = False
    notes: str = ""

    @property
    def saved(self) -> bool:
        """Whether saving it would add a session (not a duplicate or skipped one)."""
        return self.kind in (ImportKind.WALK_RUN, ImportKind.RUN, ImportKind.CROSS_TRAINING)

    @property
    def session_kind(self) -> SessionKind | None:
        return {ImportKind.WALK_RUN: SessionKind.WALK_RUN, ImportKind.RUN: SessionKind.RUN,
                ImportKind.CROSS_TRAINING: SessionKind.CROSS_TRAINING}.get(self.kind)

    def entry(self) -> WalkRunEntry | RunEntry | CrossTrainingEntry:
        """The entry ``log_walk_run``, ``log_run`` or ``log_cross_training`` saves. Pain
        and effort None stand for "not known" (``Runback.save_import`` allows it)."""
        pain, effort = self.pain_during, self.effort
        notes = self.notes or _source_note(self.activity)
        if self.kind is ImportKind.WALK_RUN:
            return WalkRunEntry(self.rounds or 0, self.run_minutes or 0.0,
                                self.walk_minutes or 0.0, pain, effort,  # type: ignore[arg-type]
                                self.limp, self.swelling, self.level, self.cadence,
                                notes=notes, date=self.date)
        if self.kind is ImportKind.RUN:
            return RunEntry(self.run_type or RunType.EASY, self.minutes, effort,  # type: ignore[arg-type]
                            pain, self.distance_km, self.cadence,  # type: ignore[arg-type]
                            limp=self.limp, swelling=self.swelling, notes=notes,
                            date=self.date)
        if self.kind is ImportKind.CROSS_TRAINING:
            return CrossTrainingEntry(self.cross_training or Activity.OTHER, self.minutes,
                                      effort, pain, notes, self.date)  # type: ignore[arg-type]
        raise ValueError(f"A {self.kind.value} proposal saves nothing: {self.reason}")


def propose(activity: WatchActivity, view: RunnerView) -> ImportProposal:
    """What ``activity`` is offered as in this runner's file (duplicates are the facade's
    to find: they need the file)."""
    day = activity.date
    profile = view.require_profile()
    if day < profile.start_date:
        return ImportProposal(activity, ImportKind.SKIP, day,
                              f"it was on {day.isoformat()}, before your programme started "
                              f"({profile.start_date.isoformat()})")
    minutes = round(activity.moving_minutes, 1)
    distance = None if activity.distance_km is None else round(activity.distance_km, 2)
    if activity.sport is not Sport.RUN:
        sport = CROSS_TRAINING[activity.sport]
        return ImportProposal(activity, ImportKind.CROSS_TRAINING, day,
                              f"a {activity.sport.value}, so cross-training ({sport.value}), "
                              f"never a run", minutes=minutes, distance_km=distance,
                              cross_training=sport)
    cadence = _running_cadence(activity)
    stage = stages.stage_on(stages.periods(view.log), day) or view.require_stage()
    if activity.intervals is not None:
        return _walk_run(activity, view, day, stage, cadence)
    warning = runs_not_in_plan(stage) or ""
    if stage is Stage.RETURN_TO_RUN:
        warning = ("In stage 4 the ladder's walk–runs are the plan: a continuous run is kept "
                   "and charted but moves nothing.")
    what = "a mechanics run" if stage is Stage.MECHANICS else "a run"
    return ImportProposal(activity, ImportKind.RUN, day,
                          f"{minutes:g} min of continuous running, so {what} "
                          f"(stage {int(stage)})", warning, minutes=minutes,
                          distance_km=distance, cadence=cadence, run_type=RunType.EASY)


def _walk_run(activity: WatchActivity, view: RunnerView, day: dt.date, stage: Stage,
              cadence: int | None) -> ImportProposal:
    intervals = activity.intervals
    if intervals is None:
        raise ValueError("not a walk–run")
    plan = view.prescribed_on(day)
    level = view.plan.on(day).level(plan.level)
    rounds, run, walk = intervals.rounds, intervals.run_minutes, intervals.walk_minutes
    matches = (rounds == level.rounds and _near(run, level.run_minutes)
               and _near(walk, level.walk_minutes))
    how = "its laps" if intervals.from_laps else "its pace and cadence"
    if matches:
        run, walk = level.run_minutes, level.walk_minutes
        reason = (f"a walk–run matching level {plan.level} ({rounds} × {run:g} min run / "
                  f"{walk:g} min walk), told by {how}")
    else:
        reason = (f"a walk–run of {rounds} × {run:g} min run / {walk:g} min walk (told by "
                  f"{how}), offered at today's prescribed level {plan.level} "
                  f"({level.rounds} × {level.run_minutes:g} / {level.walk_minutes:g})")
    warning = view.walk_run_warning(plan.level, day) or ""
    return ImportProposal(activity, ImportKind.WALK_RUN, day, reason, warning,
                          minutes=round(activity.moving_minutes, 1),
                          distance_km=activity.distance_km, cadence=cadence, level=plan.level,
                          rounds=rounds, run_minutes=run, walk_minutes=walk,
                          matches_prescription=matches)


def _near(done: float, planned: float) -> bool:
    return abs(done - planned) <= max(0.25, MATCH_WITHIN * planned)


def _running_cadence(activity: WatchActivity) -> int | None:
    """Steps a minute while running: the running laps' (by time) when laps tell run from
    walk, else the whole activity's average. None outside what a running watch records."""
    running = [(lap.cadence_spm, lap.seconds) for lap in activity.laps
               if lap.motion is Motion.RUN and lap.cadence_spm]
    seconds = sum(s for _, s in running)
    if running and seconds:
        value: float | None = sum(c * s for c, s in running) / seconds
    else:
        value = activity.cadence_spm
    if value is None:
        return None
    steps = round(value)
    return steps if CADENCE_RANGE[0] <= steps <= CADENCE_RANGE[1] else None


def _source_note(activity: WatchActivity) -> str:
    title = f" “{activity.name}”" if activity.name else ""
    return f"Imported from {activity.source}{title}."
