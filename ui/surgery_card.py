"""Stage 3 after knee surgery: record the physio's assessment and read the return-to-run
criteria (Rambaud 2018) with their state. Shown only for a runner after knee surgery."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
)

from core.model import Effusion, Stage
from core.runback import Changes
from ui.common import (
    Operations,
    button,
    combo,
    date_box,
    feedback_label,
    fill_table,
    from_qdate,
    named,
    notes_box,
    optional_pain_box,
    optional_value,
    read_only_table,
    reset_date,
    text_label,
)

TITLE = "Return-to-run criteria after surgery"
NOT_MEASURED = "— not measured"


class SurgeryCard(QGroupBox):
    def __init__(self, ops: Operations):
        super().__init__(TITLE)
        self.setAccessibleName(TITLE)
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.intro = text_label(name="About the criteria after surgery")
        self.extension = combo("Full extension", [(NOT_MEASURED, None), ("Yes", True),
                                                  ("No", False)])
        self.flexion = _percent_box("Flexion, percent of the other knee",
                                    "Knee flexion of the operated knee as a percentage of the "
                                    "other knee's")
        self.effusion = combo("Effusion grade", [(NOT_MEASURED, None)] + [
            (grade.value, grade) for grade in Effusion])
        self.effusion.setToolTip("Stroke test grade (Sturgill 2009): none, trace, 1+, 2+, 3+")
        self.pain = optional_pain_box("Knee pain at the assessment")
        self.quadriceps = _percent_box("Quadriceps limb symmetry, percent",
                                       "Quadriceps strength, operated ÷ other leg × 100")
        self.hop = _percent_box("Single-leg hop limb symmetry, percent",
                                "Single-leg hop distance, operated ÷ other leg × 100")
        self.date = date_box("Assessment date")
        self.notes = notes_box("Assessment notes")
        self.record = button("Record assessment")
        self.feedback = feedback_label()
        self.criteria = read_only_table("Return-to-run criteria", ["Criterion", "Latest",
                                                                    "State"])

        form = QFormLayout()
        for label, widget in (("Full extension", self.extension), ("Flexion", self.flexion),
                              ("Effusion", self.effusion), ("Knee pain", self.pain),
                              ("Quadriceps symmetry", self.quadriceps),
                              ("Hop symmetry", self.hop), ("Date", self.date),
                              ("Notes", self.notes)):
            form.addRow(label, widget)
        entry = QVBoxLayout()
        entry.addLayout(form)
        entry.addWidget(self.record)
        entry.addWidget(self.feedback)
        entry.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(entry, 2)
        columns.addWidget(self.criteria, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(columns)

    def _connect_signals(self) -> None:
        self.record.clicked.connect(self._record)

    def _record(self) -> None:
        measures = {
            "full_extension": self.extension.currentData(),
            "flexion_percent": optional_value(self.flexion),
            "effusion": self.effusion.currentData(),
            "pain": optional_value(self.pain),
            "quadriceps_symmetry_percent": optional_value(self.quadriceps),
            "hop_symmetry_percent": optional_value(self.hop)}
        notes, day = self.notes.text(), from_qdate(self.date.date())
        if self.ops.run(lambda rb: rb.log_surgery_check(**measures, notes=notes, date=day),
                        self.feedback, "Assessment recorded."):
            self._clear()

    def _clear(self) -> None:
        for box in (self.extension, self.effusion):
            box.setCurrentIndex(0)
        self.flexion.setValue(self.flexion.minimum())
        self.pain.setValue(self.pain.minimum())  # a whole-number box among the percentages
        for spin in (self.quadriceps, self.hop):
            spin.setValue(spin.minimum())
        self.notes.clear()

    def refresh(self, changes: Changes | None = None) -> None:
        """Shown only after knee surgery: the criteria as they stand today."""
        runback = self.ops.runback
        found = () if runback.needs_setup else runback.surgery_criteria()
        self.setVisible(bool(found))
        if not found:
            return
        reset_date(self.date, runback)
        since = (" since stage 3 began" if runback.stage is Stage.MECHANICS else "")
        self.intro.setText(f"After knee surgery the walk–run ladder also waits for these "
                           f"(Rambaud 2018); each reads its latest assessment{since}. Your "
                           f"physio measures them: record what they found.")
        fill_table(self.criteria, [(c.rule, c.measured or "—", c.state) for c in found])


def _percent_box(name: str, tip: str) -> QDoubleSpinBox:
    """A percentage 0–200, or '—' (not measured, stored as None)."""
    box = QDoubleSpinBox()
    box.setRange(-1, 200)
    box.setDecimals(1)
    box.setSingleStep(1)
    box.setValue(-1)
    box.setSpecialValueText("—")
    box.setSuffix(" %")
    named(box, name, tip + "; — = not measured")
    return box
