"""One report chart painted as vector paths into any QPainter (the PDF's): a title, a
legend, a value axis and a date axis, then the layers core/exchange/report_charts.py
describes. Black and white: series differ by line style and marker, areas by grey or
hatching. pyqtgraph is not used (its SVG exporter fails with PySide6 6.11/6.12:
docs/PLATFORM.md), and a printed chart needs none of its interaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from core.exchange.report_charts import ChartSpec, Fill, Kind, Layer, Line, Marker

FILLS = {Fill.LIGHT: QColor(228, 228, 228), Fill.MID: QColor(175, 175, 175)}
GRID = QColor(190, 190, 190)
STYLES = {Line.SOLID: Qt.PenStyle.SolidLine, Line.DASHED: Qt.PenStyle.DashLine,
          Line.DOTTED: Qt.PenStyle.DotLine, Line.NONE: Qt.PenStyle.NoPen}
LEFT = Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignVCenter.value
RIGHT = Qt.AlignmentFlag.AlignRight.value | Qt.AlignmentFlag.AlignVCenter.value
CENTRE = Qt.AlignmentFlag.AlignHCenter.value | Qt.AlignmentFlag.AlignTop.value
MONTHS = calendar.month_abbr


def font(size: float, bold: bool = False) -> QFont:
    """The system's font at ``size`` points, without ligatures: text copied or extracted
    from the PDF reads "first", not "ﬁrst"."""
    chosen = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    chosen.setPointSizeF(size)
    chosen.setBold(bold)
    chosen.setFeature(QFont.Tag("liga"), 0)
    return chosen


def paint_chart(painter: QPainter, chart: ChartSpec, box: QRectF) -> None:
    """Paint ``chart`` inside ``box`` (device units)."""
    painter.save()
    try:
        _Chart(painter, chart, box).paint()
    finally:
        painter.restore()


class _Chart:
    def __init__(self, painter: QPainter, chart: ChartSpec, box: QRectF):
        self.painter, self.chart, self.box = painter, chart, box
        self.pt = painter.device().logicalDpiX() / 72
        self.title_font, self.font = font(9, True), font(7)
        self.metrics = QFontMetricsF(self.font, painter.device())
        self.low, self.high = self._value_range()
        self.first = chart.start.toordinal()
        self.last = chart.end.toordinal() + 1  # the end day drawn whole

    # --- scales ------------------------------------------------------------------------

    def _value_range(self) -> tuple[float, float]:
        chart = self.chart
        values = [v for layer in chart.layers for v in _values(layer, chart)]
        top = max(values, default=1.0)
        bottom = min(values, default=0.0)
        low = chart.low if chart.low is not None else bottom - 0.08 * max(top - bottom, 1)
        high = chart.high if chart.high is not None else top + 0.1 * max(top - low, 1)
        if high <= low:
            high = low + 1
        return low, high

    def x(self, day: dt.date, offset: float = 0) -> float:
        plot = self.plot
        share = (day.toordinal() + offset - self.first) / max(1, self.last - self.first)
        return plot.left() + share * plot.width()

    def y(self, value: float) -> float:
        plot = self.plot
        return plot.bottom() - (value - self.low) / (self.high - self.low) * plot.height()

    # --- the frame ---------------------------------------------------------------------

    def paint(self) -> None:
        painter, pt, box = self.painter, self.pt, self.box
        painter.setPen(QPen(Qt.GlobalColor.black))
        painter.setFont(self.title_font)
        title_height = QFontMetricsF(self.title_font, painter.device()).height()
        painter.drawText(QRectF(box.left(), box.top(), box.width(), title_height), LEFT,
                         self.chart.title)
        legend_bottom = self._legend(box.top() + title_height + 2 * pt)
        ticks = _ticks(self.low, self.high, self.chart.whole)
        labels = [_number(t) for t in ticks]
        axis_width = max(self.metrics.horizontalAdvance(text) for text in labels) + 5 * pt
        line = self.metrics.height()
        note = line + 2 * pt if self.chart.note else 0
        self.plot = QRectF(box.left() + axis_width, legend_bottom + 3 * pt,
                           box.width() - axis_width - 2 * pt,
                           box.bottom() - legend_bottom - 3 * pt - line - 4 * pt - note)
        self._shades()
        self._value_axis(ticks, labels)
        self._date_axis()
        painter.save()
        painter.setClipRect(self.plot)
        for layer in self.chart.layers:
            self._layer(layer)
        painter.restore()
        painter.setPen(QPen(Qt.GlobalColor.black, 0.6 * pt))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.plot)
        if self.chart.note:
            painter.setFont(self.font)
            painter.drawText(QRectF(box.left(), box.bottom() - line, box.width(), line), LEFT,
                             self.chart.note)

    def _legend(self, top: float) -> float:
        """The legend in rows under the title: a sample of each series and its name."""
        painter, pt = self.painter, self.pt
        painter.setFont(self.font)
        line = self.metrics.height()
        x, y = self.box.left(), top
        for layer in self.chart.layers:
            if not layer.label:
                continue
            width = 18 * pt + self.metrics.horizontalAdvance(layer.label) + 9 * pt
            if x + width > self.box.right() and x > self.box.left():
                x, y = self.box.left(), y + line + 1 * pt
            self._sample(layer, QRectF(x, y, 15 * pt, line))
            painter.setPen(QPen(Qt.GlobalColor.black))
            painter.drawText(QRectF(x + 18 * pt, y, width, line), LEFT, layer.label)
            x += width
        return y + line

    def _sample(self, layer: Layer, where: QRectF) -> None:
        painter, middle = self.painter, where.center().y()
        if layer.kind in (Kind.BARS, Kind.BAND):
            swatch = QRectF(where.left() + 2 * self.pt, where.top() + 1.5 * self.pt,
                            where.width() - 4 * self.pt, where.height() - 3 * self.pt)
            self._area(swatch, layer.fill)
            painter.setPen(self._pen(layer, outline=layer.kind is Kind.BARS))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(swatch)
            return
        if layer.line is not Line.NONE:
            painter.setPen(self._pen(layer))
            painter.drawLine(QPointF(where.left(), middle), QPointF(where.right(), middle))
        self._marker(layer.marker, QPointF(where.center().x(), middle))

    def _shades(self) -> None:
        painter = self.painter
        painter.setFont(self.font)
        line = self.metrics.height()
        for shade in self.chart.shades:
            left, right = self.x(shade.start), self.x(shade.end, 1 if shade.end ==
                                                       self.chart.end else 0)
            area = QRectF(left, self.plot.top(), right - left, self.plot.height())
            if shade.fill in FILLS:
                painter.fillRect(area, FILLS[shade.fill])
            painter.setPen(QPen(Qt.GlobalColor.black))
            if self.metrics.horizontalAdvance(shade.label) < area.width():
                painter.drawText(QRectF(left, self.plot.top() + self.pt, area.width(), line),
                                 CENTRE, shade.label)
            elif self.metrics.horizontalAdvance(shade.label[-1]) < area.width():
                painter.drawText(QRectF(left, self.plot.top() + self.pt, area.width(), line),
                                 CENTRE, shade.label[-1])

    def _value_axis(self, ticks: list[float], labels: list[str]) -> None:
        painter, pt, plot = self.painter, self.pt, self.plot
        painter.setFont(self.font)
        line = self.metrics.height()
        for tick, label in zip(ticks, labels, strict=True):
            y = self.y(tick)
            painter.setPen(QPen(GRID, 0.3 * pt, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QPen(Qt.GlobalColor.black))
            painter.drawText(QRectF(self.box.left(), y - line / 2, plot.left() -
                                    self.box.left() - 3 * pt, line), RIGHT, label)

    def _date_axis(self) -> None:
        painter, pt, plot = self.painter, self.pt, self.plot
        painter.setFont(self.font)
        line = self.metrics.height()
        days = _date_ticks(self.chart.start, self.chart.end)
        previous_right = -math.inf
        for day, label in days:
            x = self.x(day)
            painter.setPen(QPen(Qt.GlobalColor.black, 0.5 * pt))
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 2.5 * pt))
            width = self.metrics.horizontalAdvance(label)
            left = min(max(x - width / 2, self.box.left()), self.box.right() - width)
            if left < previous_right + 4 * pt:
                continue
            painter.drawText(QRectF(left, plot.bottom() + 3 * pt, width + pt, line), LEFT,
                             label)
            previous_right = left + width

    # --- the layers --------------------------------------------------------------------

    def _pen(self, layer: Layer, outline: bool = False) -> QPen:
        width = (0.5 if outline else 1.5 if layer.bold else 0.9) * self.pt
        style = Qt.PenStyle.SolidLine if outline else STYLES[layer.line]
        pen = QPen(QColor(0, 0, 0), width, style)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        return pen

    def _layer(self, layer: Layer) -> None:
        painter, series = self.painter, layer.series
        points = [QPointF(self.x(day), self.y(value))
                  for day, value in zip(series.dates, series.values, strict=True)]
        if layer.kind is Kind.LEVEL:
            painter.setPen(self._pen(layer))
            y = self.y(layer.value)
            painter.drawLine(QPointF(self.plot.left(), y), QPointF(self.plot.right(), y))
        elif layer.kind is Kind.BARS:
            self._bars(layer)
        elif layer.kind is Kind.BAND:
            self._band(layer)
        elif layer.kind is Kind.STEPS and points:
            path = QPainterPath(points[0])
            for point in points[1:]:
                path.lineTo(point.x(), path.currentPosition().y())
                path.lineTo(point)
            path.lineTo(self.plot.right(), points[-1].y())
            painter.setPen(self._pen(layer))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        elif layer.kind is Kind.LINE and len(points) > 1 and layer.line is not Line.NONE:
            painter.setPen(self._pen(layer))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points))
        if layer.kind in (Kind.LINE, Kind.POINTS):
            # Crowded points (years in one chart) get smaller markers, still told apart.
            room = self.plot.width() / max(1, len(points))
            scale = min(1.0, max(0.45, room / (6 * self.pt)))
            for point in points:
                self._marker(layer.marker, point, scale)

    def _bars(self, layer: Layer) -> None:
        painter, gap = self.painter, 0.12
        base = self.y(max(self.low, 0.0))
        for day, value in zip(layer.series.dates, layer.series.values, strict=True):
            left, right = self.x(day, 7 * gap), self.x(day, 7 * (1 - gap))
            top = self.y(value)
            bar = QRectF(left, min(top, base), right - left, abs(base - top))
            if bar.width() < 2.5 * self.pt:  # years of weeks: a grey bar, no outline
                painter.fillRect(bar, FILLS[Fill.MID])
                continue
            self._area(bar, layer.fill)
            painter.setPen(self._pen(layer, outline=True))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(bar)

    def _band(self, layer: Layer) -> None:
        lower, upper = layer.series, layer.upper
        if not lower.dates or not upper.dates:
            return
        below = [QPointF(self.x(d), self.y(v)) for d, v in zip(lower.dates, lower.values,
                                                                  strict=True)]
        above = [QPointF(self.x(d), self.y(v)) for d, v in zip(upper.dates, upper.values,
                                                                  strict=True)]
        path = QPainterPath(below[0])
        for point in [*below[1:], *reversed(above)]:
            path.lineTo(point)
        path.closeSubpath()
        painter = self.painter
        if layer.fill in FILLS:
            painter.fillPath(path, FILLS[layer.fill])
        painter.setPen(self._pen(layer))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF(below))
        painter.drawPolyline(QPolygonF(above))

    def _area(self, area: QRectF, fill: Fill) -> None:
        """An area's fill: a grey, or diagonal hatching drawn as lines (a pattern brush
        would be as fine as the device's pixels)."""
        painter = self.painter
        if fill in FILLS:
            painter.fillRect(area, FILLS[fill])
        elif fill is Fill.HATCH:
            painter.save()
            painter.setClipRect(area, Qt.ClipOperation.IntersectClip)
            painter.fillRect(area, QColor(255, 255, 255))
            painter.setPen(QPen(QColor(0, 0, 0), 0.45 * self.pt))
            step = 3.2 * self.pt
            offset = -area.height()
            while offset < area.width():
                painter.drawLine(QPointF(area.left() + offset, area.bottom()),
                                 QPointF(area.left() + offset + area.height(), area.top()))
                offset += step
            painter.restore()

    def _marker(self, marker: Marker, at: QPointF, scale: float = 1.0) -> None:
        painter, size = self.painter, 2.3 * self.pt * scale
        if marker is Marker.NONE:
            return
        painter.setPen(QPen(QColor(0, 0, 0), 0.7 * self.pt))
        if marker is Marker.CIRCLE:
            painter.setBrush(QBrush(QColor(255, 255, 255)))
            painter.drawEllipse(at, size, size)
        elif marker is Marker.DOT:
            painter.setBrush(QBrush(QColor(0, 0, 0)))
            painter.drawEllipse(at, size * 0.55, size * 0.55)
        elif marker is Marker.SQUARE:
            painter.setBrush(QBrush(QColor(0, 0, 0)))
            painter.drawRect(QRectF(at.x() - size * 0.8, at.y() - size * 0.8, size * 1.6,
                                    size * 1.6))
        elif marker is Marker.TRIANGLE:
            painter.setBrush(QBrush(QColor(255, 255, 255)))
            painter.drawPolygon(QPolygonF([QPointF(at.x(), at.y() - size * 1.1),
                                           QPointF(at.x() - size, at.y() + size * 0.8),
                                           QPointF(at.x() + size, at.y() + size * 0.8)]))
        elif marker is Marker.CROSS:
            painter.setPen(QPen(QColor(0, 0, 0), 1.1 * self.pt))
            big = size * 1.3
            painter.drawLine(QPointF(at.x() - big, at.y() - big),
                             QPointF(at.x() + big, at.y() + big))
            painter.drawLine(QPointF(at.x() - big, at.y() + big),
                             QPointF(at.x() + big, at.y() - big))


def _values(layer: Layer, chart: ChartSpec) -> list[float]:
    """The values a layer shows in the chart's period (for the value axis)."""
    if layer.kind is Kind.LEVEL:
        return [layer.value]
    found = []
    for series in (layer.series, layer.upper):
        found += [v for d, v in zip(series.dates, series.values, strict=True)
                  if chart.start - dt.timedelta(days=7) <= d <= chart.end]
    return found


def _ticks(low: float, high: float, whole: bool = False, most: int = 6) -> list[float]:
    """Round values from ``low`` to ``high``: a step of 1, 2, 2.5 or 5 × 10^k (whole
    numbers only, if ``whole``)."""
    span = high - low
    raw = max(span / most, 1.0) if whole else span / most
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(power * m for m in steps if power * m >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 6))
        value += step
    return ticks


def _number(value: float) -> str:
    return f"{value:g}"


def _date_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Dates to mark on the axis: Mondays for a short period, else the firsts of months
    (every one, two, three or six), with the year where it changes."""
    days = (end - start).days
    if days <= 70:
        every = 1 if days <= 35 else 2
        monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
        marks = []
        while monday <= end:
            marks.append((monday, f"{monday.day} {MONTHS[monday.month]}"))
            monday += dt.timedelta(weeks=every)
        return marks
    months = days / 30.4
    every = next(step for step in (1, 2, 3, 6, 12, 24, 60) if months / step <= 8)
    day = dt.date(start.year, start.month, 1)
    marks = []
    last_year = None
    while day <= end:
        if day >= start and (day.month - 1) % every == 0:
            year = f" {day.year}" if day.year != last_year else ""
            marks.append((day, f"{MONTHS[day.month]}{year}"))
            last_year = day.year
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return marks
