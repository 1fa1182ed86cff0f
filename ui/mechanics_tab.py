"""Stage 3, retrain running mechanics: cadence against its band, cues, readiness checks."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.model import ReadinessTest, RunType, SessionKind
from core.runback import Changes
from ui.common import (
    Operations,
    button,
    card,
    check_box,
    date_box,
    effort_box,
    feedback_label,
    from_qdate,
    minutes_box,
    named,
    notes_box,
    optional_cadence_box,
    optional_value,
    pain_box,
    reset_date,
    text_label,
)
from ui.session_table import SessionTable
from ui.surgery_card import SurgeryCard

STATUS = {True: "✓ passed", False: "✗ not yet (try again)", None: "not tried"}


class MechanicsTab(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self.checks: dict[ReadinessTest, tuple[QCheckBox, QSpinBox, QLabel]] = {}
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.band = text_label(name="Cadence target band")
        self.baseline = named(QSpinBox(), "Baseline cadence",
                              "Your usual steps per minute on an easy run")
        self.baseline.setRange(100, 250)
        self.baseline.setValue(165)
        self.baseline.setSuffix(" steps/min")
        self.save_baseline = button("Record baseline")
        self.baseline_feedback = feedback_label()
        cadence_card = card("Cadence")
        cadence_box = QVBoxLayout(cadence_card)
        cadence_box.addWidget(self.band)
        row = QHBoxLayout()
        row.addWidget(QLabel("Baseline"))
        row.addWidget(self.baseline)
        row.addWidget(self.save_baseline)
        row.addStretch(1)
        cadence_box.addLayout(row)
        cadence_box.addWidget(self.baseline_feedback)

        self.minutes = minutes_box("Run minutes", 10, high=180)
        self.effort = effort_box("Run effort", 3)
        self.pain = pain_box("Knee pain during the run")
        self.cadence = optional_cadence_box("Run cadence")
        self.under_body = check_box("Landed under my body (no overstriding)",
                                    "Cue: land under the body")
        self.tall_trunk = check_box("Kept my trunk tall and steady", "Cue: tall steady trunk")
        self.date = date_box("Run date")
        self.notes = notes_box("Run notes")
        self.log_run = button("Log run", primary=True)
        self.run_feedback = feedback_label()
        run_card = card("Mechanics run")
        form = QFormLayout()
        for label, widget in (("Minutes", self.minutes), ("Effort", self.effort),
                              ("Knee pain during", self.pain), ("Cadence", self.cadence),
                              ("Cues", self.under_body), ("", self.tall_trunk),
                              ("Date", self.date), ("Notes", self.notes)):
            form.addRow(label, widget)
        run_box = QVBoxLayout(run_card)
        run_box.addLayout(form)
        run_box.addWidget(self.log_run)
        run_box.addWidget(self.run_feedback)
        run_box.addStretch(1)

        ready_card = card("Readiness checks for the return to run")
        grid = QGridLayout(ready_card)
        self.readiness_rule = text_label(name="What the readiness checks need")
        grid.addWidget(self.readiness_rule, 0, 0, 1, 4)
        for row_index, test in enumerate(ReadinessTest, start=1):
            done = check_box(test.label, f"Completed: {test.label}")
            pain = pain_box(f"Knee pain during {test.label}")
            status = text_label(name=f"Status: {test.label}")
            record = button("Record", f"Record {test.label}")
            record.clicked.connect(lambda _=False, t=test: self._record(t))
            grid.addWidget(done, row_index, 0)
            grid.addWidget(pain, row_index, 1)
            grid.addWidget(record, row_index, 2)
            grid.addWidget(status, row_index, 3)
            self.checks[test] = (done, pain, status)
        self.ready_feedback = feedback_label()
        grid.addWidget(self.ready_feedback, len(ReadinessTest) + 1, 0, 1, 4)

        self.history = SessionTable(
            self.ops, (SessionKind.RUN, SessionKind.WALK_RUN),
            [("Date", lambda s: s.date.isoformat()), ("Minutes", lambda s: round(s.minutes)),
             ("Cadence", lambda s: s.cadence), ("Band", self._band_status),
             ("Under body", lambda s: _yes_no(s.cue_under_body)),
             ("Tall trunk", lambda s: _yes_no(s.cue_tall_trunk))],
            "Recent runs", limit=12)

        self.surgery = SurgeryCard(self.ops)  # after knee surgery only

        layout = QGridLayout(self)
        layout.addWidget(cadence_card, 0, 0)
        layout.addWidget(run_card, 1, 0, 2, 1)
        layout.addWidget(ready_card, 0, 1, 2, 1)
        layout.addWidget(self.history, 2, 1)
        layout.addWidget(self.surgery, 3, 0, 1, 2)
        layout.setColumnStretch(0, 2)
        layout.setColumnStretch(1, 3)

    def _connect_signals(self) -> None:
        self.save_baseline.clicked.connect(self._save_baseline)
        self.log_run.clicked.connect(self._log_run)

    def _band_status(self, session) -> str:
        band = self.ops.runback.cadence_band()
        if band is None or session.cadence is None:
            return ""
        low, high = band[1]
        return "below" if session.cadence < low else "above" if session.cadence > high \
            else "in band"

    def _save_baseline(self) -> None:
        value = self.baseline.value()
        self.ops.run(lambda rb: rb.set_cadence_baseline(value), self.baseline_feedback,
                     f"Baseline recorded: {value} steps/min.")

    def _log_run(self) -> None:
        minutes, effort, pain = self.minutes.value(), self.effort.value(), self.pain.value()
        cadence = optional_value(self.cadence)
        under, tall = self.under_body.isChecked(), self.tall_trunk.isChecked()
        notes, day = self.notes.text(), from_qdate(self.date.date())
        if self.ops.run(lambda rb: rb.log_run(RunType.EASY, minutes, effort, pain,
                                              cadence=cadence, cue_under_body=under,
                                              cue_tall_trunk=tall, notes=notes, date=day),
                        self.run_feedback, f"Logged a {minutes:g}-minute run."):
            self.notes.clear()

    def _record(self, test: ReadinessTest) -> None:
        done, pain, _ = self.checks[test]
        completed, value = done.isChecked(), pain.value()
        self.ops.run(lambda rb: rb.log_readiness(test, completed, value), self.ready_feedback,
                     f"Recorded: {test.label}.")

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        self.history.refresh(changes)
        self.surgery.refresh(changes)
        if runback.needs_setup:
            return
        reset_date(self.date, runback)
        protocol = runback.protocol
        self.readiness_rule.setText(f"Pass all four with knee pain at {protocol.pain_threshold}"
                                    f"/10 or less to open the walk–run ladder.")
        band = runback.cadence_band()
        if band is None:
            low, high = (protocol.get("mechanics.cadence_rise_min_percent"),
                         protocol.get("mechanics.cadence_rise_max_percent"))
            self.band.setText(f"Record your baseline cadence: count your steps for a minute on "
                              f"an easy run (or read it from your watch). The target is "
                              f"{low:g}–{high:g} % above it.")
        else:
            baseline, (low, high) = band
            self.band.setText(f"Baseline <b>{baseline}</b> steps/min → target band "
                              f"<b>{low:.0f}–{high:.0f}</b> steps/min. A slightly quicker step "
                              f"lowers the load on the knee.")
            self.baseline.setValue(baseline)
        for test, passed in runback.readiness().items():
            self.checks[test][2].setText(STATUS[passed])


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"
