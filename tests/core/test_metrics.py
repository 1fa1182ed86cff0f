"""Load, the acute:chronic ratio and its flags, strength adherence, the cadence band."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import (
    Activity,
    Actor,
    CadenceBaseline,
    Log,
    PlanChange,
    Session,
    SessionKind,
    Stage,
)
from core.rules import metrics
from core.rules import protocol as protocol_module
from core.rules.plan import Plan
from core.rules.stages import StagePeriod
from tests.core.helpers_metrics import (
    DAY,
    MONDAY,
    WEEK,
    default_plan,
    loads_by_week,
    log_of,
    run,
    runner,
    strength,
    walk_run,
)

DEFAULT = protocol_module.default()


# --- session load ----------------------------------------------------------------------------

@pytest.mark.parametrize(("session", "load"), [
    pytest.param(run(MONDAY, 30, 4), 120, id="continuous run: 30 min × effort 4 = 120"),
    pytest.param(walk_run(MONDAY, 1, 2, 8, 4), 96,
                 id="walk–run counts run and walk: 8 × (1 + 2) min × effort 4 = 96"),
    pytest.param(walk_run(MONDAY, 30, 0, 1, 5), 150,
                 id="walk–run at 30 min continuous × effort 5 = 150"),
    pytest.param(walk_run(MONDAY, 2.5, 1.5, 4, 3), 48,
                 id="walk–run with fractional minutes: 4 × (2.5 + 1.5) × 3 = 48"),
    pytest.param(run(MONDAY, 45, 0), 0, id="effort 0 gives no load"),
    pytest.param(run(MONDAY, 45, None), 0, id="a run without an effort gives no load"),
    pytest.param(Session(1, MONDAY, SessionKind.CROSS_TRAINING, minutes=45, effort=6,
                         activity=Activity.BIKE), 0, id="cross-training is not running load"),
    pytest.param(strength(MONDAY), 0, id="strength is not running load"),
])
def test_session_load_is_minutes_times_effort(session, load):
    assert metrics.session_load(session) == pytest.approx(load)


def test_daily_loads_add_up_sessions_on_the_same_day():
    log = log_of(run(MONDAY, 30, 4), run(MONDAY, 10, 5), run(MONDAY + DAY, 20, 3),
                 strength(MONDAY + 2 * DAY))
    assert metrics.daily_loads(log) == {MONDAY: 170, MONDAY + DAY: 60}


# --- weekly load -----------------------------------------------------------------------------

def test_weekly_load_is_summed_per_iso_week_monday_to_sunday():
    sunday, next_monday = MONDAY + 6 * DAY, MONDAY + WEEK
    log = log_of(run(MONDAY, 20, 5), run(sunday, 10, 5), run(next_monday, 30, 1))
    weeks = metrics.load_weeks(log, default_plan(), [MONDAY, next_monday], next_monday)
    assert [(w.week, w.load) for w in weeks] == [(MONDAY, 150), (next_monday, 30)]


def test_a_week_without_running_has_zero_load():
    log = log_of(run(MONDAY, 20, 5))
    weeks = metrics.load_weeks(log, default_plan(), [MONDAY + WEEK], MONDAY + WEEK)
    assert weeks[0].load == 0


def test_week_on_week_flag_sees_last_week_even_when_only_this_week_is_asked_for():
    # Today asks for this week alone; its rise flag must still compare with last week (two
    # runs of 40 then three: no run longer than the last, so no spike).
    log = log_of(*(run(MONDAY + d * DAY, 40, 5) for d in (0, 2)),
                 *(run(MONDAY + WEEK + d * DAY, 40, 5) for d in (0, 2, 4)))
    weeks = metrics.load_weeks(log, default_plan(), [MONDAY + WEEK], MONDAY + WEEK + 4 * DAY)
    assert weeks[0].flags == ("context: weekly load up 50 % on last week (above 10 %) — a "
                              "guide, not a predictor of injury",)


def test_the_ratio_of_this_week_is_taken_today_not_on_sunday():
    today = MONDAY + 4 * WEEK + 2 * DAY  # a Wednesday
    log = log_of(*(run(MONDAY + i * DAY, 30, 4) for i in range(31)))
    loads = metrics.daily_loads(log)
    week = metrics.load_weeks(log, default_plan(), [metrics.monday(today)], today)[0]
    assert week.ratio == pytest.approx(metrics.acute_chronic_ratio(loads, today, DEFAULT))
    assert week.ratio == pytest.approx(1.0)


# --- acute:chronic ratio ---------------------------------------------------------------------

ON = MONDAY + 8 * WEEK


@pytest.mark.parametrize(("weekly", "ratio"), [
    pytest.param((100, 100, 100, 100), 1.0, id="steady load: ratio 1"),
    pytest.param((100, 100, 100, 200), 1.6, id="last week doubled: 200 over 125 = 1.6"),
    pytest.param((50, 50, 50, 350), 2.8, id="sudden jump: 350 over 125 = 2.8"),
    pytest.param((100, 0, 0, 0), 0.0, id="three quiet weeks after load: ratio 0, not None"),
    pytest.param((400, 300, 200, 100), 0.4, id="tapering: 100 over 250 = 0.4"),
])
def test_ratio_is_acute_week_over_average_week_of_the_last_28_days(weekly, ratio):
    assert metrics.acute_chronic_ratio(loads_by_week(ON, weekly), ON, DEFAULT) == \
        pytest.approx(ratio)


def test_ratio_needs_28_days_of_history():
    loads = loads_by_week(ON, (100, 100, 100, 100))  # first load 27 days before ON
    assert min(loads) == ON - 27 * DAY
    assert metrics.acute_chronic_ratio(loads, ON, DEFAULT) == pytest.approx(1.0)
    assert metrics.acute_chronic_ratio(loads, ON - DAY, DEFAULT) is None


def test_ratio_is_none_without_any_load():
    assert metrics.acute_chronic_ratio({}, ON, DEFAULT) is None


def test_ratio_is_none_when_the_chronic_load_is_zero():
    loads = {ON - 40 * DAY: 300.0}  # history long enough, but nothing in the last 28 days
    assert metrics.acute_chronic_ratio(loads, ON, DEFAULT) is None


def test_ratio_history_length_follows_the_protocol():
    protocol = DEFAULT.with_override("load.ratio_min_history_days", 7)
    loads = {ON - 6 * DAY: 100.0}
    assert metrics.acute_chronic_ratio(loads, ON, DEFAULT) is None
    assert metrics.acute_chronic_ratio(loads, ON, protocol) == pytest.approx(4.0)


# --- context flags ---------------------------------------------------------------------------
# Loads here are above the tiny base (load.min_weekly_load, 300) unless a test says so; the
# ratio is given by its two sides, the acute load and the chronic average week.

def kinds(flags) -> tuple[str, ...]:
    return tuple(flag.kind.value for flag in flags)


def ratio_of(ratio: float, chronic: float = 1000.0) -> tuple[float, float]:
    return ratio * chronic, chronic


@pytest.mark.parametrize(("load", "last_week", "two_weeks_ago", "ratio", "expected"), [
    pytest.param(1000, 1000, 1000, ratio_of(1.0), (), id="a steady week raises nothing"),
    pytest.param(1100, 1000, None, None, (), id="a rise of exactly 10% is not flagged"),
    pytest.param(1320, 1200, None, None, (), id="a rise of exactly 10% from 1200 is not flagged"),
    pytest.param(1320.01, 1200, None, None, ("weekly rise",),
                 id="a rise just above 10% from 1200 is context"),
    pytest.param(1100.1, 1000, None, None, ("weekly rise",),
                 id="a rise just above 10% is context"),
    pytest.param(500, 1000, 1000, None, (), id="a fall is not flagged"),
    pytest.param(5000, 0, 0, None, (), id="a rise from a zero week is not a percentage"),
    pytest.param(5000, None, None, None, (), id="a rise with no week before is not flagged"),
    pytest.param(1300, 1200, 1000, None, (),
                 id="a rise of exactly 30% in two weeks is not flagged"),
    pytest.param(1300.1, 1200, 1000, None, ("two-week rise",),
                 id="a rise just above 30% in two weeks is context"),
    pytest.param(2000, 1000, 1000, None, ("weekly rise", "two-week rise"),
                 id="a doubling is both a weekly and a two-week rise"),
    pytest.param(2000, 0, 1000, None, ("two-week rise",),
                 id="a two-week rise over a zero last week still counts"),
    pytest.param(1000, 1000, 1000, ratio_of(1.3), (), id="a ratio of exactly 1.3 is not flagged"),
    pytest.param(1000, 1000, 1000, ratio_of(1.301), ("ratio caution",),
                 id="a ratio just above 1.3 is a caution"),
    pytest.param(1000, 1000, 1000, ratio_of(1.5), ("ratio caution",),
                 id="a ratio of exactly 1.5 is a caution, not high"),
    pytest.param(1000, 1000, 1000, ratio_of(1.501), ("ratio high",),
                 id="a ratio just above 1.5 is high, and only high"),
    pytest.param(1000, 1000, 1000, None, (), id="no ratio, no ratio flag"),
    # The tiny base: either week compared below 300 raises nothing.
    pytest.param(299.9, 100, 100, ratio_of(2.0, 149.95), (),
                 id="this week just below the minimum load raises no context"),
    pytest.param(1000, 299.9, 299.9, None, (),
                 id="a rise on weeks just below the minimum load is no context"),
    pytest.param(1000, 300, 300, None, ("weekly rise", "two-week rise"),
                 id="a rise on weeks at exactly the minimum load is context"),
    pytest.param(300, 200, 200, None, (),
                 id="a week at the minimum on weeks below it raises nothing"),
    pytest.param(1000, 1000, 1000, ratio_of(1.6, 299.9), (),
                 id="a high ratio on a chronic week just below the minimum is no context"),
    pytest.param(1000, 1000, 1000, ratio_of(1.6, 300), ("ratio high",),
                 id="a high ratio on a chronic week at the minimum is context"),
    pytest.param(1000, 1000, 1000, (299.9, 100), (),
                 id="a high ratio on an acute load just below the minimum is no context"),
])
def test_context_flags(load, last_week, two_weeks_ago, ratio, expected):
    flags = metrics.context_flags(load, last_week, two_weeks_ago, ratio, DEFAULT)
    assert kinds(flags) == expected


def test_context_flags_say_they_are_context_with_the_numbers_and_the_guide():
    flags = metrics.context_flags(1250, 1000, 900, ratio_of(1.6), DEFAULT)
    assert [flag.text for flag in flags] == [
        "context: weekly load up 25 % on last week (above 10 %) — a guide, not a predictor "
        "of injury",
        "context: weekly load up 39 % on two weeks before (above 30 %) — a guide, not a "
        "predictor of injury",
        "context: acute:chronic ratio 1.60 (above 1.5) — a guide, not a predictor of injury",
    ]
    assert [flag.text for flag in metrics.context_flags(1000, 1000, 1000, ratio_of(1.42),
                                                         DEFAULT)] == [
        "context: acute:chronic ratio 1.42 (above 1.3) — a guide, not a predictor of injury"]


def test_context_flag_thresholds_come_from_the_protocol():
    protocol = (DEFAULT.with_override("load.weekly_rise_caution_percent", 20)
                .with_override("load.ratio_high", 2.0)
                .with_override("load.min_weekly_load", 50))
    assert [f.text for f in metrics.context_flags(115, 100, None, ratio_of(1.8, 100),
                                                  protocol)] == [
        "context: acute:chronic ratio 1.80 (above 1.3) — a guide, not a predictor of injury"]
    assert kinds(metrics.context_flags(121, 100, None, ratio_of(2.1, 100), protocol)) == (
        "weekly rise", "ratio high")
    # On the default base of 300 the same small weeks raise nothing.
    assert metrics.context_flags(121, 100, None, ratio_of(2.1, 100), DEFAULT) == ()


def test_weeks_of_a_log_carry_their_flags():
    # Four steady weeks of 480 (two 40-min runs at effort 6), then a week of 1,200 (two
    # runs of 40 and one of 40 at effort 10... no longer run, so no spike): up 150 % on
    # last week and on two weeks ago, and a ratio of 1200 / ((480 × 3 + 1200) / 4) = 1.82.
    log = log_of(*(run(MONDAY + i * WEEK + d * DAY, 40, 6) for i in range(4) for d in (0, 3)),
                 *(run(MONDAY + 4 * WEEK + d * DAY, 40, 10) for d in (0, 2, 4)))
    weeks = [MONDAY + i * WEEK for i in range(5)]
    rows = metrics.load_weeks(log, default_plan(), weeks, MONDAY + 4 * WEEK + 6 * DAY)
    assert [w.load for w in rows] == [480, 480, 480, 480, 1200]
    assert [w.flags for w in rows[:4]] == [(), (), (), ()]
    assert rows[3].ratio == pytest.approx(1.0)
    assert rows[4].ratio == pytest.approx(1200 / 660)
    assert kinds(rows[4].raised) == ("weekly rise", "two-week rise", "ratio high")


# --- strength adherence ----------------------------------------------------------------------

@pytest.mark.parametrize(("done", "planned", "percent"), [
    pytest.param(0, 2, 0.0, id="none of 2 is 0%"),
    pytest.param(1, 2, 50.0, id="1 of 2 is 50%"),
    pytest.param(2, 2, 100.0, id="2 of 2 is 100%"),
    pytest.param(3, 2, 150.0, id="3 of 2 is 150%, not capped"),
    pytest.param(2, 3, 200 / 3, id="2 of 3 is 66.7%"),
    pytest.param(2, 0, None, id="nothing planned gives no percentage"),
])
def test_adherence_percent_is_done_over_planned_uncapped(done, planned, percent):
    week = metrics.AdherenceWeek(MONDAY, done, 0, planned)
    assert week.percent == (None if percent is None else pytest.approx(percent))


STAGE_2_FROM_WEEK_2 = (StagePeriod(Stage.CALM, MONDAY, MONDAY + 2 * WEEK),
                       StagePeriod(Stage.STRENGTH, MONDAY + 2 * WEEK, None))
FOUR_WEEKS = [MONDAY + i * WEEK for i in range(4)]


def test_adherence_per_iso_week_counts_partial_sessions_apart():
    week_2, week_3 = MONDAY + 2 * WEEK, MONDAY + 3 * WEEK
    log = log_of(strength(MONDAY + DAY),  # stage 1: done, but nothing planned
                 strength(week_2), strength(week_2 + 2 * DAY, complete=False),
                 strength(week_2 + 4 * DAY, complete=False),
                 strength(week_3), strength(week_3 + 2 * DAY), strength(week_3 + 6 * DAY))
    weeks = metrics.adherence_weeks(log, default_plan(), STAGE_2_FROM_WEEK_2, FOUR_WEEKS)
    assert [(w.done, w.partial, w.planned, w.percent) for w in weeks] == [
        (1, 0, 0, None),  # before stage 2: nothing planned
        (0, 0, 0, None),
        (1, 2, 2, 50.0),  # partial sessions are recorded, not counted as done
        (3, 0, 2, 150.0),  # 3 of 2
    ]


def test_a_week_in_stage_2_without_sessions_is_0_percent():
    weeks = metrics.adherence_weeks(Log(), default_plan(), STAGE_2_FROM_WEEK_2, FOUR_WEEKS)
    assert [w.percent for w in weeks] == [None, None, 0.0, 0.0]


def test_planned_sessions_follow_the_physios_change_from_its_date():
    change = PlanChange(1, MONDAY + 3 * WEEK, "strength.sessions_per_week", 3, "more",
                        Actor.PHYSIO)
    plan = Plan(DEFAULT, (change,))
    weeks = metrics.adherence_weeks(Log(), plan, STAGE_2_FROM_WEEK_2, FOUR_WEEKS)
    assert [w.planned for w in weeks] == [0, 0, 2, 3]


def test_adherence_through_the_facade_counts_three_of_two_as_150_percent():
    rb, clock = runner(Stage.STRENGTH)
    keys = [e.key for e in rb.protocol.exercises]
    for day in (MONDAY, MONDAY + 2 * DAY, MONDAY + 4 * DAY):
        clock.set(day)
        for key in keys:
            rb.tick_exercise(key)
    clock.set(MONDAY + 5 * DAY)
    rb.tick_exercise(keys[0])  # a partial session
    row = rb.weekly_rows()[0]
    assert (row.adherence.done, row.adherence.partial, row.adherence.planned) == (3, 1, 2)
    assert row.adherence.percent == 150.0


# --- cadence ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("baseline", "band"), [
    pytest.param(160, (168, 176), id="baseline 160: band 168 to 176"),
    pytest.param(180, (189, 198), id="baseline 180: band 189 to 198"),
    pytest.param(150, (157.5, 165), id="baseline 150: band 157.5 to 165"),
])
def test_cadence_band_is_baseline_plus_5_to_10_percent(baseline, band):
    assert metrics.cadence_band(baseline, DEFAULT) == pytest.approx(band)


def test_cadence_band_follows_the_protocol():
    protocol = (DEFAULT.with_override("mechanics.cadence_rise_min_percent", 3)
                .with_override("mechanics.cadence_rise_max_percent", 8))
    assert metrics.cadence_band(160, protocol) == pytest.approx((164.8, 172.8))


@pytest.mark.parametrize(("cadence", "status"), [
    pytest.param(160, "below", id="at baseline is below the band"),
    pytest.param(167, "below", id="just under baseline +5% is below"),
    pytest.param(168, "in band", id="exactly baseline +5% is in band"),
    pytest.param(172, "in band", id="mid-band is in band"),
    pytest.param(176, "in band", id="exactly baseline +10% is in band"),
    pytest.param(177, "above", id="just over baseline +10% is above"),
])
def test_cadence_status_against_the_band_of_baseline_160(cadence, status):
    assert metrics.cadence_status(cadence, metrics.cadence_band(160, DEFAULT)) == status


def test_the_cadence_baseline_in_force_is_the_latest_on_or_before_the_day():
    log = Log(cadence_baselines=(CadenceBaseline(MONDAY + DAY, 150),
                                 CadenceBaseline(MONDAY + WEEK, 160)))
    assert metrics.cadence_baseline_on(log, MONDAY) is None
    assert metrics.cadence_baseline_on(log, MONDAY + DAY) == 150
    assert metrics.cadence_baseline_on(log, MONDAY + WEEK - DAY) == 150
    assert metrics.cadence_baseline_on(log, MONDAY + WEEK) == 160


# --- properties ------------------------------------------------------------------------------

running_sessions = st.lists(
    st.tuples(st.integers(0, 90), st.floats(0.5, 600), st.integers(0, 10), st.booleans()),
    max_size=40)


def _log_from(entries) -> Log:
    sessions = []
    for day, minutes, effort, walk_run_kind in entries:
        date = MONDAY + dt.timedelta(days=day)
        if walk_run_kind:
            sessions.append(walk_run(date, minutes / 4, minutes / 8, 2, effort))
        else:
            sessions.append(run(date, minutes, effort))
    return log_of(*sessions)


@given(strength_days=st.dictionaries(st.integers(0, 34), st.booleans()))
def test_property_adherence_percent_is_100_times_done_over_planned(strength_days):
    """Any mix of complete and partial sessions over five weeks, stage 2 from week 2."""
    weeks = [MONDAY + i * WEEK for i in range(5)]
    log = log_of(*(strength(MONDAY + dt.timedelta(days=day), complete)
                   for day, complete in strength_days.items()))
    rows = metrics.adherence_weeks(log, default_plan(), STAGE_2_FROM_WEEK_2, weeks)
    for index, row in enumerate(rows):
        in_week = [c for d, c in strength_days.items() if d // 7 == index]
        assert row.done == sum(in_week)
        assert row.partial == len(in_week) - sum(in_week)
        if index < 2:
            assert (row.planned, row.percent) == (0, None)
        else:
            assert row.planned == 2
            assert row.percent == pytest.approx(100 * row.done / row.planned)


@given(entries=running_sessions)
def test_property_the_ratio_is_never_negative(entries):
    log = _log_from(entries)
    loads = metrics.daily_loads(log)
    for day in range(0, 100, 3):
        ratio = metrics.acute_chronic_ratio(loads, MONDAY + dt.timedelta(days=day), DEFAULT)
        assert ratio is None or ratio >= 0
    weeks = [MONDAY + i * WEEK for i in range(14)]
    for week in metrics.load_weeks(log, default_plan(), weeks, MONDAY + 14 * WEEK):
        assert week.load >= 0
        assert week.ratio is None or week.ratio >= 0


@given(entries=st.lists(
    st.tuples(st.integers(28, 34), st.floats(0.5, 600), st.integers(0, 10), st.booleans()),
    max_size=10))
def test_property_no_context_flags_when_the_weeks_before_had_zero_load(entries):
    """Running only in week 5: every week, including week 5, is free of context flags (a
    run of week 5 may still spike over an earlier one)."""
    log = _log_from(entries)
    weeks = [MONDAY + i * WEEK for i in range(5)]
    for week in metrics.load_weeks(log, default_plan(), weeks, MONDAY + 5 * WEEK - DAY):
        assert set(kinds(week.raised)) <= {"run spike"}


@given(load=st.floats(0, 1e6), last_week=st.sampled_from([0, 0.0, None]),
       two_weeks_ago=st.sampled_from([0, 0.0, None]))
def test_property_rise_flags_never_fire_after_zero_weeks(load, last_week, two_weeks_ago):
    assert metrics.context_flags(load, last_week, two_weeks_ago, None, DEFAULT) == ()


@given(load=st.floats(0, 1e6), last_week=st.floats(0, 1e6), two_weeks_ago=st.floats(0, 1e6),
       acute=st.floats(0, 1e6), chronic=st.floats(0.01, 1e6))
def test_property_no_context_flag_when_a_week_compared_is_below_the_minimum(
        load, last_week, two_weeks_ago, acute, chronic):
    base = DEFAULT.load.min_weekly_load
    flags = metrics.context_flags(load, last_week, two_weeks_ago, (acute, chronic), DEFAULT)
    for flag in flags:
        compared = {"weekly rise": (load, last_week), "two-week rise": (load, two_weeks_ago),
                    "ratio caution": (acute, chronic), "ratio high": (acute, chronic)}
        assert min(compared[flag.kind.value]) >= base
