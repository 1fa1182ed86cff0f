"""Each chart in words (core/rules/chart_words.py): what a screen reader says under it."""

from __future__ import annotations

import datetime as dt

import pytest

from core.outcomes import INSTRUMENTS
from core.rules import series
from core.rules.chart_words import (
    adherence_words,
    cadence_words,
    load_words,
    pain_words,
    run_walk_words,
    score_words,
    span,
)
from core.rules.score_series import ScoreChart
from core.rules.series import Series

PainChart, RunWalkChart = series.PainChart, series.RunWalkChart
AdherenceChart, LoadChart, CadenceChart = (series.AdherenceChart, series.LoadChart,
                                           series.CadenceChart)

DAY = dt.date(2026, 3, 2)
EMPTY = Series((), ())


def days(*values: float, step: int = 1) -> Series:
    return Series(tuple(DAY + dt.timedelta(days=i * step) for i in range(len(values))),
                  tuple(float(v) for v in values))


@pytest.mark.parametrize(("length", "words"), [(1, "1 day"), (10, "10 days"),
                                               (14, "2 weeks"), (84, "12 weeks")])
def test_a_span_is_days_then_weeks(length, words):
    assert span([DAY, DAY + dt.timedelta(days=length - 1)]) == words


def test_pain_says_start_end_lowest_highest_and_days_above_the_threshold():
    daily = Series(tuple(DAY + dt.timedelta(days=i) for i in range(84)),
                   tuple([4.0, 3.0, 6.0] + [0.0] * 80 + [1.0]))
    chart = PainChart(daily, days(3, 1), EMPTY, threshold=2, stages=(),
                      threshold_steps=Series((DAY,), (2.0,)))
    assert pain_words(chart) == (
        "Pain: 12 weeks of check-ins, from 4/10 to 1/10, lowest 0, highest 6; 3 days above "
        "the threshold (2/10 now). Pain during 2 sessions: 1 above the threshold.")


def test_pain_counts_against_the_threshold_in_force_that_day():
    chart = PainChart(days(3, 3), EMPTY, EMPTY, threshold=3, stages=(),
                      threshold_steps=Series((DAY, DAY + dt.timedelta(days=1)), (2.0, 3.0)))
    assert "1 day above the threshold (3/10 now)" in pain_words(chart)


def test_the_other_charts_in_words():
    assert run_walk_words(RunWalkChart(days(0.5, 1, 4, step=2), days(8, 12, 16, step=2))) == (
        "Run/walk: 3 walk–run sessions over 5 days, run ÷ walk from 0.5 to 4; running "
        "minutes per session from 8 to 16, longest 16.")
    assert adherence_words(AdherenceChart(days(2, 1, 2, step=7), days(2, 2, 2, step=7))) == (
        "Strength: 3 weeks, the target met in 2; latest week 2 of 2 sessions.")
    assert load_words(LoadChart(days(120, 300.4, step=7), days(1.0, 1.42, step=7), 1.3, 1.5,
                                days(1, step=7))) == (
        "Weekly load: 2 weeks, from 120 to 300, highest 300; 1 week with a run spike. "
        "Acute:chronic ratio latest 1.42, above caution (1.3; context only).")
    assert cadence_words(CadenceChart(days(160, 168, 170), days(165), days(173))) == (
        "Cadence: 3 runs over 3 days, from 160 to 170 steps/min; 2 of 3 inside the target "
        "band.")


def test_charts_with_nothing_yet_say_so():
    assert pain_words(PainChart(EMPTY, EMPTY, EMPTY, 2, ())) == "Pain: no daily check-ins yet."
    assert run_walk_words(RunWalkChart(EMPTY, EMPTY)) == "Run/walk: no runs yet."
    assert cadence_words(CadenceChart(EMPTY, EMPTY, EMPTY)) == "Cadence: none logged yet."


def test_a_score_says_whether_it_changed_meaningfully_and_which_way():
    akps = next(i for i in INSTRUMENTS.values() if i.short_name == "AKPS")
    better = ScoreChart(akps, days(70, 85, step=28), baseline=70, meaningful_change=10)
    assert score_words(better) == ("AKPS: 2 scores over 4 weeks, from 70 to 85 (a meaningful "
                                   "change, better).")
    same = ScoreChart(akps, days(70, 75, step=28), baseline=70, meaningful_change=10)
    assert "within 10 of the first: no meaningful change" in score_words(same)
