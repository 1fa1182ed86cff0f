"""The week at a glance, Monday to Sunday: what is planned, what was done, and each day's
pain as a coloured mark. Painted in one widget (seven columns of labels would cost
start-up about a millisecond each); a screen reader gets every day in words, and a
tooltip gives one day's under the pointer.

The words come from the core (core/today_card.py ``days``); this only draws them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ui.colors import ink

# A day's pain mark: its zone's chart colour (the dot) and ink (the number).
ZONE_COLOURS = {"safe": ("#2fa37a", "green"), "acceptable": ("#d4a62a", "amber"),
                "stop": ("#e0483f", "red")}
PADDING = 6
DOT = 10


class WeekStrip(QWidget):
    def __init__(self):
        super().__init__()
        self.days: list[dict] = []
        self.setAccessibleName("This week, Monday to Sunday")
        # No Qt enums here (a size policy, alignment flags): touching Qt's namespace costs
        # start-up ~15 ms. The height is fixed to the lines shown; the width follows the
        # card.

    def show_days(self, days: list[dict]) -> None:
        if days == self.days:
            return
        self.days = days
        self.setAccessibleDescription(" ".join(day["words"] for day in days))
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height()

    def sizeHint(self) -> QSize:
        lines = 1 + max((_count(d["planned"]) + _count(d["done"]) for d in self.days),
                        default=2) + 1
        return QSize(7 * 90, lines * self._line() + 3 * PADDING)

    def minimumSizeHint(self) -> QSize:
        return QSize(7 * 60, self.sizeHint().height())

    def _column(self, index: int) -> QRect:
        width = self.width() / 7
        return QRect(round(index * width), 0, round(width) - 2, self.height())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.days:
            help_event = event if isinstance(event, QHelpEvent) else None
            if help_event is not None:
                index = min(6, int(help_event.pos().x() / max(1, self.width() / 7)))
                QToolTip.showText(help_event.globalPos(), self.days[index]["words"], self)
                return True
        return super().event(event)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        line = self._line()
        ascent = self.fontMetrics().ascent()
        bold = QFont(self.font())
        bold.setBold(True)
        italic = QFont(self.font())
        italic.setItalic(True)
        for index, day in enumerate(self.days):
            column = self._column(index)
            if day["when"] == "today":
                painter.fillRect(column, palette.color(QPalette.ColorRole.AlternateBase))
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
                painter.drawRect(column.adjusted(1, 1, -1, -1))
            inner = column.adjusted(PADDING, PADDING, -PADDING, -PADDING)
            painter.setClipRect(inner)
            painter.setPen(text)
            painter.setFont(bold)
            painter.drawText(inner.left(), inner.top() + ascent,
                             f"{day['name']} {day['date']}"
                             + (" · today" if day["when"] == "today" else ""))
            y = inner.top() + line
            if day["pain"] is not None:
                y = self._pain(painter, day, inner, y, line, ascent)
            painter.setFont(self.font())
            painter.setPen(text)
            for word in _lines(day["done"]):
                painter.drawText(inner.left(), y + ascent, f"✓ {word}")
                y += line
            painter.setFont(italic)
            for word in _lines(day["planned"]):
                painter.drawText(inner.left(), y + ascent, f"○ {word}")
                y += line
            painter.setClipping(False)

    def _pain(self, painter: QPainter, day: dict, inner: QRect, y: int, line: int,
              ascent: int) -> int:
        """The day's pain: a dot in its zone's colour, then "2/10" in the zone's ink."""
        dot, name = ZONE_COLOURS[day["zone"]]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(dot))
        painter.setBrush(QColor(dot))
        middle = y + line // 2
        painter.drawEllipse(QPoint(inner.left() + DOT // 2, middle), DOT // 2 - 1, DOT // 2 - 1)
        painter.setPen(QColor(ink(name, self.palette())))
        painter.setFont(self.font())
        painter.drawText(inner.left() + DOT + 4, y + ascent, f"pain {day['pain']}/10")
        painter.restore()
        return y + line


def _lines(words: str) -> list[str]:
    return [word for word in words.split("\n") if word]


def _count(words: str) -> int:
    return len(_lines(words))
