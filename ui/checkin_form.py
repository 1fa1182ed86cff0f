"""The daily check-in: knee pain now, also on rest days (shared by Today and Calm)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.common import (
    button,
    date_box,
    feedback_label,
    from_qdate,
    make_selectable,
    notes_box,
    pain_box,
    set_date_range,
    text_label,
)

if TYPE_CHECKING:
    from core.runback import Changes
    from ui.common import Operations

ISO_DATE = "yyyy-MM-dd"  # as a format: Qt.DateFormat would build the Qt namespace (ui/common)


class CheckInForm(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._live = False
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.prompt = text_label("How is your knee right now?", "Check-in prompt",
                                 selectable=False)
        self.pain = pain_box("Knee pain now")
        self.date = date_box("Check-in date")
        self.notes = notes_box("Check-in notes")
        self.save = button("Save check-in", primary=True)
        self.feedback = feedback_label(selectable=False)
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
        self.go_live()
        if runback.needs_setup:
            return
        self.show_card(runback.check_in_card(), runback.today.isoformat())
        if "file" in changes.areas:
            self.feedback.hide()

    def go_live(self) -> None:
        """The file is loaded: the labels become selectable (ui/common.py)."""
        if not self._live:
            self._live = True
            make_selectable(self.prompt, self.feedback)

    def show_card(self, card: dict, day: str) -> None:
        """The prompt, and today's stored pain ready to correct (core/today_card.py)."""
        today = QDate.fromString(day, ISO_DATE)
        set_date_range(self.date, today, QDate.fromString(card["start"], ISO_DATE))
        self.prompt.setText(card["prompt"])
        if card["pain"] is not None and self.date.date() == today:
            self.pain.setValue(card["pain"])
