"""A demo runner's journey, lived day by day through the facade.

The simulated runner only does what a real one does: checks in each morning, follows
today's prescription, logs what they did, and answers stage suggestions. Every decision
in the file comes from the engine. The story (16 weeks by default): a painful start, a
physio's change to the exercises, a flare on the walk–run ladder with two step-backs, a
declined move back, missed strength weeks, and a load spike once running is back. The
outcome questionnaires are taken at setup and at each stage move, their answers following
how the knee feels.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from core.errors import InvalidInput
from core.model import (
    Activity,
    Actor,
    KneeProblem,
    ReadinessTest,
    Rule,
    RunType,
    Side,
    Stage,
    WalkRunEntry,
)
from core.outcomes import INSTRUMENTS, InstrumentKey
from core.rules.metrics import cadence_band
from core.rules.today import cross_training_minutes, next_quality_session
from core.runback import Runback

DEFAULT_WEEKS = 16
LONGEST = {RunType.EASY: 50, RunType.LONG: 110, RunType.HILLS: 50, RunType.SPEED: 45}
MAX_WEEKS = 520
# The activities the demo runner rates on the PSFS, and how much harder each is than the
# knee's irritability alone (0–10 points off a perfect 10).
# How far from its best the knee still is in each stage, for the questionnaires (0–1).
STILL_HARD = {Stage.CALM: 0.55, Stage.STRENGTH: 0.45, Stage.MECHANICS: 0.35,
              Stage.RETURN_TO_RUN: 0.25, Stage.PERFORMANCE: 0.12}
PSFS_ACTIVITIES = {"Stairs down": 0.5, "Running 5 km": 2.5, "Squatting": 1.0}


class _Clock:
    """The demo's own time: eight in the morning of the simulated day."""

    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(8, 0)).astimezone()


class _Runner:
    def __init__(self, runback: Runback, clock: _Clock, seed: int):
        self.rb = runback
        self.clock = clock
        self.rng = random.Random(seed)
        self.soreness = 4.0  # the knee's underlying irritability, 0–10
        self.stage_entered = clock.day
        self.flare_done = False
        self.stage5_weeks = 0
        self.strength_weeks = 0
        # The questionnaires draw from a stream of their own: the journey stays as it was.
        self.answers_rng = random.Random(seed + 1)

    @property
    def day(self) -> dt.date:
        return self.clock.day

    def pain(self, extra: float = 0.0) -> int:
        roll = self.rng.random()
        noise = -1 if roll < 0.07 else 1 if roll > 0.93 else 0  # the odd better or worse day
        return max(0, min(10, round(self.soreness + extra) + noise))

    def live_day(self) -> None:
        rb = self.rb
        ran_yesterday = any(s.date == self.day - dt.timedelta(days=1) and s.is_running
                            for s in rb.log.sessions)
        if ran_yesterday or self.rng.random() > 0.08:  # a few rest-day check-ins are missed
            rb.check_in(self.pain(), self._note())
        rb.log_sleep(round(self.rng.uniform(6.0, 8.5) * 4) / 4)
        self.answer_suggestion()
        stage = rb.stage
        assert stage is not None, "the demo runner has a profile, so a stage"
        if stage is Stage.CALM:
            self.calm()
        else:
            self.strength()
            {Stage.STRENGTH: self.cross_train, Stage.MECHANICS: self.mechanics,
             Stage.RETURN_TO_RUN: self.walk_run, Stage.PERFORMANCE: self.perform}[stage]()
        # The knee settles with time and sensible loading.
        self.soreness = max(0.4, self.soreness - (0.45 if stage is Stage.CALM else 0.15))

    def _note(self) -> str:
        return self.rng.choice(("", "", "", "Stairs fine today", "Stiff after sitting",
                                "Slept well", "A bit achy after work"))

    def answer_suggestion(self) -> None:
        suggestion = self.rb.suggestion()
        if suggestion is None:
            return
        if not suggestion.forward:
            # The physio reviews a flare and keeps the runner on the ladder, one level down.
            self.rb.decline_suggestion(Actor.PHYSIO, "Flare settled within two days; stay on "
                                                     "the ladder at a lower level.")
            return
        self.rb.accept_suggestion(Actor.RUNNER)
        self.stage_entered = self.day
        if suggestion.to_stage is Stage.MECHANICS:
            self.rb.set_cadence_baseline(164)
        self.take_questionnaires()

    def take_questionnaires(self) -> None:
        """A set of the outcome questionnaires, answered as the knee does: each item's
        answer (best first) as far down its list as the stage reached and the knee's
        irritability put it, give or take."""
        rng = self.answers_rng
        stage = self.rb.stage or Stage.CALM
        badness = min(1.0, STILL_HARD[stage] + self.soreness / 20)
        for key, instrument in INSTRUMENTS.items():
            if key is InstrumentKey.PSFS:
                answers = {name: max(0, min(10, round(10 - badness * 8 - harder * badness
                                                      + rng.choice((-1, 0, 0, 1)))))
                           for name, harder in PSFS_ACTIVITIES.items()}
            else:
                answers = {}
                for item in instrument.items:
                    last = len(item.answers) - 1
                    index = round(badness * last * rng.uniform(0.5, 1.2))
                    answers[item.key] = item.answers[max(0, min(last, index))].points
            self.rb.take_questionnaire(key, answers)

    def calm(self) -> None:
        if self.day.weekday() == 6:
            return
        minutes, _ = cross_training_minutes(self.rb.log, self.rb.protocol)
        activity = (Activity.BIKE, Activity.SWIM, Activity.WALK)[self.day.toordinal() % 3]
        self.rb.log_cross_training(activity, minutes, 4, self.pain(-1.0))

    def cross_train(self) -> None:
        if self.day.weekday() in (2, 5):
            minutes, _ = cross_training_minutes(self.rb.log, self.rb.protocol)
            self.rb.log_cross_training(Activity.BIKE, minutes, 5, self.pain(-1.0))

    def strength(self) -> None:
        if self.day.weekday() == 0:
            self.strength_weeks += 1
            if self.strength_weeks == 2:  # the physio adds an exercise at the first review
                exercises = self.rb.protocol.as_dict()["strength"]["exercises"]
                exercises.append({"key": "clamshell", "name": "Clamshell (each side)",
                                  "sets": 3, "reps": 15})
                self.rb.change_plan("strength.exercises", exercises,
                                    "Add clamshells for hip abductor control.")
        if self.day.weekday() not in (1, 4):
            return
        week = self.strength_weeks
        if week in (9, 13):  # busy weeks: strength missed entirely
            return
        exercises = self.rb.protocol.exercises
        if week == 11:  # a rushed week: partial sessions
            exercises = exercises[:4]
        for exercise in exercises:
            self.rb.tick_exercise(exercise.key, pain=self.pain(-1.5))

    def mechanics(self) -> None:
        rb = self.rb
        days_in = (self.day - self.stage_entered).days
        if self.day.weekday() in (0, 3, 6):
            low, high = cadence_band(164, rb.protocol)
            cadence = min(round(high), round(low) - 2 + days_in)
            rb.log_run(RunType.EASY, 10, 3, self.pain(-0.5), distance_km=1.6, cadence=cadence,
                       cue_under_body=days_in > 2, cue_tall_trunk=True)
        if days_in == 5:
            for test in ReadinessTest:
                pain = 3 if test is ReadinessTest.SINGLE_LEG_HOP else 1
                rb.log_readiness(test, True, pain)
        elif days_in == 8:
            rb.log_readiness(ReadinessTest.SINGLE_LEG_HOP, True, 1,
                             "Hops comfortable this time")

    def walk_run(self) -> None:
        rb = self.rb
        today = rb.today_view()
        if not today.headline.startswith("Walk–run level"):
            return
        level = rb.protocol.level(today.walk_run_level)
        pain = min(self.pain(-0.8), rb.protocol.pain.threshold)
        if level.number == 5 and not self.flare_done:
            pain, self.flare_done = 5, True  # the flare: sharp pain mid-session
            self.soreness += 1.0
        decisions = rb.decisions()
        swelling = bool(decisions) and decisions[-1].rule is Rule.STOP_THRESHOLD
        if swelling:  # the session after the flare: the knee swells again
            pain = 3
        rb.log_walk_run(WalkRunEntry(level.rounds, level.run_minutes, level.walk_minutes, pain,
                                     self.rng.choice((3, 4, 4, 5)), swelling=swelling,
                                     cadence=self.rng.randint(170, 176), cue_under_body=True,
                                     cue_tall_trunk=True))

    def perform(self) -> None:
        rb = self.rb
        weekday = self.day.weekday()
        if weekday == 0:
            self.stage5_weeks += 1
        spike = self.stage5_weeks == 2
        quality = next_quality_session(rb.log, rb.protocol, since=self.stage_entered)
        plan = {0: (RunType.EASY, 30), 2: (RunType.EASY, 30), 5: (RunType.LONG, 45)}
        if quality in (RunType.HILLS, RunType.SPEED):
            plan[2] = (quality, 35)
        if spike:  # the runner feels great and doubles up: the load spike
            plan.update({3: (RunType.EASY, 35), 5: (RunType.LONG, 75)})
        if weekday in (1, 4) and self.stage5_weeks % 2 == 0:
            rb.log_mobility(15, "Hip and ankle drills")
        if weekday not in plan:
            return
        run_type, minutes = plan[weekday]
        # Runs lengthen 5 minutes a fortnight, up to a runner's usual week.
        minutes = min(minutes + 5 * (self.stage5_weeks // 2), LONGEST[run_type])
        effort = {RunType.EASY: 4, RunType.LONG: 5, RunType.HILLS: 6, RunType.SPEED: 7}
        rb.log_run(run_type, minutes, effort[run_type], self.pain(-0.5 if not spike else 0.5),
                   distance_km=round(minutes / 6.2, 1), cadence=self.rng.randint(170, 178),
                   cue_under_body=True, cue_tall_trunk=True)


def create_demo(path: Path, weeks: int = DEFAULT_WEEKS, end: dt.date | None = None,
                seed: int = 7) -> Runback:
    """Create a new runner file at ``path`` holding a ``weeks``-long journey to ``end``."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput("weeks", f"Weeks must be a whole number from 1 to {MAX_WEEKS} "
                                    f"(got {weeks!r}).")
    end = end or dt.date.today()
    start = end - dt.timedelta(days=weeks * 7 - 1)
    clock = _Clock(start)
    runback = Runback.create(Path(path), clock=clock)
    runback.setup(KneeProblem.PATELLOFEMORAL, Side.LEFT, current_pain=4, can_walk_30_min=False,
                  goal="Run 10 km pain-free again", start_date=start)
    runner = _Runner(runback, clock, seed)
    runner.take_questionnaires()  # the baseline
    while clock.day < end:
        clock.day += dt.timedelta(days=1)
        runner.live_day()
    return runback
