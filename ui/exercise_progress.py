"""The Progress tab's strength exercises: each exercise's sets × reps (or hold) and load
over time, for the physio (core/rules/exercise_progress.py).

A table of every exercise done (times done, first, latest, the change between), and the
selected exercise's every session, newest first. Redrawn when strength work changes, and
only while shown.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHBoxLayout, QVBoxLayout

from core.changes import Area, Changes
from core.model import SessionKind
from core.rules.exercise_progress import Progression, done_row, progressions, summary_row
from ui.common import Operations, fill_table, read_only_table, text_label

REDRAWN_BY = {Area.SESSIONS, Area.STRENGTH, Area.FILE, Area.PLAN}


class ExerciseProgress(QGroupBox):
    def __init__(self, ops: Operations):
        super().__init__("Strength exercises: what was done")
        self.ops = ops
        self.stale = True
        self.shown: tuple[Progression, ...] = ()
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.setAccessibleName(self.title())
        self.message = text_label("", "Strength exercises summary")
        self.summary = read_only_table("Strength exercises",
                                       ["Exercise", "Times", "Latest", "Change"])
        self.summary.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.record = read_only_table("One exercise, every time",
                                      ["Date", "Form", "Done", "In all", "Knee pain"])
        for table in (self.summary, self.record):
            table.setMinimumHeight(280)  # a programme's 7 exercises without scrolling
        tables = QHBoxLayout()
        tables.addWidget(self.summary, 3)
        tables.addWidget(self.record, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(tables)

    def _connect_signals(self) -> None:
        self.ops.data_changed.connect(self.refresh)
        self.summary.itemSelectionChanged.connect(self._show_record)

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.areas & REDRAWN_BY:
            return
        self.stale = True
        if self.isVisible():
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:  # Qt names it
        super().showEvent(event)
        if self.stale:
            self.redraw()

    def redraw(self) -> None:
        self.stale = False
        runback = self.ops.runback
        selected = self._selected()
        key = selected.key if selected else None
        self.shown = () if runback.needs_setup else progressions(
            runback.log.sessions_of(SessionKind.STRENGTH))
        self.message.setText(
            "Each exercise as the runner ticked it: sets × reps (or seconds held) and the "
            "load. Select one to see every time." if self.shown else
            "No strength exercise ticked yet: the record starts with the first tick.")
        fill_table(self.summary, [summary_row(p) for p in self.shown])
        keys = [p.key for p in self.shown]
        if self.shown:
            self.summary.selectRow(keys.index(key) if key in keys else 0)
        self._show_record()

    def _selected(self) -> Progression | None:
        rows = self.summary.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _show_record(self) -> None:
        selected = self._selected()
        fill_table(self.record, [] if selected is None else
                   [done_row(done) for done in reversed(selected.done)])
