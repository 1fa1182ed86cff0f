"""The single-run spike guard (Frandsen 2025), the primary load flag: a run more than 10 %
longer than the longest run of the previous 30 days, in its band; and the longest run
Runback may prescribe (110 % of that longest)."""

from __future__ import annotations

import dataclasses

import pytest

from core.model import Actor, PlanChange
from core.rules import metrics
from core.rules import protocol as protocol_module
from core.rules import spikes as spike_guard
from core.rules.plan import Plan
from tests.core.helpers_metrics import DAY, MONDAY, WEEK, default_plan, log_of, run, walk_run

DEFAULT = protocol_module.default()


# --- the percent over the longest, and its band ---------------------------------------------

@pytest.mark.parametrize(("length", "longest", "percent"), [
    pytest.param(33, 30, 10.0, id="33 min over 30 is exactly 10 %"),
    pytest.param(33, 25, 32.0, id="33 min over 25 is 32 %"),
    pytest.param(5.5, 5.0, 10.0, id="5.5 km over 5.0 is exactly 10 %"),
    pytest.param(60, 30, 100.0, id="double is 100 %"),
    pytest.param(20, 30, -100 / 3, id="a shorter run is below 0 %"),
])
def test_percent_longer_than_the_longest(length, longest, percent):
    assert spike_guard.percent_longer(length, longest) == pytest.approx(percent)


@pytest.mark.parametrize(("percent", "band"), [
    pytest.param(0, None, id="as long as the longest: no spike"),
    pytest.param(10, None, id="exactly 10 % longer: no spike"),
    pytest.param(10.001, "> 10–30 %", id="just above 10 %: the > 10–30 % band"),
    pytest.param(30, "> 10–30 %", id="exactly 30 %: still the > 10–30 % band"),
    pytest.param(30.001, "> 30–100 %", id="just above 30 %: the > 30–100 % band"),
    pytest.param(100, "> 30–100 %", id="exactly 100 %: still the > 30–100 % band"),
    pytest.param(100.001, "> 100 %", id="just above 100 %: the > 100 % band"),
    pytest.param(400, "> 100 %", id="five times as long: the > 100 % band"),
])
def test_spike_band_at_and_just_off_each_edge(percent, band):
    found = spike_guard.spike_band(percent, DEFAULT)
    assert (found and found.label) == band


@pytest.mark.parametrize(("percent", "hazard_ratio"), [
    pytest.param(20, 1.64, id="> 10–30 % carries Frandsen's 1.64"),
    pytest.param(50, 1.52, id="> 30–100 % carries 1.52"),
    pytest.param(150, 2.28, id="> 100 % carries 2.28"),
])
def test_each_band_carries_the_studys_hazard_ratio(percent, hazard_ratio):
    assert spike_guard.spike_band(percent, DEFAULT).hazard_ratio == hazard_ratio


def test_the_spike_threshold_comes_from_the_protocol():
    protocol = DEFAULT.with_override("load.spike_percent", 20)
    assert spike_guard.spike_band(20, protocol) is None
    assert spike_guard.spike_band(20.5, protocol).label == "> 20–30 %"
    above_30 = DEFAULT.with_override("load.spike_percent", 40)
    assert spike_guard.spike_band(35, above_30) is None
    assert spike_guard.spike_band(45, above_30).label == "> 40–100 %"


# --- spikes in a log ---------------------------------------------------------------------------

def spikes(*sessions, since=MONDAY, until=MONDAY + 10 * WEEK, plan=None, prescribed=frozenset()):
    return spike_guard.run_spikes(log_of(*sessions), plan or default_plan(), since, until,
                              prescribed)


def test_the_wording_names_the_run_the_longest_and_the_band():
    found = spikes(run(MONDAY, 25, 4), run(MONDAY + 3 * DAY, 33, 4))
    assert [s.text for s in found] == [
        "spike: run 33 min on 2024-01-04 is 32 % longer than your longest in 30 days "
        "(25 min, on 2024-01-01): > 30–100 % band"]


@pytest.mark.parametrize(("minutes", "flagged"), [
    pytest.param(33, False, id="a run 10 % longer than the 30-day longest is not flagged"),
    pytest.param(34, True, id="a run 13 % longer is flagged"),
    pytest.param(30, False, id="a run as long as the longest is not flagged"),
])
def test_a_run_is_flagged_only_above_10_percent(minutes, flagged):
    assert bool(spikes(run(MONDAY, 30, 4), run(MONDAY + 2 * DAY, minutes, 4))) is flagged


def test_the_first_run_is_never_a_spike():
    assert spikes(run(MONDAY, 90, 4)) == []


def test_only_the_previous_30_days_count():
    # The 60-minute run is 31 days before: the longest within 30 days is the 20-minute one.
    long_ago, recent, today = MONDAY, MONDAY + 20 * DAY, MONDAY + 31 * DAY
    found = spikes(run(long_ago, 60, 4), run(recent, 20, 4), run(today, 40, 4))
    assert [(s.longest, s.longest_date, s.band.label) for s in found] == [
        (20, recent, "> 30–100 %")]
    # On day 30 the 60-minute run is still in the window.
    assert spikes(run(long_ago, 60, 4), run(recent, 20, 4), run(MONDAY + 30 * DAY, 40, 4)) == []


def test_no_run_in_the_window_is_no_spike():
    assert spikes(run(MONDAY, 10, 4), run(MONDAY + 31 * DAY, 40, 4)) == []


def test_a_run_earlier_the_same_day_is_not_before_it():
    assert spikes(run(MONDAY, 20, 4), run(MONDAY, 60, 4)) == []


def test_walk_runs_count_by_their_running_minutes():
    # 1 min run / 2 min walk × 8 is 8 min of running, not 24 minutes on the feet.
    found = spikes(walk_run(MONDAY, 1, 2, 8, 4), run(MONDAY + 2 * DAY, 9, 4))
    assert [(s.longest, s.percent) for s in found] == [(8, 12.5)]


def with_km(session, km):
    return dataclasses.replace(session, distance_km=km)


def test_by_distance_when_both_runs_have_one():
    # 30 → 32 min is +7 %, but 5.0 → 6.0 km is +20 %: the distance decides.
    found = spikes(with_km(run(MONDAY, 30, 4), 5.0), with_km(run(MONDAY + 2 * DAY, 32, 4), 6.0))
    assert [s.text for s in found] == [
        "spike: run 6 km on 2024-01-03 is 20 % longer than your longest in 30 days (5 km, "
        "on 2024-01-01): > 10–30 % band"]


def test_by_minutes_when_a_run_in_the_window_has_no_distance():
    found = spikes(with_km(run(MONDAY, 30, 4), 5.0), run(MONDAY + DAY, 30, 4),
                   with_km(run(MONDAY + 3 * DAY, 32, 4), 6.0))
    assert found == []


def test_a_prescribed_walk_run_is_no_spike_but_counts_as_the_longest():
    ladder = walk_run(MONDAY + 2 * DAY, 2, 2, 6, 4)  # 12 min of running after 8: +50 %
    later = run(MONDAY + 4 * DAY, 14, 4)  # +17 % on the 12 minutes
    found = spikes(walk_run(MONDAY, 1, 2, 8, 4), ladder, later, prescribed={ladder.id})
    assert [(s.date, s.longest) for s in found] == [(later.date, 12)]


def test_the_window_in_force_on_the_runs_date_applies():
    shorter = PlanChange(1, MONDAY + 10 * DAY, "load.spike_window_days", 7, "shorter",
                         Actor.PHYSIO)
    sessions = (run(MONDAY, 60, 4), run(MONDAY + 9 * DAY, 30, 4), run(MONDAY + 14 * DAY, 34, 4))
    assert spikes(*sessions) == []  # within 30 days the 60-minute run is the longest
    found = spikes(*sessions, plan=Plan(DEFAULT, (shorter,)))
    assert [(s.date, s.window_days, s.longest) for s in found] == [(MONDAY + 14 * DAY, 7, 30)]


def test_spikes_are_the_weeks_primary_flag():
    log = log_of(run(MONDAY, 25, 4), run(MONDAY + WEEK, 33, 4))
    week = metrics.load_weeks(log, default_plan(), [MONDAY + WEEK], MONDAY + WEEK)[0]
    assert [f.kind for f in week.raised] == [metrics.FlagKind.RUN_SPIKE]


# --- the longest run to prescribe -------------------------------------------------------------

def test_the_longest_run_to_prescribe_is_110_percent_of_the_30_day_longest():
    log = log_of(run(MONDAY, 20, 4), run(MONDAY + 2 * DAY, 25, 4), run(MONDAY + 4 * DAY, 22, 4))
    ceiling = spike_guard.run_ceiling(log, MONDAY + 6 * DAY, DEFAULT)
    assert (ceiling.minutes, ceiling.percent, ceiling.longest, ceiling.longest_date,
            ceiling.window_days) == (27.5, 110, 25, MONDAY + 2 * DAY, 30)


def test_a_run_of_the_ceiling_is_never_flagged():
    log = log_of(run(MONDAY, 23, 4))
    ceiling = spike_guard.run_ceiling(log, MONDAY + 2 * DAY, DEFAULT)
    assert ceiling.minutes == 25.3
    assert spikes(run(MONDAY, 23, 4), run(MONDAY + 2 * DAY, ceiling.minutes, 4)) == []


def test_no_ceiling_without_a_run_in_the_window():
    assert spike_guard.run_ceiling(log_of(run(MONDAY, 30, 4)), MONDAY + 31 * DAY, DEFAULT) is None
    assert spike_guard.run_ceiling(log_of(), MONDAY, DEFAULT) is None


def test_the_ceiling_follows_the_protocol():
    protocol = DEFAULT.with_override("load.spike_percent", 20)
    ceiling = spike_guard.run_ceiling(log_of(run(MONDAY, 30, 4)), MONDAY + DAY, protocol)
    assert (ceiling.minutes, ceiling.percent) == (36, 120)


def test_the_ladders_largest_step_in_running_is_within_the_ceiling():
    """The ladder is exempt by design, yet its last step (14 × 2 = 28 → 30 min) is +7 %."""
    top, before = DEFAULT.ladder[-1], DEFAULT.ladder[-2]
    percent = spike_guard.percent_longer(top.total_run_minutes, before.total_run_minutes)
    assert spike_guard.spike_band(percent, DEFAULT) is None


# --- the help text ----------------------------------------------------------------------------

def test_every_flag_kind_has_help_in_the_protocols_numbers():
    protocol = (DEFAULT.with_override("load.spike_percent", 15)
                .with_override("load.min_weekly_load", 250))
    help_text = metrics.flag_help(protocol)
    assert set(help_text) == set(metrics.FlagKind)
    assert "more than 15 % longer" in help_text[metrics.FlagKind.RUN_SPIKE]
    assert "Frandsen 2025" in help_text[metrics.FlagKind.RUN_SPIKE]
    assert "Buist 2008" in help_text[metrics.FlagKind.WEEKLY_RISE]
    for kind in (metrics.FlagKind.RATIO_CAUTION, metrics.FlagKind.RATIO_HIGH):
        assert "Lolli 2019" in help_text[kind] and "Impellizzeri 2020" in help_text[kind]
        assert "below a weekly load of 250" in help_text[kind]
