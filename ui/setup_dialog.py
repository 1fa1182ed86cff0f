"""First-run setup: five questions that place the runner in a stage (and, after knee
surgery, its date)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.model import KneeProblem, Side
from core.runback import SURGERY_YEARS_BACK
from ui.common import (
    Operations,
    combo,
    feedback_label,
    from_qdate,
    heading,
    named,
    pain_box,
    text_label,
    to_qdate,
)

if TYPE_CHECKING:
    from ui.reminders import Reminders

# The surgery date box shows this until a date is chosen (the core asks for one).
NO_DATE = "— choose the date"


class SetupDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None,
                 reminders: Reminders | None = None):
        super().__init__(parent)
        self.ops = ops
        self.reminders = reminders  # asked about once, at the first setup (ui/reminders.py)
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.setWindowTitle("Welcome to Runback")
        self.setModal(True)
        self.problem = combo("Knee problem", [(p.label, p) for p in KneeProblem])
        self.side = combo("Affected side", [(s.value.capitalize(), s) for s in Side])
        self.surgery_date = named(QDateEdit(), "Surgery date",
                                  "The day of your knee operation: the return to running "
                                  "counts the weeks from it")
        self.surgery_date.setCalendarPopup(True)
        self.surgery_date.setDisplayFormat("ddd d MMM yyyy")
        self.surgery_date.setSpecialValueText(NO_DATE)
        today = to_qdate(self.ops.runback.today)
        # One day before the earliest date the core accepts stands for 'not chosen yet'.
        self.surgery_date.setDateRange(today.addYears(-SURGERY_YEARS_BACK).addDays(-1), today)
        self.surgery_date.setDate(self.surgery_date.minimumDate())
        self.pain = pain_box("Knee pain now")
        self.walk_yes = named(QRadioButton("Yes"), "Can walk 30 minutes pain-free: yes")
        self.walk_no = named(QRadioButton("No, or not sure"),
                             "Can walk 30 minutes pain-free: no")
        self.walk_no.setChecked(True)
        self.walk_group = QButtonGroup(self)
        self.walk_group.addButton(self.walk_yes)
        self.walk_group.addButton(self.walk_no)
        walk = QHBoxLayout()
        walk.addWidget(self.walk_yes)
        walk.addWidget(self.walk_no)
        walk.addStretch(1)
        self.goal = named(QLineEdit(), "Goal")
        self.goal.setPlaceholderText("e.g. run 10 km pain-free by spring")
        self.feedback = feedback_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Start")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")

        form = QFormLayout()
        form.addRow("Your knee problem", self.problem)
        form.addRow("Which knee", self.side)
        form.addRow("Date of the surgery", self.surgery_date)
        self.form = form
        form.addRow("Knee pain right now", self.pain)
        form.addRow("Can you walk briskly for 30 minutes without pain?", walk)
        form.addRow("Your goal", self.goal)
        self.remind = self._reminder_question()
        if self.remind is not None:
            form.addRow(self.remind)  # the whole row: its words are the question
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Let's place you in the programme"))
        layout.addWidget(text_label(
            "Runback has five stages, from calming the pain to building performance. Your "
            "answers choose where to start; your physio can change it at any time."))
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._show_surgery_date()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.problem.currentIndexChanged.connect(self._show_surgery_date)

    def _show_surgery_date(self) -> None:
        """The surgery date is asked only after knee surgery."""
        self.form.setRowVisible(self.surgery_date, self._after_surgery())

    def _after_surgery(self) -> bool:
        return self.problem.currentData() == KneeProblem.AFTER_SURGERY  # Qt gives back str

    def _surgery_date(self) -> dt.date | None:
        box = self.surgery_date
        if not self._after_surgery() or box.date() == box.minimumDate():
            return None
        return from_qdate(box.date())

    def submit(self) -> None:
        problem, side = self.problem.currentData(), self.side.currentData()
        pain, walks, goal = self.pain.value(), self.walk_yes.isChecked(), self.goal.text()
        surgery = self._surgery_date()
        if self.ops.run(lambda rb: rb.setup(problem, side, pain, walks, goal,
                                            surgery_date=surgery), self.feedback):
            if self.remind is not None and self.reminders is not None:
                self.reminders.answer_setup(self.remind.isChecked())
            self.accept()

    def _reminder_question(self) -> QCheckBox | None:
        """Reminders, off unless ticked: asked at the first setup only (not again for
        another runner file)."""
        from ui.reminders import asked
        from ui.reminders_dialog import setup_question

        if self.reminders is None or asked(self.reminders.settings):
            return None
        return setup_question()
