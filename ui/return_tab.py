"""Stage 4, graded return to run: today's level, the ladder, the log form, the decisions."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import InvalidInput
from core.model import Stage
from core.runback import Changes
from core.today_card import VERDICT_WORDS
from ui.common import (
    Operations,
    button,
    card,
    check_box,
    date_box,
    effort_box,
    feedback_label,
    fill_table,
    from_qdate,
    heading,
    minutes_box,
    named,
    notes_box,
    optional_cadence_box,
    optional_value,
    pain_box,
    read_only_table,
    reset_date,
    text_label,
)


class ReturnTab(QWidget):
    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._prescribed = 0
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.level_text = heading(scale=1.4)
        self.level_text.setAccessibleName("Today's walk–run level")
        self.level_reason = text_label(name="Why this level")
        today_card = card("Today")
        today_box = QVBoxLayout(today_card)
        today_box.addWidget(self.level_text)
        today_box.addWidget(self.level_reason)
        self.rule_text = text_label(name="The rule for moving up")
        today_box.addWidget(self.rule_text)

        self.ladder = named(QListWidget(), "Walk–run ladder")
        ladder_card = card("The ladder")
        QVBoxLayout(ladder_card).addWidget(self.ladder)

        self.level = named(QSpinBox(), "Level done")
        self.level.setRange(1, 30)
        self.rounds = named(QSpinBox(), "Rounds done")
        self.rounds.setRange(1, 60)
        self.run_minutes = minutes_box("Run minutes per round", 1, 0.5, 120, 0.5)
        self.walk_minutes = minutes_box("Walk minutes per round", 2, 0, 30, 0.5)
        self.pain = pain_box("Knee pain during the session")
        self.effort = effort_box("Session effort", 4)
        self.limp = check_box("I limped", "Limp")
        self.swelling = check_box("The knee swelled", "New swelling")
        self.cadence = optional_cadence_box("Session cadence")
        self.under_body = check_box("Landed under my body", "Cue: land under the body")
        self.tall_trunk = check_box("Trunk tall and steady", "Cue: tall steady trunk")
        self.date = date_box("Walk–run date")
        self.notes = notes_box("Walk–run notes")
        self.save = button("Log walk–run", primary=True)
        self.warning = text_label(name="Before you save")  # said before saving, if it counts
        self.warning.setWordWrap(True)
        self.feedback = feedback_label()
        log_card = card("Log what you did")
        form = QFormLayout()
        for label, widget in (("Level", self.level), ("Rounds", self.rounds),
                              ("Run per round", self.run_minutes),
                              ("Walk per round", self.walk_minutes),
                              ("Knee pain during", self.pain), ("Effort", self.effort),
                              ("Stop signs", self.limp), ("", self.swelling),
                              ("Cadence", self.cadence), ("Cues", self.under_body),
                              ("", self.tall_trunk), ("Date", self.date), ("Notes", self.notes)):
            form.addRow(label, widget)
        log_box = QVBoxLayout(log_card)
        log_box.addLayout(form)
        log_box.addWidget(self.warning)
        log_box.addWidget(self.save)
        log_box.addWidget(self.feedback)
        log_box.addStretch(1)

        self.decisions = read_only_table("Walk–run decisions",
                                         ["Session", "Level", "Decision", "Reason"])
        decisions_card = card("Decisions")
        QVBoxLayout(decisions_card).addWidget(self.decisions)

        grid = QGridLayout(self)
        grid.addWidget(today_card, 0, 0, 1, 2)
        grid.addWidget(log_card, 1, 0, 2, 1)
        grid.addWidget(ladder_card, 1, 1)
        grid.addWidget(decisions_card, 2, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(2, 2)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.submit)
        self.level.valueChanged.connect(self._fill_level)
        self.level.valueChanged.connect(self._show_warning)
        self.date.dateChanged.connect(self._show_warning)

    def _show_warning(self) -> None:
        """Say before saving when a session would count for nothing, and why (core's words)."""
        runback = self.ops.runback
        if runback.needs_setup:
            return
        try:
            day = from_qdate(self.date.date())
            warning = runback.walk_run_warning(self.level.value(), day)
        except InvalidInput:
            warning = None  # a date the form cannot log: saving says what is wrong
        self.warning.setText(f"⚠ {warning}" if warning else "")
        self.warning.setAccessibleDescription(warning or "")
        self.warning.setVisible(bool(warning))

    def _fill_level(self, number: int) -> None:
        """Pre-fill the form with the level's plan: the runner changes only what differed."""
        planned = self.ops.runback.protocol.level(number)
        self.rounds.setValue(planned.rounds)
        self.run_minutes.setValue(planned.run_minutes)
        self.walk_minutes.setValue(planned.walk_minutes)

    def submit(self) -> None:
        values = dict(level=self.level.value(), rounds=self.rounds.value(),
                      run_minutes=self.run_minutes.value(),
                      walk_minutes=self.walk_minutes.value(), pain_during=self.pain.value(),
                      effort=self.effort.value(), limp=self.limp.isChecked(),
                      swelling=self.swelling.isChecked(), cadence=optional_value(self.cadence),
                      cue_under_body=self.under_body.isChecked(),
                      cue_tall_trunk=self.tall_trunk.isChecked(), notes=self.notes.text(),
                      date=from_qdate(self.date.date()))
        stop = values["limp"] or values["swelling"]
        done = ("Saved. Stop signs mean a step back: rest, and tell your physio if it "
                "persists." if stop else "Saved. Tomorrow morning's check-in decides the "
                                         "next step.")
        if self.ops.run(lambda rb: rb.log_walk_run(**values), self.feedback, done):
            self.notes.clear()
            for box in (self.limp, self.swelling):
                box.setChecked(False)

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        if runback.needs_setup:
            return
        reset_date(self.date, runback)
        protocol = runback.protocol
        plan = runback.walk_run_plan()
        level = protocol.level(plan.level)
        self.rule_text.setText(
            f"Progress only if knee pain during stays at {protocol.pain_threshold}/10 or less "
            f"and the next morning is no worse. Flat ground, easy effort "
            f"{protocol.get('walk_run.effort_min')}–{protocol.get('walk_run.effort_max')}/10; "
            f"stop if you limp or the knee swells.")
        if runback.stage is Stage.PERFORMANCE:
            self.level_text.setText("Ladder complete: you are building performance now")
            self.level_reason.setText("The ladder stays here for reference, and for a step "
                                      "back if the knee flares.")
        else:
            self.level_text.setText(level.describe() if plan.run_today else
                                    f"Rest day (next: {level.describe()})")
            self.level_reason.setText(plan.reason)
        self.level.setMaximum(protocol.top_level)
        if plan.level != self._prescribed or "file" in changes.areas:
            # A new prescription refills the form; otherwise what is being typed stays.
            self._prescribed = plan.level
            with QSignalBlocker(self.level):
                self.level.setValue(plan.level)
            self._fill_level(plan.level)
        self._show_ladder(plan.level)
        self._show_decisions()
        self._show_warning()

    def _show_ladder(self, current: int) -> None:
        self.ladder.clear()
        for level in self.ops.runback.protocol.ladder:
            here = level.number == current
            item = QListWidgetItem(("▶ " if here else "   ") + level.describe()
                                   + ("   ← you are here" if here else ""))
            if here:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.ladder.addItem(item)

    def _show_decisions(self) -> None:
        fill_table(self.decisions, [
            (d.date.isoformat(), str(d.level), VERDICT_WORDS[d.verdict], d.reason)
            for d in self.ops.runback.decisions()[::-1]])
