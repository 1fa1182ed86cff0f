"""The five progress charts: pain, run/walk, strength adherence, load, cadence."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor

from core.rules.chart_words import (
    adherence_words,
    cadence_words,
    load_words,
    pain_words,
    run_walk_words,
)
from core.rules.series import (
    AdherenceChart,
    CadenceChart,
    LoadChart,
    PainChart,
    RunWalkChart,
)
from core.rules.stages import stage_on
from ui.chart_base import (
    AMBER,
    BLUE,
    DAY_SECONDS,
    GREEN,
    ORANGE,
    RED,
    STAGE_TINTS,
    VIOLET,
    DateScale,
    Panel,
    Track,
    day_text,
    legend_html,
    load_numpy,
    make_pen,
    number_text,
    set_dots,
)


class PainPanel(Panel):
    title = "Pain over time"
    y_label = "Knee pain (0–10)"
    key = legend_html((BLUE, "●—", "daily check-in"), (ORANGE, "▲", "during a session"),
               (VIOLET, "○", "next morning after a run"), (RED, "- -", "threshold"),
               ("", "▒", "stage periods (number at the top)"))

    def _build_items(self, pg) -> None:
        self.pg = pg
        self.regions: list = []
        self.stage_labels: list = []
        self.daily = self.item.plot(pen=make_pen(BLUE), symbol="o", symbolSize=5,
                                    symbolBrush=BLUE, symbolPen=None)
        self.daily.setClipToView(True)
        self.daily.setDownsampling(auto=True, method="peak")
        self.during = self.item.plot(pen=None, symbol="t1", symbolSize=8, symbolBrush=ORANGE,
                                     symbolPen=None)
        self.next_morning = self.item.plot(pen=None, symbol="o", symbolSize=11,
                                           symbolBrush=pg.mkBrush(None),
                                           symbolPen=make_pen(VIOLET))
        # The threshold as it was on each date (a physio's change steps it), and today's
        # value named at its right end.
        self.threshold = self.item.plot(pen=make_pen(RED, dashed=True))
        self.threshold_label = pg.TextItem(anchor=(1, 1), color=RED)
        self.item.addItem(self.threshold_label)
        self.item.setYRange(-0.4, 10.8, padding=0)  # dots at 0 are not cut in half
        self.item.setMouseEnabled(x=True, y=False)
        self.item.getAxis("left").setTickSpacing(2, 1)

    def _recolour(self, foreground: QColor) -> None:
        self.foreground = foreground
        for label in self.stage_labels:
            label.setColor(foreground)
        self.threshold_label.setColor(self.ink(RED))

    def words(self, data: PainChart) -> str:
        return pain_words(data)

    def empty_message(self, data: PainChart) -> str:
        # Set-up records one check-in; a trend needs a second.
        if len(data.daily) + len(data.during) >= 2:
            return ""
        if len(data.daily) == 1:
            return (f"One check-in so far: {data.daily.values[0]:g}/10 on "
                    f"{day_text(data.daily.dates[0])}.\nYour pain over time appears here from "
                    f"your next daily check-in.")
        return "No pain check-ins yet: your daily check-in will appear here."

    def draw(self, data: PainChart, scale: DateScale, today: dt.date) -> list[Track]:
        self.stages = data.stages
        tracks = [self.plot_series(self.daily, "daily", data.daily, scale),
                  self.plot_series(self.during, "during", data.during, scale),
                  self.plot_series(self.next_morning, "next morning", data.next_morning, scale)]
        set_dots(self.daily, len(data.daily))
        steps = data.threshold_steps
        if steps.dates:
            # Steps fall at the start of the day (dots sit at noon).
            xs = scale.x(steps.dates, shift_days=-0.5)
            self.threshold.setData(xs, load_numpy().asarray(steps.values, dtype=float))
            self.threshold_label.setText(f"threshold {data.threshold}/10")
            self.threshold_label.setPos(float(xs[-1]), float(steps.values[-1]))
        self._draw_stages(scale, today)
        return tracks

    def _draw_stages(self, scale: DateScale, today: dt.date) -> None:
        pg = self.pg
        while len(self.regions) < len(self.stages):
            region = pg.LinearRegionItem(movable=False)
            region.setZValue(-20)
            label = pg.TextItem(anchor=(0, 0), color=self.foreground)
            self.item.addItem(region)
            self.item.addItem(label)
            self.regions.append(region)
            self.stage_labels.append(label)
        ends = [scale.midnight(p.end or today + dt.timedelta(days=1)) for p in self.stages]
        span = (ends[-1] - scale.midnight(self.stages[0].start)) if self.stages else 1.0
        for i, (region, label) in enumerate(zip(self.regions, self.stage_labels, strict=True)):
            shown = i < len(self.stages)
            region.setVisible(shown)
            label.setVisible(shown)
            if not shown:
                continue
            period = self.stages[i]
            start_x = scale.midnight(period.start)
            region.setRegion((start_x, ends[i]))
            # A short period's number would overprint the next one: the read-out has it.
            label.setVisible(ends[i] - start_x >= 0.025 * span or i == len(self.stages) - 1)
            tint = QColor(STAGE_TINTS.get(int(period.stage), BLUE))
            tint.setAlpha(38 if i % 2 else 28)
            region.setBrush(tint)
            region.setHoverBrush(tint)
            for line in region.lines:
                line.setPen(pg.mkPen(None))
            label.setText(str(int(period.stage)))
            label.setPos(start_x, 10.8)

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        parts = [day_text(day)]
        stage = stage_on(self.stages, day)
        if stage is not None:
            parts.append(f"stage {int(stage)}")
        for name, label in (("daily", "check-in"), ("during", "during"),
                            ("next morning", "next morning")):
            if name in found:
                parts.append(f"{label} " + ", ".join(f"{v:g}" for v in found[name]) + "/10")
        return " · ".join(parts)


class RunWalkPanel(Panel):
    title = "Run/walk"
    y_label = "Run ÷ walk minutes"
    key = legend_html((BLUE, "●—", "run ÷ walk per walk–run session (left axis)"),
               (GREEN, "■", "running minutes per session (right axis)"))

    def _build_items(self, pg) -> None:
        self.ratio = self.item.plot(pen=make_pen(BLUE), symbol="o", symbolSize=6,
                                    symbolBrush=BLUE, symbolPen=None)
        self.minutes_view = self._right_view(pg, "Running minutes", GREEN)
        self.run_minutes = pg.PlotDataItem(pen=make_pen(GREEN, dashed=True), symbol="s",
                                           symbolSize=6, symbolBrush=GREEN, symbolPen=None)
        self.minutes_view.addItem(self.run_minutes)
        for curve in (self.ratio, self.run_minutes):
            curve.setClipToView(True)

    def _recolour(self, foreground: QColor) -> None:
        self.item.setLabel("left", self.y_label, color=self.ink(BLUE))
        self.item.setLabel("right", "Running minutes", color=self.ink(GREEN))

    def words(self, data: RunWalkChart) -> str:
        return run_walk_words(data)

    def empty_message(self, data: RunWalkChart) -> str:
        if len(data.ratio) or len(data.run_minutes):
            return ""
        return ("No runs yet: each walk–run session's run ÷ walk minutes and every run's "
                "running minutes appear here once you log them (stage 4 onwards).")

    def draw(self, data: RunWalkChart, scale: DateScale, today: dt.date) -> list[Track]:
        tracks = [self.plot_series(self.ratio, "ratio", data.ratio, scale),
                  self.plot_series(self.run_minutes, "minutes", data.run_minutes, scale)]
        set_dots(self.ratio, len(data.ratio))
        set_dots(self.run_minutes, len(data.run_minutes), "s")
        self.item.setYRange(0, max(data.ratio.values, default=1) * 1.1 or 1, padding=0)
        self.minutes_view.setYRange(0, max(data.run_minutes.values, default=10) * 1.1 or 10,
                                    padding=0)
        return tracks

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        parts = [day_text(day)]
        if "ratio" in found:
            parts.append("run ÷ walk " + ", ".join(number_text(v) for v in found["ratio"]))
        if "minutes" in found:
            parts.append("running " + ", ".join(f"{v:g}" for v in found["minutes"]) + " min")
        return " · ".join(parts)


class AdherencePanel(Panel):
    title = "Strength sessions per week"
    y_label = "Completed sessions"
    bottom_label = "ISO week"
    key = legend_html((GREEN, "█", "target met"), (ORANGE, "█", "done, short of the target"),
               (ORANGE, "⬚", "missed"), ("", "- -", "target"))
    MID_WEEK = 3.0  # a week's bar sits over its days, not over its Monday

    def _build_items(self, pg) -> None:
        # One item per colour: pyqtgraph draws a one-colour item in one call, but replays
        # a bar at a time when each has its own brush (~3 ms for ten years, on every paint).
        self.met = pg.BarGraphItem(x=[0], height=[0], width=5 * DAY_SECONDS, pen=None,
                                   brush=GREEN)
        self.short = pg.BarGraphItem(x=[0], height=[0], width=5 * DAY_SECONDS, pen=None,
                                     brush=ORANGE)
        # Missed sessions: an outline up to the target, so a skipped week is not a gap.
        self.missed = pg.BarGraphItem(x=[0], height=[0], width=5 * DAY_SECONDS,
                                      pen=make_pen(ORANGE, dashed=True),
                                      brush=pg.mkBrush(None))
        self.item.addItem(self.met)
        self.item.addItem(self.short)
        self.item.addItem(self.missed)
        self.target = self.item.plot(connect="pairs")
        self.item.getAxis("left").setTickSpacing(1, 1)
        self.item.setMouseEnabled(x=True, y=False)

    def _recolour(self, foreground: QColor) -> None:
        self.target.setPen(make_pen(foreground.name(), dashed=True))

    def words(self, data: AdherenceChart) -> str:
        return adherence_words(data)

    def empty_message(self, data: AdherenceChart) -> str:
        if len(data.done):
            return ""
        return ("No strength weeks yet: completed strength sessions per week appear here "
                "from stage 2, against the weekly target.")

    def draw(self, data: AdherenceChart, scale: DateScale, today: dt.date) -> list[Track]:
        np = load_numpy()
        xs = scale.x(data.done.dates, self.MID_WEEK)
        done = np.asarray(data.done.values, dtype=float)
        planned = np.asarray(data.planned.values, dtype=float)
        met = done >= planned
        self.met.setOpts(x=xs[met], height=done[met])
        self.short.setOpts(x=xs[~met], height=done[~met])
        self.missed.setOpts(x=xs, y0=done, height=np.maximum(planned - done, 0))
        starts = scale.x(data.planned.dates, -0.5)
        self.target.setData(np.column_stack([starts, starts + 7 * DAY_SECONDS]).ravel(),
                            np.repeat(planned, 2))
        self.item.setYRange(0, max(done.max(), planned.max()) + 0.6, padding=0)
        return [Track("done", data.done.dates, xs, data.done.values),
                Track("planned", data.planned.dates, xs, data.planned.values)]

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        done, planned = found.get("done", [0])[0], found.get("planned", [0])[0]
        share = f" ({done / planned:.0%})".replace("%", " %") if planned else ""
        return f"Week of {day_text(day)} · {done:g} of {planned:g} sessions{share}"


class LoadPanel(Panel):
    title = "Weekly load"
    y_label = "Load (minutes × effort)"
    bottom_label = "ISO week"
    key = legend_html((BLUE, "█", "weekly load (left axis)"),
               (RED, "▼", "a run spike that week (the primary flag)"),
               (ORANGE, "●—", "acute:chronic ratio (right axis, context)"),
               (AMBER, "- -", "caution"), (RED, "- -", "high"))
    MID_WEEK = 3.0

    def _build_items(self, pg) -> None:
        bar = QColor(BLUE)
        bar.setAlpha(170)
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=5 * DAY_SECONDS, pen=None,
                                    brush=bar)
        self.item.addItem(self.bars)
        self.spikes = self.item.plot(pen=None, symbol="t", symbolSize=11, symbolBrush=RED,
                                     symbolPen=None)
        self.ratio_view = self._right_view(pg, "Acute:chronic ratio", ORANGE)
        self.ratio = pg.PlotDataItem(pen=make_pen(ORANGE), symbol="o", symbolSize=6,
                                     symbolBrush=ORANGE, symbolPen=None)
        self.ratio_view.addItem(self.ratio)
        self.caution = pg.InfiniteLine(angle=0, movable=False, pen=make_pen(AMBER, dashed=True),
                                       label="caution {value:g}",
                                       labelOpts={"position": 0.02, "color": AMBER,
                                                  "anchors": [(0, 0), (0, 0)]})
        self.high = pg.InfiniteLine(angle=0, movable=False, pen=make_pen(RED, dashed=True),
                                    label="high {value:g}",
                                    labelOpts={"position": 0.02, "color": RED,
                                               "anchors": [(0, 1), (0, 1)]})
        # Labels outside the band (caution below its line, high above) never overprint.
        self.ratio_view.addItem(self.caution)
        self.ratio_view.addItem(self.high)
        self.item.setMouseEnabled(x=True, y=False)

    def _recolour(self, foreground: QColor) -> None:
        self.item.setLabel("left", self.y_label, color=self.ink(BLUE))
        self.item.setLabel("right", "Acute:chronic ratio", color=self.ink(ORANGE))
        self.caution.label.setColor(self.ink(AMBER))
        self.high.label.setColor(self.ink(RED))

    def words(self, data: LoadChart) -> str:
        return load_words(data)

    def empty_message(self, data: LoadChart) -> str:
        if len(data.load):
            return ""
        return ("No running load yet: weekly load (minutes × effort) and the acute:chronic "
                "ratio appear here once you log runs.")

    def draw(self, data: LoadChart, scale: DateScale, today: dt.date) -> list[Track]:
        np = load_numpy()
        self.week_ratio = dict(zip(data.ratio.dates, data.ratio.values, strict=True))
        self.bands = (data.caution, data.high)
        load_x = scale.x(data.load.dates, self.MID_WEEK)
        load = np.asarray(data.load.values, dtype=float)
        self.bars.setOpts(x=load_x, height=load)
        # A marker on top of each week's bar with a run spike; the read-out counts them.
        week_load = dict(zip(data.load.dates, data.load.values, strict=True))
        spike_x = scale.x(data.spikes.dates, self.MID_WEEK)
        self.spikes.setData(spike_x, np.asarray([week_load.get(week, 0.0)
                                                 for week in data.spikes.dates], dtype=float))
        spikes = Track("spikes", data.spikes.dates, spike_x, data.spikes.values)
        ratio = self.plot_series(self.ratio, "ratio", data.ratio, scale, self.MID_WEEK)
        set_dots(self.ratio, len(data.ratio))
        self.caution.setValue(data.caution)
        self.high.setValue(data.high)
        self.item.setYRange(0, max(load.max() * 1.1, 1), padding=0)
        top = max(max(data.ratio.values, default=0) * 1.1, data.high * 1.2)
        self.ratio_view.setYRange(0, top, padding=0)
        return [Track("load", data.load.dates, load_x, data.load.values), spikes, ratio]

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        parts = [f"Week of {day_text(day)}"]
        if "load" in found:
            parts.append(f"load {found['load'][0]:.0f}")
        if "spikes" in found:
            count = round(found["spikes"][0])
            parts.append(f"{count} run spike{'s' * (count != 1)} (see the weekly flags)")
        if "ratio" in found:
            ratio = found["ratio"][0]
            caution, high = self.bands
            flag = " (high)" if ratio > high else " (caution)" if ratio > caution else ""
            parts.append(f"acute:chronic {ratio:.2f}{flag}, context")
        return " · ".join(parts)


class CadencePanel(Panel):
    title = "Cadence per run"
    y_label = "Steps per minute"
    key = legend_html((BLUE, "●—", "cadence of each run"), (GREEN, "▒", "target band"))

    def _build_items(self, pg) -> None:
        band = QColor(GREEN)
        band.setAlpha(55)
        self.band_low = self.item.plot(pen=make_pen(GREEN, dashed=True))
        self.band_high = self.item.plot(pen=make_pen(GREEN, dashed=True))
        self.band = pg.FillBetweenItem(self.band_low, self.band_high, brush=band)
        self.band.setZValue(-10)
        self.item.addItem(self.band)
        self.cadence = self.item.plot(pen=make_pen(BLUE), symbol="o", symbolSize=6,
                                      symbolBrush=BLUE, symbolPen=None)
        self.cadence.setClipToView(True)

    def words(self, data: CadenceChart) -> str:
        return cadence_words(data)

    def empty_message(self, data: CadenceChart) -> str:
        if len(data.cadence):
            return ""
        return ("No cadence yet: log steps per minute with a run and it appears here, "
                "against your target band once a baseline is recorded (stage 3).")

    def draw(self, data: CadenceChart, scale: DateScale, today: dt.date) -> list[Track]:
        np = load_numpy()
        cadence = self.plot_series(self.cadence, "cadence", data.cadence, scale)
        set_dots(self.cadence, len(data.cadence))
        band_x = low_x = scale.x(data.band_low.dates)
        low = np.asarray(data.band_low.values, dtype=float)
        high = np.asarray(data.band_high.values, dtype=float)
        if len(band_x) == 1:  # a band on one day is invisible: widen it to a week
            band_x = band_x + np.array([-3.5, 3.5]) * DAY_SECONDS
            low, high = np.repeat(low, 2), np.repeat(high, 2)
        self.band_low.setData(band_x, low)
        self.band_high.setData(band_x, high)
        self.item.vb.enableAutoRange(y=True)
        return [cadence,
                Track("low", data.band_low.dates, low_x, data.band_low.values),
                Track("high", data.band_high.dates, low_x, data.band_high.values)]

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        parts = [day_text(day)]
        if "cadence" in found:
            parts.append(", ".join(f"{v:g}" for v in found["cadence"]) + " steps/min")
        if "low" in found and "high" in found:
            parts.append(f"target {found['low'][0]:.0f}–{found['high'][0]:.0f}")
        return " · ".join(parts)
