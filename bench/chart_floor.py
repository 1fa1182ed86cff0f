"""The floor of a chart redraw (docs/PERFORMANCE.md): a bare pyqtgraph window, with no
Runback code, that sets the same series as the Progress tab and paints them.

It has the tab's five plots, each the size and at the place of the tab's (a scroll area of
the tab's size: a plot scrolled out of view is not painted, in either), and the tab's
curves, each the kind of item that draws it there with the same pen (1 px, solid or
dashed), brush (translucent where the tab's is), symbols, clipping and downsampling: what
sets pyqtgraph's cost per point. It has none of the rest (stage shading, labels, second
axes, grid, read-outs): what the app draws around its data counts against its budget.
Each redraw sets every curve again, with one value changed as an entry changes it, and
paints: what "redraw all charts after an entry" times in the app is checked against
1.5 × this, at 50 years.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Mapping

import numpy as np

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

BLUE, ORANGE, VIOLET, GREEN, RED, AMBER = (
    "#3d8fd6", "#e0821c", "#a070e0", "#2fa37a", "#e0483f", "#d4a62a")
DAY_SECONDS = 86_400
MANY_POINTS = 250  # the tab draws dots up to this many points, a bare line above
CHARTS = ("pain", "run_walk", "adherence", "load", "cadence")  # the tab's order

# name -> (x seconds, y) of every series the tab draws, keyed "chart.series" as
# core/rules/series.py names them ("pain.daily", "load.ratio" ...).
SeriesData = Mapping[str, tuple[np.ndarray, np.ndarray]]


class ChartFloor:
    """The bare window, built and painted once; ``redraw()`` times one redraw.

    ``viewport``: the tab's size (a QSize), ``content``: its scrolled content's, ``places``:
    each plot's QRect in the content, in the order of ``CHARTS``.
    """

    def __init__(self, app, series: SeriesData, viewport, content, places) -> None:
        self.app = app
        self.window = FloorWindow(series, viewport, content, places)
        self.window.show()
        self.entries = 0
        self.window.set_all(self.entries)
        app.processEvents()

    def redraw(self) -> float:
        """Seconds to set every curve again (one value changed) and paint the window.

        The garbage left by earlier work (the app's, in the same process) is collected
        first, untimed: a full collection over the app's objects is no cost of the floor.
        """
        self.entries += 1
        gc.collect()
        started = time.perf_counter()
        self.window.set_all(self.entries)
        self.window.repaint()
        self.app.processEvents()
        return time.perf_counter() - started

    def close(self) -> None:
        self.window.close()
        self.app.processEvents()


class FloorWindow:
    """The bare window: a scroll area holding five plot widgets where the tab has them."""

    def __init__(self, series: SeriesData, viewport, content, places) -> None:
        import pyqtgraph as pg
        from PySide6.QtWidgets import QScrollArea, QWidget

        self.series = series
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.resize(viewport)
        inside = QWidget()
        inside.resize(content)
        self.scroll.setWidget(inside)
        self.plots = {}
        for name, place in zip(CHARTS, places, strict=True):
            plot = pg.PlotWidget(parent=inside, axisItems={
                "bottom": pg.DateAxisItem(orientation="bottom")})
            plot.setGeometry(place)
            self.plots[name] = plot.getPlotItem()
        self._build(pg)

    def show(self) -> None:
        self.scroll.show()

    def repaint(self) -> None:
        self.scroll.repaint()

    def close(self) -> None:
        self.scroll.close()
        self.scroll.deleteLater()

    def _build(self, pg) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor

        def pen(colour: str, dashed: bool = False):
            return pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine if dashed
                            else Qt.PenStyle.SolidLine)

        def translucent(colour: str, alpha: int) -> QColor:
            made = QColor(colour)
            made.setAlpha(alpha)
            return made

        pain, run_walk, adherence, load, cadence = (self.plots[name] for name in CHARTS)
        self.daily = pain.plot(pen=pen(BLUE), symbolSize=5, symbolBrush=BLUE, symbolPen=None)
        self.daily.setClipToView(True)
        self.daily.setDownsampling(auto=True, method="peak")
        self.during = pain.plot(pen=None, symbol="t1", symbolSize=8, symbolBrush=ORANGE,
                                symbolPen=None)
        self.next_morning = pain.plot(pen=None, symbol="o", symbolSize=11,
                                      symbolBrush=pg.mkBrush(None), symbolPen=pen(VIOLET))
        self.threshold = pain.plot(pen=pen(RED, dashed=True))
        self.ratio = run_walk.plot(pen=pen(BLUE), symbolSize=6, symbolBrush=BLUE,
                                   symbolPen=None)
        self.run_minutes = run_walk.plot(pen=pen(GREEN, dashed=True), symbolSize=6,
                                         symbolBrush=GREEN, symbolPen=None)
        for curve in (self.ratio, self.run_minutes):
            curve.setClipToView(True)
        width = 5 * DAY_SECONDS
        self.met = pg.BarGraphItem(x=[0], height=[0], width=width, pen=None, brush=GREEN)
        self.short = pg.BarGraphItem(x=[0], height=[0], width=width, pen=None, brush=ORANGE)
        self.missed = pg.BarGraphItem(x=[0], height=[0], width=width,
                                      pen=pen(ORANGE, dashed=True), brush=pg.mkBrush(None))
        for bars in (self.met, self.short, self.missed):
            adherence.addItem(bars)
        self.target = adherence.plot(connect="pairs", pen=pen("#000000", dashed=True))
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=width, pen=None,
                                    brush=translucent(BLUE, 170))
        load.addItem(self.bars)
        self.spikes = load.plot(pen=None, symbol="t", symbolSize=11, symbolBrush=RED,
                                symbolPen=None)
        self.load_ratio = load.plot(pen=pen(ORANGE), symbolSize=6, symbolBrush=ORANGE,
                                    symbolPen=None)
        self.band_low = cadence.plot(pen=pen(GREEN, dashed=True))
        self.band_high = cadence.plot(pen=pen(GREEN, dashed=True))
        cadence.addItem(pg.FillBetweenItem(self.band_low, self.band_high,
                                           brush=translucent(GREEN, 55)))
        self.cadence = cadence.plot(pen=pen(BLUE), symbolSize=6, symbolBrush=BLUE,
                                    symbolPen=None)
        self.cadence.setClipToView(True)
        for name, plot in self.plots.items():  # the ranges the data spans, set once
            xs = [x for key, (x, _) in self.series.items() if key.startswith(name) and len(x)]
            ys = [y for key, (_, y) in self.series.items() if key.startswith(name) and len(y)]
            if xs:
                plot.setXRange(min(x[0] for x in xs), max(x[-1] for x in xs), padding=0.02)
                plot.setYRange(0, max(float(y.max()) for y in ys) * 1.1 or 1, padding=0)

    def _line(self, curve, key: str, y: np.ndarray | None = None) -> None:
        x, values = self.series[key]
        curve.setSymbol("o" if len(x) <= MANY_POINTS else None)
        curve.setData(x, values if y is None else y)

    def set_all(self, n: int) -> None:
        """Every curve set again; the last check-in's pain is ``n`` (mod 11), as if just
        entered."""
        s = self.series
        daily = s["pain.daily"][1].copy()
        if len(daily):
            daily[-1] = n % 11
        self._line(self.daily, "pain.daily", daily)
        self.during.setData(*s["pain.during"])
        self.next_morning.setData(*s["pain.next_morning"])
        self.threshold.setData(*s["pain.threshold_steps"])
        self._line(self.ratio, "run_walk.ratio")
        self._line(self.run_minutes, "run_walk.run_minutes")
        weeks, done = s["adherence.done"]
        planned = s["adherence.planned"][1]
        met = done >= planned
        self.met.setOpts(x=weeks[met], height=done[met])
        self.short.setOpts(x=weeks[~met], height=done[~met])
        self.missed.setOpts(x=weeks, y0=done, height=np.maximum(planned - done, 0))
        self.target.setData(np.column_stack([weeks, weeks + 7 * DAY_SECONDS]).ravel(),
                            np.repeat(planned, 2))
        load_x, loads = s["load.load"]
        self.bars.setOpts(x=load_x, height=loads)
        self.spikes.setData(*s["load.spikes"])
        self._line(self.load_ratio, "load.ratio")
        self.band_low.setData(*s["cadence.band_low"])
        self.band_high.setData(*s["cadence.band_high"])
        self._line(self.cadence, "cadence.cadence")
