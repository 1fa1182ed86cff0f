"""Stage 2, restore strength and stability: the day's programme as a checklist.

Each exercise is a card (ui/exercise_card.py): its tick, what was done (started from last
time) and its how-to with a drawing. Each tick, and each change to a ticked exercise, is
saved at once and can be undone; strength continues in every later stage.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.model import ExerciseTick, SessionKind
from core.rules.exercise_progress import last_done
from core.rules.exercises import Guide, guides
from core.runback import Changes
from ui.common import (
    Operations,
    card,
    date_box,
    feedback_label,
    fill_table,
    from_qdate,
    heading,
    read_only_table,
    reset_date,
    text_label,
)
from ui.exercise_card import ExerciseCard


class StrengthTab(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self.rows: dict[str, tuple[QCheckBox, QSpinBox]] = {}  # each tick and pain box
        self.cards: dict[str, ExerciseCard] = {}
        self._guides: tuple[Guide, ...] = ()
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.date = date_box("Strength session date")
        self.status = heading(scale=1.2)
        self.status.setAccessibleName("Session status")
        self.checklist = QVBoxLayout()
        self.checklist.setContentsMargins(0, 0, 0, 0)
        listed = QWidget()
        listed.setLayout(self.checklist)
        self.exercise_list = QScrollArea()
        self.exercise_list.setWidgetResizable(True)
        self.exercise_list.setFrameShape(QFrame.Shape.NoFrame)
        self.exercise_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the cards
        self.exercise_list.setWidget(listed)
        self.feedback = feedback_label()
        session_card = card("Today's session")
        box = QVBoxLayout(session_card)
        top = QHBoxLayout()
        top.addWidget(QLabel("Session of"))
        top.addWidget(self.date)
        top.addStretch(1)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(text_label("Tick each exercise when done; untick to undo. What you "
                                 "did starts from last time: change it to what you did, "
                                 "with the load if you used one. Note the knee pain it "
                                 "caused if any (— = not noted). How to shows each "
                                 "exercise."))
        box.addWidget(self.exercise_list, 1)
        box.addWidget(self.feedback)

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
        layout.addWidget(session_card, 2)  # the exercises' cards need the room
        layout.addWidget(week_card, 1)

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
        runback = self.ops.runback
        if runback.needs_setup:
            return
        exercises = self._programme()
        shown = guides(runback.plan.on(self.day), exercises)
        if shown != self._guides:
            self._build_rows(shown)
        sessions = runback.log.sessions_of(SessionKind.STRENGTH)
        for exercise in exercises:
            self.cards[exercise.key].show_tick(
                exercise, last_done(sessions, exercise.key, self.day))
        done = sum(e.ticked for e in exercises)
        if done == len(exercises):
            self.status.setText(f"Session complete: all {done} exercises done ✓")
        elif done:
            self.status.setText(f"Partial session: {done} of {len(exercises)} exercises done")
        else:
            self.status.setText(f"{len(exercises)} exercises to do")

    def _build_rows(self, shown: tuple[Guide, ...]) -> None:
        while (item := self.checklist.takeAt(0)) is not None:
            widget = item.widget()
            if widget:
                widget.deleteLater()
        opened = {key for key, card in self.cards.items() if card.how.isChecked()}
        self._guides, self.rows, self.cards = shown, {}, {}
        previous: QWidget = self.date  # Tab goes down the list after the date
        for guide in shown:
            shown_card = ExerciseCard(guide)
            self.checklist.addWidget(shown_card)
            for widget in shown_card.focus_order():
                QWidget.setTabOrder(previous, widget)
                previous = widget
            shown_card.ticked.connect(self._tick)
            shown_card.edited.connect(self._edited)
            shown_card.show_how_to(guide.key in opened)
            self.cards[guide.key] = shown_card
            self.rows[guide.key] = (shown_card.tick, shown_card.pain)
        self.checklist.addStretch(1)

    def _tick(self, key: str, on: bool) -> None:
        day, card = self.day, self.cards[key]
        pain, done = card.pain_value(), card.done()
        saved = False
        try:
            if on:
                saved = self.ops.run(lambda rb: rb.tick_exercise(key, pain, date=day, **done),
                                     self.feedback)
            else:
                saved = self.ops.run(lambda rb: rb.untick_exercise(key, date=day),
                                     self.feedback)
        finally:
            # Qt ticks the box before this runs: unless the tick committed, show what is
            # stored, not what was clicked, whatever was raised (docs/RELIABILITY.md).
            if not saved:
                self._show_session()

    def _edited(self, key: str) -> None:
        card = self.cards[key]
        if card.tick.isChecked():  # a ticked exercise's values are saved at once too
            pain, done, day = card.pain_value(), card.done(), self.day
            self.ops.run(lambda rb: rb.tick_exercise(key, pain, date=day, **done),
                         self.feedback)

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
