"""What an action shows reads only the recent entries, yet answers exactly as a pass over
the whole history would: checked on random histories of up to three years."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from core.model import (
    Actor,
    CheckIn,
    ExerciseTick,
    KneeProblem,
    Log,
    Profile,
    RunType,
    Session,
    SessionKind,
    Side,
    Stage,
    StageEvent,
    StageEventKind,
)
from core.rules import metrics, stages, today
from core.rules.summary import weekly_rows
from tests.core.helpers_metrics import DAY, MONDAY, default_plan
from tests.properties import short_and_long

PLAN = default_plan()
PROTOCOL = PLAN.current
YEARS = 3 * 365
# Entries over three years and many more in the last six weeks (where the recent views
# look), mostly runs and strength, pain often within the threshold (2/10), so they count.
PAIN = st.integers(0, 2) | st.integers(0, 10)
DAYS = st.integers(0, YEARS) | st.integers(YEARS - 42, YEARS)
KINDS = st.sampled_from([SessionKind.RUN] * 3 + [SessionKind.STRENGTH] * 2 + list(SessionKind))


def entries(first_day: int, size: int, kinds=KINDS):
    return st.lists(st.tuples(
        st.integers(first_day, YEARS), kinds, st.floats(1, 300), st.integers(0, 10), PAIN,
        st.sampled_from(list(RunType)), st.booleans(), st.booleans()), max_size=size)


@st.composite
def histories(draw) -> tuple[Log, dt.date]:
    """A runner's log over three years (any kind, minutes not round), and a today."""
    drawn = (draw(entries(0, 50)) + draw(entries(YEARS - 42, 100))
             + draw(entries(YEARS - 20, 15, st.just(SessionKind.STRENGTH))))
    sessions = []
    for number, (offset, kind, minutes, effort, pain, run_type, complete, limp) in enumerate(
            drawn, start=1):
        ticks = (ExerciseTick("plank", "Plank", 3, None, 30, True, pain),
                 ExerciseTick("bridge", "Glute bridge", 3, 12, None, complete))
        sessions.append(Session(
            number, MONDAY + offset * DAY, kind, minutes=minutes, effort=effort,
            pain_during=pain, limp=limp, run_type=run_type if kind is SessionKind.RUN else None,
            level=1, run_minutes=minutes / 4, walk_minutes=minutes / 8, rounds=2,
            exercises=ticks if kind is SessionKind.STRENGTH else ()))
    pains = draw(st.dictionaries(DAYS, PAIN, max_size=300))
    stage = draw(st.sampled_from(list(Stage)))
    entered = MONDAY + draw(DAYS) * DAY
    events = (StageEvent(1, MONDAY, StageEventKind.START, None, Stage.CALM, "start",
                         Actor.RUNNER),
              StageEvent(2, entered, StageEventKind.SET, Stage.CALM, stage, "set",
                         Actor.PHYSIO))
    log = Log(profile=Profile(KneeProblem.PATELLOFEMORAL, Side.LEFT, MONDAY),
              check_ins=tuple(CheckIn(MONDAY + d * DAY, p) for d, p in sorted(pains.items())),
              sessions=tuple(sorted(sessions, key=lambda s: (s.date, s.id))),
              stage_events=events)
    return log, MONDAY + (YEARS + draw(st.integers(0, 3))) * DAY


EXAMPLES = 100  # under -m slow; the default run tries tests.properties.SHORT


@short_and_long(EXAMPLES, histories(), st.integers(0, 12))
def test_the_last_weeks_are_the_last_rows_of_every_week(history, last):
    log, day = history
    everything = weekly_rows(log, PLAN, day)
    assert weekly_rows(log, PLAN, day, last=last) == (everything[-last:] if last else [])


@short_and_long(EXAMPLES, histories())
def test_this_weeks_load_and_ratio_are_those_of_the_whole_history(history):
    log, day = history
    week = metrics.monday(day)
    (this_week,) = metrics.load_weeks(log, PLAN, [week], day)
    assert this_week == weekly_rows(log, PLAN, day)[-1].load
    assert this_week.ratio == metrics.acute_chronic_ratio(metrics.daily_loads(log), day,
                                                          PROTOCOL)


@short_and_long(EXAMPLES, histories())
def test_strength_this_week_counts_as_a_pass_over_every_session(history):
    log, day = history
    complete = [s for s in log.sessions
                if s.kind is SessionKind.STRENGTH and s.strength_complete]
    done = sum(1 for s in complete if metrics.monday(s.date) == metrics.monday(day))
    assert today.strength_done_this_week(log, day) == done
    due = today.strength_due(log, PROTOCOL, day)
    assert (due is None) == (done >= 2 or any(s.date == day for s in complete))


@short_and_long(EXAMPLES, histories(), DAYS | st.none())
def test_the_next_quality_session_counts_as_a_pass_over_every_run(history, since_offset):
    log, _ = history
    since = None if since_offset is None else MONDAY + since_offset * DAY

    def comfortable(run_type: RunType) -> int:
        return sum(1 for s in log.sessions if s.kind is SessionKind.RUN
                   and s.run_type is run_type and (since is None or s.date >= since)
                   and s.pain_during <= PROTOCOL.pain.threshold)

    expected = next((t for t in PROTOCOL.reintroduce if comfortable(t) < 2), None)
    assert today.next_quality_session(log, PROTOCOL, since) == expected


@short_and_long(EXAMPLES, histories())
def test_a_suggestion_reads_as_a_pass_over_the_whole_history(history):
    log, day = history
    since = stages.evidence_since(log)
    runs = [s for s in log.sessions if s.is_running]
    assert log.sessions.latest((SessionKind.WALK_RUN, SessionKind.RUN), 3) == runs[-3:]
    assert stages._pain_run(log, since, 3, lambda pain: pain > 2) == _pain_run(log, since, 3)
    assert stages._strength_weeks(log, PLAN, since, day) == _strength_weeks(log, since, day)


def _pain_run(log: Log, since: dt.date, days: int) -> dt.date | None:
    recent = [c for c in log.check_ins if c.date >= since][-days:]
    if (len(recent) == days and (recent[-1].date - recent[0].date).days == days - 1
            and all(c.pain > 2 for c in recent)):
        return recent[-1].date
    return None


def _strength_weeks(log: Log, since: dt.date, day: dt.date) -> int:
    per_week: dict[dt.date, int] = {}
    for s in log.sessions:
        pain = s.exercise_pain_max
        if (s.kind is SessionKind.STRENGTH and s.date >= since and s.strength_complete
                and (pain is None or pain <= 2)):
            per_week[metrics.monday(s.date)] = per_week.get(metrics.monday(s.date), 0) + 1
    week = metrics.monday(day)
    if per_week.get(week, 0) < 2:
        week -= metrics.WEEK
    count = 0
    while per_week.get(week, 0) >= 2:
        count += 1
        week -= metrics.WEEK
    return count
