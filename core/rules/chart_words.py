"""Each progress chart in a few words, for a person who cannot see it (issue 15).

Pure functions of the charts' data (core/rules/series.py, core/rules/score_series.py):
the span, where the line started and ended, its lowest and highest, and what crossed a
line that matters (the pain threshold, the strength target, a run spike, the cadence
band, a meaningful change). The Progress tab shows them under each chart, where a screen
reader reads them.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

from core.rules.score_series import ScoreChart
from core.rules.series import (
    AdherenceChart,
    CadenceChart,
    LoadChart,
    PainChart,
    RunWalkChart,
    Series,
)


def span(dates: Sequence[dt.date]) -> str:
    """'12 weeks', '10 days', '1 day': from the first date to the last, both counted."""
    days = (dates[-1] - dates[0]).days + 1
    if days >= 14:
        weeks = round(days / 7)
        return f"{weeks} weeks"
    return f"{days} day{'s' * (days != 1)}"


def number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def threshold_on(chart: PainChart, day: dt.date) -> float:
    """The pain threshold in force on ``day`` (the step line), else today's."""
    steps = chart.threshold_steps
    index = bisect.bisect_right(steps.dates, day) - 1
    return steps.values[index] if index >= 0 else chart.threshold


def above_threshold(chart: PainChart, series: Series) -> int:
    """How many of ``series``' values are above the threshold in force on their day.

    Only a value above the lowest threshold ever in force can be: the others are not
    looked up (50 years of daily pains, each looked up, took ~4 ms of every redraw of the
    Progress tab: python -m bench, "redraw all charts")."""
    lowest = min((*chart.threshold_steps.values, chart.threshold))
    return sum(value > threshold_on(chart, day) for day, value in
               zip(series.dates, series.values, strict=True) if value > lowest)


def pain_words(chart: PainChart) -> str:
    daily = chart.daily
    if not len(daily):
        return "Pain: no daily check-ins yet."
    values = daily.values
    above = above_threshold(chart, daily)
    words = (f"Pain: {span(daily.dates)} of check-ins, from {number(values[0])}/10 to "
             f"{number(values[-1])}/10, lowest {number(min(values))}, highest "
             f"{number(max(values))}; {plural(above, 'day')} above the threshold "
             f"({chart.threshold}/10 now).")
    if len(chart.during):
        over = above_threshold(chart, chart.during)
        words += (f" Pain during {plural(len(chart.during), 'session')}: {over} above the "
                  f"threshold.")
    return words


def run_walk_words(chart: RunWalkChart) -> str:
    parts = []
    if len(chart.ratio):
        ratio = chart.ratio.values
        parts.append(f"{plural(len(ratio), 'walk–run session')} over {span(chart.ratio.dates)}"
                     f", run ÷ walk from {number(ratio[0])} to {number(ratio[-1])}")
    if len(chart.run_minutes):
        minutes = chart.run_minutes.values
        parts.append(f"running minutes per session from {number(minutes[0])} to "
                     f"{number(minutes[-1])}, longest {number(max(minutes))}")
    return "Run/walk: " + ("; ".join(parts) if parts else "no runs yet") + "."


def adherence_words(chart: AdherenceChart) -> str:
    done, planned = chart.done.values, chart.planned.values
    if not done:
        return "Strength: no weeks yet."
    met = sum(d >= p for d, p in zip(done, planned, strict=True))
    return (f"Strength: {plural(len(done), 'week')}, the target met in {met}; latest week "
            f"{number(done[-1])} of {number(planned[-1])} sessions.")


def load_words(chart: LoadChart) -> str:
    load = chart.load.values
    if not load:
        return "Weekly load: no runs yet."
    words = (f"Weekly load: {plural(len(load), 'week')}, from {number(round(load[0]))} to "
             f"{number(round(load[-1]))}, highest {number(round(max(load)))}; "
             f"{plural(len(chart.spikes), 'week')} with a run spike.")
    if len(chart.ratio):
        ratio = chart.ratio.values[-1]
        level = ("above high" if ratio > chart.high else "above caution"
                 if ratio > chart.caution else "below caution")
        words += (f" Acute:chronic ratio latest {ratio:.2f}, {level} ({number(chart.caution)}"
                  f"; context only).")
    return words


def cadence_words(chart: CadenceChart) -> str:
    cadence = chart.cadence
    if not len(cadence):
        return "Cadence: none logged yet."
    values = cadence.values
    words = (f"Cadence: {plural(len(values), 'run')} over {span(cadence.dates)}, from "
             f"{number(values[0])} to {number(values[-1])} steps/min")
    inside = _inside_band(cadence, chart.band_low, chart.band_high)
    if inside is not None:
        words += f"; {inside} of {len(values)} inside the target band"
    return words + "."


def _inside_band(cadence: Series, low: Series, high: Series) -> int | None:
    """How many runs were inside the band in force on their day (a step line)."""
    if not len(low) or not len(high):
        return None
    inside = 0
    for day, value in zip(cadence.dates, cadence.values, strict=True):
        index = bisect.bisect_right(low.dates, day) - 1
        if index >= 0 and low.values[index] <= value <= high.values[index]:
            inside += 1
    return inside


def score_words(chart: ScoreChart) -> str:
    name = chart.instrument.short_name
    scores = chart.scores
    if not len(scores) or chart.baseline is None:
        return f"{name}: no scores yet."
    latest = scores.values[-1]
    change = latest - chart.baseline
    if chart.meaningful_change > 0 and abs(change) >= chart.meaningful_change:
        better = (change > 0) == chart.instrument.higher_is_better
        verdict = f"a meaningful change, {'better' if better else 'worse'}"
    else:
        verdict = f"within {number(chart.meaningful_change)} of the first: no meaningful change"
    return (f"{name}: {plural(len(scores), 'score')} over {span(scores.dates)}, from "
            f"{number(chart.baseline)} to {number(latest)} ({verdict}).")
