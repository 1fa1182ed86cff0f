"""First-run setup: five questions that place the runner in a stage."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
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
from ui.common import Operations, combo, feedback_label, heading, named, pain_box, text_label


class SetupDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.setWindowTitle("Welcome to Runback")
        self.setModal(True)
        self.problem = combo("Knee problem", [(p.label, p) for p in KneeProblem])
        self.side = combo("Affected side", [(s.value.capitalize(), s) for s in Side])
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
        form.addRow("Knee pain right now", self.pain)
        form.addRow("Can you walk briskly for 30 minutes without pain?", walk)
        form.addRow("Your goal", self.goal)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Let's place you in the programme"))
        layout.addWidget(text_label(
            "Runback has five stages, from calming the pain to building performance. Your "
            "answers choose where to start; your physio can change it at any time."))
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        problem, side = self.problem.currentData(), self.side.currentData()
        pain, walks, goal = self.pain.value(), self.walk_yes.isChecked(), self.goal.text()
        if self.ops.run(lambda rb: rb.setup(problem, side, pain, walks, goal), self.feedback):
            self.accept()
