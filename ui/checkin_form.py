"""The daily check-in: knee pain now, also on rest days (shared by Today and Calm)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from core.runback import Changes
from ui.common import (
    Operations,
    button,
    date_box,
    feedback_label,
    from_qdate,
    notes_box,
    pain_box,
    reset_date,
    text_label,
)


class CheckInForm(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.prompt = text_label("How is your knee right now?", "Check-in prompt")
        self.pain = pain_box("Knee pain now")
        self.date = date_box("Check-in date")
        self.notes = notes_box("Check-in notes")
        self.save = button("Save check-in", primary=True)
        self.feedback = feedback_label()
        form = QFormLayout()
        form.addRow("Knee pain now", self.pain)
        form.addRow("Date", self.date)
        form.addRow("Notes", self.notes)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.feedback)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.submit)

    def submit(self) -> None:
        pain, day, notes = self.pain.value(), from_qdate(self.date.date()), self.notes.text()
        if self.ops.run(lambda rb: rb.check_in(pain, notes, date=day), self.feedback,
                        f"Saved: {pain}/10 on {day.isoformat()}."):
            self.notes.clear()

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        if runback.needs_setup:
            return
        reset_date(self.date, runback)
        owed = runback.today_view().check_in_owed
        done = runback.log.pain_on(runback.today)
        if owed:
            self.prompt.setText(owed)
        elif done is not None:
            self.prompt.setText(f"Checked in today: {done}/10. Save again to correct it.")
        else:
            self.prompt.setText("How is your knee right now?")
        if done is not None and from_qdate(self.date.date()) == runback.today:
            self.pain.setValue(done)  # what is stored, ready to correct
        if "file" in changes.areas:
            self.feedback.hide()
