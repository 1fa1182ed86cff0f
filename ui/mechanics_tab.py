"""Stage 3, retrain running mechanics: cadence against its band, cues, readiness checks."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.log_forms import another_words
from core.model import ReadinessTest, RunEntry, RunType, SessionKind
from core.runback import Changes
from ui import log_form, replace_question
from ui.common import (
    Operations,
    button,
    card,
    check_box,
    feedback_label,
    named,
    pain_box,
    text_label,
)
from ui.log_form import LogForm
from ui.session_table import SessionTable
from ui.surgery_card import SurgeryCard

STATUS = {True: "✓ passed", False: "✗ not yet (try again)", None: "not tried"}
MECHANICS_RUN = (
    log_form.minutes("Run minutes", 10, high=180),
    log_form.effort("Run effort", 3),
    log_form.pain("Knee pain during the run"),
    log_form.cadence("Run cadence"),
    log_form.check("cue_under_body", "Cues", "Landed under my body (no overstriding)",
                   "Cue: land under the body", attribute="under_body"),
    log_form.check("cue_tall_trunk", "", "Kept my trunk tall and steady",
                   "Cue: tall steady trunk", attribute="tall_trunk"),
    log_form.day("Run date"),
    log_form.notes("Run notes"),
)


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

        self.run_form = LogForm(self, self.ops, MECHANICS_RUN, "Log run",
                                stored=lambda runback, day: runback.session_on(
                                    SessionKind.RUN, day))
        self.log_run, self.run_feedback = self.run_form.save, self.run_form.feedback
        run_card = card("Mechanics run")
        self.run_form.lay_out(QVBoxLayout(run_card))

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
        self.run_form.date_box().dateChanged.connect(lambda: self.run_form.load_day())

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

    def _log_run(self) -> bool:
        """Save; over a run stored that day, only once the runner says replace it (or save
        this one beside it)."""
        return replace_question.save_asking(
            self, self.run_form, lambda rb, entry, replace: rb.log_run(entry, replace=replace),
            lambda entry: f"Logged a {entry.minutes:g}-minute run.",
            partial(RunEntry, RunType.EASY), "Replace the run?", another_words(SessionKind.RUN))

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
        self.run_form.reset_date(runback)
        self.run_form.load_day(refill=False)
        protocol = runback.protocol
        self.readiness_rule.setText(f"Pass all four with knee pain at {protocol.pain.threshold}"
                                    f"/10 or less to open the walk–run ladder.")
        band = runback.cadence_band()
        if band is None:
            low, high = (protocol.mechanics.cadence_rise_min_percent,
                         protocol.mechanics.cadence_rise_max_percent)
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
