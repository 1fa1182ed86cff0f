"""The report's charts, as plain data: what to draw (series from ``Runback.charts()`` and
the outcome histories), in which style, over which dates. No Qt: ui/report_pdf.py paints
them as vector paths.

Printed in black and white, series are told apart by line style and marker, never by
colour alone; each chart's legend names them. Series are cut to the report's period,
keeping one point either side so a line runs to the edge (the painter clips).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from core.rules.series import Series

if TYPE_CHECKING:
    from core.outcomes import History
    from core.runback import Runback


NO_POINTS = Series((), ())


class Kind(StrEnum):
    LINE = "line"  # points joined (and marked, if a marker is given)
    POINTS = "points"  # markers alone
    STEPS = "steps"  # a step line through its corners (a threshold, a band's edge)
    BARS = "bars"  # a bar per date (a week's value)
    BAND = "band"  # the area between ``series`` and ``upper``
    LEVEL = "level"  # a horizontal line at ``value``


class Line(StrEnum):
    SOLID = "solid"
    DASHED = "dashed"
    DOTTED = "dotted"
    NONE = "none"


class Marker(StrEnum):
    NONE = "none"
    CIRCLE = "circle"  # open
    DOT = "dot"  # filled, small
    SQUARE = "square"  # filled
    TRIANGLE = "triangle"  # open
    CROSS = "cross"


class Fill(StrEnum):
    NONE = "none"
    LIGHT = "light"  # a light grey
    MID = "mid"  # a middle grey
    HATCH = "hatch"  # diagonal lines


@dataclass(frozen=True)
class Layer:
    kind: Kind
    label: str  # the legend's words ("" keeps it out of the legend)
    series: Series = NO_POINTS
    line: Line = Line.SOLID
    marker: Marker = Marker.NONE
    fill: Fill = Fill.NONE
    upper: Series = NO_POINTS  # a band's top edge
    value: float = 0.0  # a level's height
    bold: bool = False  # a thicker line: the series the chart is about


@dataclass(frozen=True)
class Shade:
    """A span of dates shaded behind a chart, labelled at its top (a stage period)."""

    start: dt.date
    end: dt.date
    label: str
    fill: Fill


@dataclass(frozen=True)
class ChartSpec:
    """One chart: ``layers`` bottom first; ``low``/``high`` fix the value axis (None: from
    the data, from zero); ``half``: half the page's width, beside the next half chart."""

    title: str
    unit: str
    start: dt.date
    end: dt.date
    layers: tuple[Layer, ...]
    low: float | None = 0.0
    high: float | None = None
    shades: tuple[Shade, ...] = ()
    half: bool = False
    note: str = ""  # a line under the chart
    whole: bool = False  # the values are counts: whole-number ticks


def window(series: Series, start: dt.date, end: dt.date) -> Series:
    """``series`` from ``start`` to ``end``, with the point just before and just after."""
    dates = series.dates
    first = max(0, bisect.bisect_left(dates, start) - 1)
    last = min(len(dates), bisect.bisect_right(dates, end) + 1)
    if first == 0 and last == len(dates):
        return series
    return Series(dates[first:last], series.values[first:last])


def _inside(series: Series, start: dt.date, end: dt.date) -> int:
    """How many of ``series``' points fall in [start, end]."""
    dates = series.dates
    return bisect.bisect_right(dates, end) - bisect.bisect_left(dates, start)


def report_charts(runback: Runback, start: dt.date, end: dt.date) -> tuple[ChartSpec, ...]:
    """The charts with something to show in [start, end], in the report's order: pain,
    running, strength, load, cadence, then each outcome score taken."""
    charts = runback.charts()
    cut = _Cut(start, end)
    pain = charts.pain
    stage_fills = (Fill.NONE, Fill.LIGHT)
    shades = tuple(Shade(max(p.start, start), min(p.end or end, end), f"Stage {int(p.stage)}",
                         stage_fills[index % 2])
                   for index, p in enumerate(pain.stages)
                   if p.start <= end and (p.end is None or p.end > start))
    made = [ChartSpec(
        "Pain (0–10)", "pain", start, end, (
            cut.layer(Kind.LINE, "Daily check-in", pain.daily, marker=Marker.DOT),
            cut.layer(Kind.POINTS, "During a session", pain.during, line=Line.NONE,
                      marker=Marker.CIRCLE),
            cut.layer(Kind.LINE, "Morning after a run", pain.next_morning,
                      line=Line.DASHED, marker=Marker.TRIANGLE),
            cut.layer(Kind.STEPS, "Threshold", pain.threshold_steps, line=Line.DOTTED,
                      bold=True),
        ), low=0, high=10, shades=shades,
        note="Shaded bands are the stage periods (labelled at the top).")]
    run_walk = charts.run_walk
    made.append(ChartSpec(
        "Running minutes per session", "min", start, end,
        (cut.layer(Kind.LINE, "Minutes run", run_walk.run_minutes, marker=Marker.CIRCLE),),
        half=True))
    made.append(ChartSpec(
        "Run ÷ walk minutes (walk–runs)", "ratio", start, end,
        (cut.layer(Kind.LINE, "Run ÷ walk", run_walk.ratio, marker=Marker.SQUARE),),
        half=True))
    adherence = charts.adherence
    made.append(ChartSpec(
        "Strength sessions per week", "sessions", start, end, (
            cut.layer(Kind.BARS, "Done", adherence.done, fill=Fill.MID),
            cut.layer(Kind.STEPS, "Planned", adherence.planned, line=Line.DASHED, bold=True),
        ), half=True, whole=True))
    cadence = charts.cadence
    made.append(ChartSpec(
        "Cadence (steps/min)", "steps/min", start, end, (
            Layer(Kind.BAND, "Target band", cut.series(cadence.band_low), fill=Fill.LIGHT,
                  line=Line.DOTTED, upper=cut.series(cadence.band_high)),
            cut.layer(Kind.POINTS, "A run", cadence.cadence, line=Line.NONE,
                      marker=Marker.CIRCLE),
        ), low=None, half=True, whole=True))
    load = charts.load
    spikes = _at_bars(load.spikes, load.load)
    made.append(ChartSpec(
        "Weekly running load (min × effort)", "load", start, end, (
            cut.layer(Kind.BARS, "Weekly load", load.load, fill=Fill.HATCH),
            cut.layer(Kind.POINTS, "Week with a run spike", spikes, line=Line.NONE,
                      marker=Marker.CROSS),
        ), half=True))
    made.append(ChartSpec(
        "Acute:chronic load ratio (context)", "ratio", start, end, (
            cut.layer(Kind.LINE, "Ratio at the week's end", load.ratio, marker=Marker.DOT),
            Layer(Kind.LEVEL, f"Caution {load.caution:g}", line=Line.DASHED,
                  value=load.caution),
            Layer(Kind.LEVEL, f"High {load.high:g}", line=Line.DOTTED, value=load.high,
                  bold=True),
        ), half=True))
    for history in runback.outcome_histories():
        made.append(_score_chart(history, cut))
    return tuple(chart for chart in made if _drawn(chart, start, end))


def _drawn(chart: ChartSpec, start: dt.date, end: dt.date) -> bool:
    """Whether a chart shows a change: two points of its own in the period (one point,
    or lines of reference alone, a threshold or a band, are not worth a chart)."""
    return any(_inside(layer.series, start, end) >= 2 for layer in chart.layers
               if layer.kind in (Kind.LINE, Kind.POINTS, Kind.BARS))


def _at_bars(marks: Series, bars: Series) -> Series:
    """``marks``' dates, at the height of the bar of the same date."""
    heights = dict(zip(bars.dates, bars.values, strict=True))
    return Series(marks.dates, tuple(heights.get(day, 0.0) for day in marks.dates))


def _score_chart(history: History, cut: _Cut) -> ChartSpec:
    """An outcome score over time, with the band of no meaningful change around the
    first score (core/rules/score_series.py: a score on or beyond its edge has changed
    meaningfully)."""
    from core.rules.score_series import score_chart

    drawn = score_chart(history, cut.end)
    instrument = drawn.instrument
    layers = [cut.layer(Kind.LINE, "Score", drawn.scores, marker=Marker.SQUARE, bold=True)]
    if (drawn.band_low is not None and drawn.band_high is not None
            and drawn.band_start is not None and drawn.band_end is not None):
        edge = (drawn.band_start, drawn.band_end)
        layers.insert(0, Layer(
            Kind.BAND, f"No meaningful change (first ± "
                       f"{instrument.shown(drawn.meaningful_change)})",
            Series(edge, (drawn.band_low,) * 2), fill=Fill.LIGHT, line=Line.DOTTED,
            upper=Series(edge, (drawn.band_high,) * 2)))
    better = "higher is better" if instrument.higher_is_better else "lower is better"
    return ChartSpec(f"{instrument.short_name} ({instrument.low:g}–{instrument.high:g}, "
                     f"{better})", "score", cut.start, cut.end, tuple(layers),
                     low=instrument.low, high=instrument.high, half=True)


class _Cut:
    """Series cut to the report's period."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end = start, end

    def series(self, series: Series) -> Series:
        return window(series, self.start, self.end)

    def layer(self, kind: Kind, label: str, series: Series, **style) -> Layer:
        return Layer(kind, label, self.series(series), **style)
