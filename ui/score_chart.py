"""The outcome scores on the Progress tab: one small chart per questionnaire in use (or
ever taken), each score over time against the meaningful-change band drawn from the first
score (core/rules/score_series.py). A score outside the band changed meaningfully.

Built with the other charts (pyqtgraph loads when the Progress tab is first shown) and
redrawn only when the questionnaires, or the day, changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QVBoxLayout

from core.outcomes import INSTRUMENTS, Instrument, InstrumentKey
from core.rules.chart_words import score_words
from core.rules.score_series import ScoreChart, score_chart
from core.today_card import questionnaire_row
from ui.chart_base import (
    BLUE,
    DAY_SECONDS,
    GREEN,
    DateScale,
    Panel,
    Track,
    day_text,
    legend_html,
    load_numpy,
    make_pen,
    set_dots,
)
from ui.common import text_label

if TYPE_CHECKING:
    from core.outcomes import History

PLOT_HEIGHT = 380  # a card with a chart: the plot's 200 px, its key, words and read-out


def band_key(instrument: Instrument, meaningful_change: float) -> str:
    higher = "higher is better" if instrument.higher_is_better else "lower is better"
    return legend_html((BLUE, "●—", f"score ({higher})"),
                       (GREEN, "▒", f"first score ± {meaningful_change:g}: no meaningful "
                                    f"change inside"),
                       (GREEN, "- -", "first score"))


class ScorePanel(Panel):
    """One instrument's scores over time and the band around its first score."""

    def __init__(self, instrument: Instrument):
        self.instrument = instrument
        self.title = f"{instrument.short_name}: {instrument.name}"
        self.y_label = f"Score ({instrument.low:g}–{instrument.high:g})"
        self.key = band_key(instrument, instrument.meaningful_change)
        super().__init__()
        self.rows: dict[dt.date, tuple[str, str, str]] = {}  # each day's words, for hover

    def _build_items(self, pg) -> None:
        band = QColor(GREEN)
        band.setAlpha(60)
        self.band_low = self.item.plot(pen=make_pen(GREEN))
        self.band_high = self.item.plot(pen=make_pen(GREEN))
        self.band = pg.FillBetweenItem(self.band_low, self.band_high, brush=band)
        self.band.setZValue(-10)
        self.item.addItem(self.band)
        self.baseline = self.item.plot(pen=make_pen(GREEN, dashed=True))
        self.scores = self.item.plot(pen=make_pen(BLUE), symbol="o", symbolSize=8,
                                     symbolBrush=BLUE, symbolPen=None)
        low, high = self.instrument.low, self.instrument.high
        pad = (high - low) * 0.04  # a dot on the top or bottom is not cut in half
        self.item.setYRange(low - pad, high + pad, padding=0)
        self.item.setMouseEnabled(x=True, y=False)

    def words(self, data: ScoreChart) -> str:
        return score_words(data)

    def empty_message(self, data: ScoreChart) -> str:
        if len(data.scores):
            return ""
        return (f"No {self.instrument.short_name} score yet: it appears here once taken "
                f"(Today says when it is due), and its first score sets the band a later "
                f"change must leave to count.")

    def draw(self, data: ScoreChart, scale: DateScale, today: dt.date) -> list[Track]:
        track = self.plot_series(self.scores, "score", data.scores, scale)
        set_dots(self.scores, len(data.scores))
        shown = data.band_start is not None and data.band_end is not None
        for item in (self.band_low, self.band_high, self.baseline, self.band):
            item.setVisible(shown)
        if data.band_start is not None and data.band_end is not None:
            np = load_numpy()
            # From the first score's day to the latest's (or today), half a day either side.
            xs = scale.x((data.band_start, data.band_end)) + np.array([-0.5, 0.5]) * DAY_SECONDS
            self.band_low.setData(xs, np.repeat(float(data.band_low or 0.0), 2))
            self.band_high.setData(xs, np.repeat(float(data.band_high or 0.0), 2))
            self.baseline.setData(xs, np.repeat(float(data.baseline or 0.0), 2))
            self.set_key(band_key(self.instrument, data.meaningful_change))
        return [track]

    def describe(self, day: dt.date, found: dict[str, list[float]]) -> str:
        row = self.rows.get(day)
        if row is None:
            return day_text(day)
        _, score, change = row
        return f"{day_text(day)} · {score} · {change}"


class ScoreCharts(QGroupBox):
    """A card of score charts, two a row: those of the questionnaires in use, and of any
    other ever taken."""

    def __init__(self) -> None:
        super().__init__("Outcome scores")
        self.setAccessibleName("Outcome scores")
        self.panels: dict[InstrumentKey, ScorePanel] = {
            key: ScorePanel(each) for key, each in INSTRUMENTS.items()}
        self.message = text_label("No questionnaire is in use: the physio chooses them on "
                                  "the Physio tab.", "Outcome scores: message")
        self.grid = QGridLayout()
        for index, panel in enumerate(self.panels.values()):
            self.grid.addWidget(panel.box, index // 2, index % 2)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(self.grid)
        self.built = False
        self._drawn: tuple | None = None

    def show_histories(self, histories: Sequence[History], today: dt.date,
                       palette: QPalette) -> None:
        """Draw these histories (core: ``outcome_histories``), unless already drawn."""
        shown = (tuple(histories), today)
        if shown == self._drawn:
            return
        self._drawn = shown
        if not self.built:
            for panel in self.panels.values():
                panel.build(palette)
                panel.plot.scene().sigMouseMoved.connect(panel.on_mouse_moved)
            self.built = True
        by_key = {each.instrument.key: each for each in histories}
        scale = DateScale(today)
        place = 0
        for key, panel in self.panels.items():
            history = by_key.get(key)
            panel.box.setVisible(history is not None)
            if history is None:
                continue
            self.grid.addWidget(panel.box, place // 2, place % 2)  # no gap for one hidden
            place += 1
            panel.rows = {each.date: questionnaire_row(panel.instrument, each)
                          for each in history.taken}
            data = score_chart(history, today)
            panel.show(data, scale, today)
            panel.box.setMinimumHeight(PLOT_HEIGHT if len(data.scores) else 0)
        self.message.setVisible(not by_key)

    def changeEvent(self, event: QEvent) -> None:  # Qt names it
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.built:
            for panel in self.panels.values():
                panel.apply_palette(self.palette())
