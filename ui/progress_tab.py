"""The Progress tab: the five charts of the spec (pain, run/walk, strength, load, cadence).

pyqtgraph takes about 0.4 s to import (docs/PLATFORM.md), so this module never imports it at
load time: the plots are built the first time the tab is shown. While the tab is hidden a
refresh only marks the charts stale; they redraw when shown. Plots and their items are
made once and updated with ``setData``; each chart shows a message instead of an empty box.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.changes import Changes
from core.rules.series import (
    Charts,
)
from ui.chart_base import (
    NOT_CHARTED,
    DateScale,
    Panel,
)
from ui.chart_panels import (
    AdherencePanel,
    CadencePanel,
    LoadPanel,
    PainPanel,
    RunWalkPanel,
)
from ui.common import Operations, named, text_label
from ui.exercise_progress import ExerciseProgress
from ui.outcomes_card import SHOWN as SCORED
from ui.score_chart import ScoreCharts


class ProgressTab(QWidget):
    """The runner's and physio's charts; built on first show, redrawn on data changes."""

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self.built = False
        self.stale = True
        # The questionnaires' charts are read again only after a change they show
        # (ui/outcomes_card.py SHOWN): their scores took ~0.6 ms of every redraw at 50 years.
        self.scores_stale = True
        self._drawn: Charts | None = None
        self._setup_ui()

    def _setup_ui(self) -> None:
        named(self, "Progress")
        self.pain = PainPanel()
        self.run_walk = RunWalkPanel()
        self.adherence = AdherencePanel()
        self.load = LoadPanel()
        self.cadence = CadencePanel()
        self.panels: tuple[Panel, ...] = (self.pain, self.run_walk, self.adherence,
                                           self.load, self.cadence)
        content = QWidget()
        grid = QGridLayout(content)
        grid.addWidget(text_label("Your numbers over time. Hover over a chart to read a day; "
                                  "drag to pan, scroll to zoom, right-click for View All.",
                                  "About the charts"), 0, 0, 1, 2)
        grid.addWidget(self.pain.box, 1, 0, 1, 2)
        for i, panel in enumerate(self.panels[1:]):
            grid.addWidget(panel.box, 2 + i // 2, i % 2)
        self.scores = ScoreCharts()  # the outcome questionnaires' scores (issue 13)
        grid.addWidget(self.scores, 4, 0, 1, 2)
        self.exercises = ExerciseProgress(self.ops)  # sets × reps and load (issue 15)
        grid.addWidget(self.exercises, 5, 0, 1, 2)
        # A card: its 200 px plot, then the key, the chart in words and the read-out, up to
        # three lines each in a half-width card at 1024 px (the plot takes what is left).
        for row, height in ((1, 420), (2, 400), (3, 400)):
            grid.setRowMinimumHeight(row, height)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = named(QScrollArea(), "Progress charts")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _connect_signals(self) -> None:
        for panel in self.panels:
            panel.plot.scene().sigMouseMoved.connect(panel.on_mouse_moved)

    def refresh(self, changes: Changes | None = None) -> None:
        """Redraw after a change if shown; otherwise remember to redraw when shown."""
        if changes is not None and changes.areas and changes.areas <= NOT_CHARTED:
            return
        self.stale = True
        if changes is None or not changes.areas or changes.areas & SCORED:
            self.scores_stale = True
        if self.isVisible():
            self._redraw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale or not self.built:
            self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.built:
            for panel in self.panels:
                panel.apply_palette(self.palette())

    def _build(self) -> None:
        for panel in self.panels:
            panel.build(self.palette())
        self.built = True
        self._connect_signals()

    def _redraw(self) -> None:
        if not self.built:
            self._build()
        self.stale = False
        runback = self.ops.runback
        if self.scores_stale:
            self.scores_stale = False
            self.scores.show_histories(runback.outcome_histories(), runback.today,
                                       self.palette())
        charts = runback.charts()
        if charts is self._drawn:
            return  # core caches views per state: the same object means nothing changed
        self._drawn = charts
        scale = DateScale(runback.today)
        for panel, data in zip(self.panels, (charts.pain, charts.run_walk, charts.adherence,
                                             charts.load, charts.cadence), strict=True):
            panel.show(data, scale, runback.today)


