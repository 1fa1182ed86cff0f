"""Stage 2, restore strength and stability: the day's programme as a checklist.

Each tick is saved at once and can be undone; strength continues in every later stage.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.model import ExerciseTick
from core.runback import Changes
from ui.common import (
    Operations,
    card,
    check_box,
    date_box,
    feedback_label,
    fill_table,
    from_qdate,
    heading,
    optional_pain_box,
    optional_value,
    read_only_table,
    reset_date,
    text_label,
)


class StrengthTab(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self.rows: dict[str, tuple[QCheckBox, QSpinBox]] = {}
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.date = date_box("Strength session date")
        self.status = heading(scale=1.2)
        self.status.setAccessibleName("Session status")
        self.checklist = QGridLayout()
        self.feedback = feedback_label()
        session_card = card("Today's session")
        box = QVBoxLayout(session_card)
        top = QHBoxLayout()
        top.addWidget(QLabel("Session of"))
        top.addWidget(self.date)
        top.addStretch(1)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(text_label("Tick each exercise when done; untick to undo. Note the "
                                 "knee pain it caused if any (— = not noted)."))
        box.addLayout(self.checklist)
        box.addWidget(self.feedback)
        box.addStretch(1)

        self.adherence = heading(scale=1.1)
        self.adherence.setAccessibleName("This week's adherence")
        self.weeks = read_only_table("Strength adherence by week",
                                     ["Week of", "Done", "Partial", "Adherence"])
        week_card = card("Adherence")
        week_box = QVBoxLayout(week_card)
        week_box.addWidget(self.adherence)
        week_box.addWidget(text_label("Target: at least 2 complete sessions every week, in "
                                      "this stage and all later ones. Strength work can cut "
                                      "running injuries by up to half."))
        week_box.addWidget(self.weeks)

        layout = QHBoxLayout(self)
        layout.addWidget(session_card, 3)
        layout.addWidget(week_card, 2)

    def _connect_signals(self) -> None:
        self.date.dateChanged.connect(self._date_changed)

    @property
    def day(self) -> dt.date:
        return from_qdate(self.date.date())

    def _date_changed(self) -> None:
        self._show_session()

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        if runback.needs_setup:
            return
        reset_date(self.date, runback)
        self._show_session()
        self._show_weeks()

    def _programme(self) -> tuple[ExerciseTick, ...]:
        runback = self.ops.runback
        session = runback.strength_session(self.day)
        return session.exercises if session else runback.plan.on(self.day).exercises

    def _show_session(self) -> None:
        if self.ops.runback.needs_setup:
            return
        exercises = self._programme()
        if [e.key for e in exercises] != list(self.rows):
            self._build_rows(exercises)
        for exercise in exercises:
            tick, pain = self.rows[exercise.key]
            with QSignalBlocker(tick), QSignalBlocker(pain):
                tick.setChecked(exercise.ticked)
                pain.setValue(-1 if exercise.pain is None else exercise.pain)
        done = sum(e.ticked for e in exercises)
        if done == len(exercises):
            self.status.setText(f"Session complete: all {done} exercises done ✓")
        elif done:
            self.status.setText(f"Partial session: {done} of {len(exercises)} exercises done")
        else:
            self.status.setText(f"{len(exercises)} exercises to do")

    def _build_rows(self, exercises: tuple[ExerciseTick, ...]) -> None:
        while self.checklist.count():
            item = self.checklist.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.deleteLater()
        self.rows = {}
        self.checklist.addWidget(QLabel("<b>Exercise</b>"), 0, 0)
        self.checklist.addWidget(QLabel("<b>Dose</b>"), 0, 1)
        self.checklist.addWidget(QLabel("<b>Knee pain</b>"), 0, 2)
        previous: QWidget = self.date  # Tab goes down the list after the date
        for row, exercise in enumerate(exercises, start=1):
            tick = check_box(exercise.name, f"Done: {exercise.name}")
            pain = optional_pain_box(f"Knee pain during {exercise.name}")
            self.checklist.addWidget(tick, row, 0)
            self.checklist.addWidget(QLabel(exercise.dose), row, 1)
            self.checklist.addWidget(pain, row, 2)
            QWidget.setTabOrder(previous, tick)
            QWidget.setTabOrder(tick, pain)
            previous = pain
            tick.toggled.connect(lambda on, key=exercise.key: self._tick(key, on))
            pain.valueChanged.connect(lambda _, key=exercise.key: self._pain_changed(key))
            self.rows[exercise.key] = (tick, pain)
        self.checklist.setColumnStretch(0, 1)

    def _tick(self, key: str, on: bool) -> None:
        day, pain = self.day, optional_value(self.rows[key][1])
        saved = False
        try:
            if on:
                saved = self.ops.run(lambda rb: rb.tick_exercise(key, pain, date=day),
                                     self.feedback)
            else:
                saved = self.ops.run(lambda rb: rb.untick_exercise(key, date=day),
                                     self.feedback)
        finally:
            # Qt ticks the box before this runs: unless the tick committed, show what is
            # stored, not what was clicked, whatever was raised (docs/RELIABILITY.md).
            if not saved:
                self._show_session()

    def _pain_changed(self, key: str) -> None:
        tick, pain = self.rows[key]
        if tick.isChecked():  # a ticked exercise's pain is saved at once too
            value, day = optional_value(pain), self.day
            self.ops.run(lambda rb: rb.tick_exercise(key, value, date=day), self.feedback)

    def _show_weeks(self) -> None:
        rows = [r for r in self.ops.runback.recent_weeks() if r.adherence.planned]
        if not rows:
            self.adherence.setText("Strength sessions count from stage 2 on.")
        else:
            week = rows[-1].adherence
            self.adherence.setText(f"This week: {week.done} of {week.planned} sessions "
                                   f"({week.percent:.0f} %)")
        fill_table(self.weeks, [
            (row.week.isoformat(), str(row.adherence.done), str(row.adherence.partial),
             f"{row.adherence.percent:.0f} %") for row in rows[::-1]])
