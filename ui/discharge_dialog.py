"""Discharge…: the physio says the programme is finished, on a day, with a note.

The dialog stays open on a refusal (core's message shown in it) and closes once saved.
Re-opening the programme is a button on the Physio tab (``Runback.reopen``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from ui.common import (
    Operations,
    date_box,
    feedback_label,
    from_qdate,
    named,
    notes_box,
    reset_date,
    text_label,
)


class DischargeDialog(QDialog):
    def __init__(self, parent: QWidget | None, ops: Operations):
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("Discharge the runner")
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.explain = text_label(
            "The programme is finished: the last set of questionnaires falls due on this "
            "day, and Today says so. Check-ins and sessions are still kept; you can re-open "
            "the programme later.", "Discharge help")
        self.date = date_box("Discharge date")
        reset_date(self.date, self.ops.runback)
        self.note = notes_box("Discharge note")
        self.note.setPlaceholderText("Why, and what next (kept in the runner's file)")
        self.feedback = feedback_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.discharge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.discharge_button.setText("Discharge")
        named(self.discharge_button, "Discharge", "Record the discharge, as the physio")
        form = QFormLayout()
        form.addRow("Discharged on", self.date)
        form.addRow("Note", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.note.setFocus()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        """Save the discharge; on a refusal say why here and stay open."""
        day, note = from_qdate(self.date.date()), self.note.text()
        if self.ops.run(lambda rb: rb.discharge(day, note), self.feedback):
            super().accept()
