"""Stage 1, calm the pain: log cross-training and daily pain; relative rest, not inactivity."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from core.model import Activity, SessionKind
from core.runback import Changes
from ui.checkin_form import CheckInForm
from ui.common import (
    Operations,
    button,
    card,
    combo,
    date_box,
    effort_box,
    feedback_label,
    from_qdate,
    minutes_box,
    notes_box,
    pain_box,
    reset_date,
    text_label,
)
from ui.session_table import SessionTable


class CalmTab(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.intro = text_label(
            "Cut running back while the knee settles, and keep fit with cross-training that "
            "does not hurt: bike, swim or walk. Ice and gentle mobility help; full rest does "
            "not.")
        self.suggested = text_label(name="Suggested cross-training")
        self.activity = combo("Activity", [(a.value.capitalize(), a) for a in Activity])
        self.minutes = minutes_box("Cross-training minutes", 20, high=600)
        self.effort = effort_box("Cross-training effort", 4)
        self.pain = pain_box("Knee pain during cross-training")
        self.date = date_box("Cross-training date")
        self.notes = notes_box("Cross-training notes")
        self.save = button("Log cross-training", primary=True)
        self.feedback = feedback_label()

        log_card = card("Cross-training")
        form = QFormLayout()
        form.addRow("Activity", self.activity)
        form.addRow("Minutes", self.minutes)
        form.addRow("Effort", self.effort)
        form.addRow("Knee pain during", self.pain)
        form.addRow("Date", self.date)
        form.addRow("Notes", self.notes)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        box = QVBoxLayout(log_card)
        box.addWidget(self.suggested)
        box.addLayout(form)
        box.addLayout(buttons)
        box.addWidget(self.feedback)
        box.addStretch(1)

        self.check_in = CheckInForm(self.ops)
        check_card = card("Daily pain")
        QVBoxLayout(check_card).addWidget(self.check_in)

        self.history = SessionTable(
            self.ops, (SessionKind.CROSS_TRAINING,),
            [("Date", lambda s: s.date.isoformat()),
             ("Activity", lambda s: s.activity.value if s.activity else ""),
             ("Minutes", lambda s: round(s.minutes)), ("Effort", lambda s: s.effort),
             ("Pain during", lambda s: s.pain_during), ("Notes", lambda s: s.notes)],
            "Recent cross-training")
        history_card = card("Recent cross-training")
        QVBoxLayout(history_card).addWidget(self.history)

        grid = QGridLayout(self)
        grid.addWidget(self.intro, 0, 0, 1, 2)
        grid.addWidget(log_card, 1, 0)
        grid.addWidget(check_card, 1, 1)
        grid.addWidget(history_card, 2, 0, 1, 2)
        grid.setRowStretch(2, 1)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.submit)

    def submit(self) -> None:
        activity, minutes = Activity(self.activity.currentData()), self.minutes.value()
        effort, pain = self.effort.value(), self.pain.value()
        notes, day = self.notes.text(), from_qdate(self.date.date())
        if self.ops.run(lambda rb: rb.log_cross_training(activity, minutes, effort, pain, notes,
                                                         date=day),
                        self.feedback, f"Logged {minutes:g} min of {activity.value}."):
            self.notes.clear()

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        self.history.refresh(changes)
        self.check_in.refresh(changes)
        if runback.needs_setup:
            return
        reset_date(self.date, runback)
        minutes, why = runback.suggested_cross_training()
        self.suggested.setText(f"Suggested today: <b>{minutes} min</b> easy ({why}); keep knee "
                               f"pain at {runback.protocol.pain_threshold}/10 or less.")
        if not self.minutes.property("touched"):
            self.minutes.setValue(minutes)
