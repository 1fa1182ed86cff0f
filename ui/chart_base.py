"""What every progress chart shares: lazy pyqtgraph, date scales, a titled panel that
shows a message instead of an empty box, and hover read-outs.

pyqtgraph is imported on first use only (about 0.4 s, docs/PLATFORM.md).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QGraphicsItem,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
)

from core.changes import Area
from ui.colors import ink, inked
from ui.common import card, named, text_label

if TYPE_CHECKING:
    import numpy as np

    from core.rules.series import Series


# Mid-tone colours for lines and fills, seen on light and dark palettes alike; text about
# a series takes its ink (ui/colors.py: 4.5:1 on either palette).
BLUE, ORANGE, VIOLET, GREEN, RED, AMBER = (
    "#3d8fd6", "#e0821c", "#a070e0", "#2fa37a", "#e0483f", "#d4a62a")
STAGE_TINTS = {1: RED, 2: ORANGE, 3: AMBER, 4: GREEN, 5: BLUE}
DAY_SECONDS = 86_400
UNIX_EPOCH = dt.date(1970, 1, 1).toordinal()
MANY_POINTS = 250  # above this, a line series is drawn without dots
NOT_CHARTED = frozenset({Area.SLEEP, Area.READINESS, Area.SURGERY})  # changes no chart shows


def load_pyqtgraph():
    """pyqtgraph, imported on first use (PySide6 is already loaded, so it binds to it)."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import pyqtgraph

    return pyqtgraph


def load_numpy():
    import numpy

    return numpy


class DateScale:
    """Dates to Unix seconds at local noon, the x unit of pyqtgraph's DateAxisItem.

    One UTC offset serves every date: noon moved by a daylight-saving hour is still the
    same day on the axis, and the same date always maps to the same x in every series.
    """

    def __init__(self, today: dt.date):
        noon = dt.datetime.combine(today, dt.time(12)).astimezone()
        offset = noon.utcoffset()
        assert offset is not None  # astimezone() gives an aware datetime
        self.noon = 12 * 3600 - offset.total_seconds()

    def x(self, dates: Sequence[dt.date], shift_days: float = 0.0) -> np.ndarray:
        np = load_numpy()
        days = np.fromiter(map(dt.date.toordinal, dates), dtype=float, count=len(dates))
        return (days - UNIX_EPOCH + shift_days) * DAY_SECONDS + self.noon

    def midnight(self, day: dt.date) -> float:
        return (day.toordinal() - UNIX_EPOCH) * DAY_SECONDS + self.noon - 12 * 3600


class Track:
    """One series as drawn, kept sorted by x for the hover read-out."""

    def __init__(self, name: str, dates: Sequence[dt.date], xs, values: Sequence[float]):
        np = load_numpy()
        ys = np.asarray(values, dtype=float)
        self.name = name
        if len(xs) < 2 or bool((xs[1:] >= xs[:-1]).all()):  # in date order, as core gives
            self.xs, self.values, self.dates = xs, ys, dates
            return
        order = np.argsort(xs, kind="stable")
        self.xs, self.values = xs[order], ys[order]
        self.dates = [dates[i] for i in order]


def nearest(xs, x: float) -> int:
    i = int(load_numpy().searchsorted(xs, x))
    if i >= len(xs):
        return len(xs) - 1
    if i > 0 and x - xs[i - 1] < xs[i] - x:
        return i - 1
    return i


def day_text(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def number_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def legend_html(*entries: tuple[str, str, str]) -> str:
    """A rich-text key: (colour, symbol, what it shows); no colour: the text colour."""
    return " &nbsp; ".join((f"<span style='color:{colour}'>{symbol}</span>" if colour
                            else symbol) + f" {text}" for colour, symbol, text in entries)


def set_dots(curve, count: int, symbol: str = "o") -> None:
    """Dots help read a few points; thousands of them only blur the line and cost time."""
    curve.setSymbol(symbol if count <= MANY_POINTS else None)


def make_pen(colour: str, dashed: bool = False):
    # pyqtgraph pens are cosmetic; 1 px keeps long series fast (docs/PLATFORM.md).
    pg = load_pyqtgraph()
    return pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine if dashed else
                    Qt.PenStyle.SolidLine)


def month_axis(pg):
    """A date axis that names the month: years and months ('2026', 'Sep') on a long span,
    days with their month ('14 Sep') on a short one, never hours (a chart spans three
    weeks at least). Ticks are spaced by the width of their widest label, and a short span
    has one kind of tick only, so labels never overprint."""
    from pyqtgraph.graphicsItems import DateAxisItem as dates

    axis = pg.DateAxisItem(orientation="bottom")
    axis.zoomLevels = {
        float("inf"): dates.ZoomLevel(
            [dates.TickSpec(dates.YEAR_SPACING, dates.makeYStepper(1), "%Y",
                            autoSkip=[1, 5, 10, 25]),
             dates.TickSpec(dates.MONTH_SPACING, dates.makeMStepper(1), "%b")], "2026"),
        5 * DAY_SECONDS: dates.ZoomLevel(
            [dates.TickSpec(dates.DAY_SPACING, dates.makeSStepper(dates.DAY_SPACING),
                            "%d %b", autoSkip=[1, 2, 7, 14])], "30 Sep"),
    }
    words = axis.tickStrings
    axis.tickStrings = lambda *args: [text.lstrip("0") for text in words(*args)]  # 3 Dec
    return axis


class Panel:
    """A chart card: the plot (or a message when there is nothing to draw), its key and
    a read-out of the point nearest the mouse."""

    title = ""
    y_label = ""
    bottom_label = "Date"
    key = ""

    def __init__(self) -> None:
        self.box = card(self.title)
        self.stack = named(QStackedWidget(), f"{self.title} area")
        self.message = text_label("", f"{self.title}: message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(16)
        self.stack.addWidget(self.message)
        self.key_label = text_label(self.key, f"{self.title}: key", selectable=False)
        self.readout = text_label("", f"{self.title}: read-out")
        # The chart in words, for a person who cannot see it (core/rules/chart_words.py).
        self.summary = text_label("", f"{self.title}: in words")
        layout = QVBoxLayout(self.box)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.key_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.readout)
        # pyqtgraph has no stubs: its PlotWidget (None until build()) is read as Any.
        self.plot: Any = None
        self.tracks: list[Track] = []
        self.drawn: tuple | None = None  # the data and day the plot shows
        self.curves: dict[object, tuple] = {}  # curve -> (the series it shows, its track)
        self._show_plot(False)

    # --- building (first show only) -----------------------------------------------------

    def build(self, palette: QPalette) -> None:
        pg = load_pyqtgraph()
        self.plot = pg.PlotWidget(axisItems={"bottom": month_axis(pg)})
        named(self.plot, f"{self.title} chart",
              "Hover to read a day's values; drag to pan, scroll to zoom, "
              "right-click for View All")
        self.plot.setMinimumHeight(200)
        # Its size hint (480 px) would make every card tall: take the grid's row height.
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.item = self.plot.getPlotItem()
        self.item.hideButtons()
        self.item.showGrid(x=False, y=True, alpha=0.12)
        self.item.setLimits(minXRange=21 * DAY_SECONDS)  # one point is not a zoom to hours
        for name in ("left", "bottom", "right"):
            # Drawn once per range, then copied: a grid's translucent lines across the plot
            # cost more than all the data to draw again.
            self.item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.stack.addWidget(self.plot)
        self._build_items(pg)
        self.apply_palette(palette)

    def _build_items(self, pg) -> None:
        raise NotImplementedError

    def apply_palette(self, palette: QPalette) -> None:
        """The plot in the window's colours (a dark palette gives a dark chart), and each
        coloured text in its ink for that palette (ui/colors.py)."""
        self.shown_palette = palette
        background = palette.color(QPalette.ColorRole.Window)
        foreground = palette.color(QPalette.ColorRole.WindowText)
        self.plot.setBackground(background)
        for name in ("left", "bottom", "right"):
            axis = self.item.getAxis(name)
            axis.setPen(foreground)
            axis.setTextPen(foreground)
        self.item.setLabel("left", self.y_label, color=foreground.name())
        self.item.setLabel("bottom", self.bottom_label, color=foreground.name())
        self.set_key(self.key)
        self._recolour(foreground)

    def ink(self, colour: str) -> str:
        """The text colour for a series drawn in ``colour``, on the palette shown."""
        return ink(colour, self.shown_palette)

    def set_key(self, key: str) -> None:
        """The key under the chart, its symbols in the palette's inks once built."""
        self.key = key
        palette = getattr(self, "shown_palette", None)
        self.key_label.setText(inked(key, palette) if palette is not None else key)

    def _recolour(self, foreground: QColor) -> None:
        """Items drawn in the text colour (labels, target lines) follow the palette."""

    def _right_view(self, pg, label: str, colour: str):
        """A second y axis on the right with its own view, sharing the date axis."""
        view = pg.ViewBox()
        view.setMouseEnabled(x=False, y=False)
        self.item.showAxis("right")
        self.item.scene().addItem(view)
        self.item.getAxis("right").linkToView(view)
        view.setXLink(self.item)
        self.item.setLabel("right", label, color=colour)

        def follow() -> None:
            view.setGeometry(self.item.vb.sceneBoundingRect())
            view.linkedViewChanged(self.item.vb, view.XAxis)

        self.item.vb.sigResized.connect(follow)
        return view

    # --- drawing ------------------------------------------------------------------------

    def show(self, data, scale: DateScale, today: dt.date) -> None:
        message = self.empty_message(data)
        self._show_plot(not message)
        if message:
            self.message.setText(message)
            self.tracks, self.drawn = [], None
            return
        if self.drawn != (data, today):  # a save changes one chart or two, not all five
            self.tracks = self.draw(data, scale, today)
            self.drawn = (data, today)
        shown = [t.xs for t in self.tracks if len(t.xs)]
        first = min(xs[0] for xs in shown)
        latest = max(xs[-1] for xs in shown)
        # Set by hand: auto-range would miss the series drawn against the right axis.
        margin = max(4 * DAY_SECONDS, (latest - first) * 0.02)
        self.item.setXRange(first - margin, latest + margin, padding=0)
        self.readout.setText("Latest: " + self.read_out_at(latest))
        self.summary.setText(self.words(data))

    def _show_plot(self, shown: bool) -> None:
        if shown and self.plot is not None:
            self.stack.setCurrentWidget(self.plot)
        else:
            self.stack.setCurrentWidget(self.message)
        self.key_label.setVisible(shown)
        self.readout.setVisible(shown)
        self.summary.setVisible(shown)

    def empty_message(self, data) -> str:
        raise NotImplementedError

    def words(self, data) -> str:
        """The chart in a sentence or two (core/rules/chart_words.py)."""
        raise NotImplementedError

    def draw(self, data, scale: DateScale, today: dt.date) -> list[Track]:
        raise NotImplementedError

    def plot_series(self, curve, name: str, series: Series, scale: DateScale,
                    shift_days: float = 0.0) -> Track:
        """Give ``curve`` this series, unless it shows it already (a check-in leaves ten
        years of sessions' dots alone), and return its track for the read-out."""
        shown = (series, scale.noon, shift_days)
        kept = self.curves.get(curve)
        if kept is not None and kept[0] == shown:
            return kept[1]
        xs = scale.x(series.dates, shift_days)
        ys = load_numpy().asarray(series.values, dtype=float)
        curve.setData(xs, ys)
        track = Track(name, series.dates, xs, ys)
        self.curves[curve] = (shown, track)
        return track

    # --- hover read-out -----------------------------------------------------------------

    def on_mouse_moved(self, scene_pos: QPointF) -> None:
        view = self.item.vb
        if not self.tracks or not view.sceneBoundingRect().contains(scene_pos):
            return
        self.readout.setText(self.read_out_at(view.mapSceneToView(scene_pos).x()))

    def read_out_at(self, x: float) -> str:
        """The date and values of every series at the point nearest to ``x``."""
        np = load_numpy()
        best = None
        for track in self.tracks:
            if len(track.xs):
                i = nearest(track.xs, x)
                gap = abs(track.xs[i] - x)
                if best is None or gap < best[0]:
                    best = (gap, track.xs[i], track.dates[i])
        if best is None:
            return ""
        _, at, day = best
        found = {}
        for track in self.tracks:
            low = int(np.searchsorted(track.xs, at, side="left"))
            high = int(np.searchsorted(track.xs, at, side="right"))
            if high > low:
                found[track.name] = track.values[low:high].tolist()
        return self.describe(day, found)

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        raise NotImplementedError
