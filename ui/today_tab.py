"""Today: the prescription, the check-in owed, the last decision, any suggestion or flag."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.model import Actor, Stage, Verdict
from core.runback import Changes
from ui.checkin_form import CheckInForm
from ui.common import Operations, button, card, feedback_label, heading, text_label

VERDICT_WORDS = {Verdict.ADVANCE: "Move up", Verdict.REPEAT: "Repeat the level",
                 Verdict.STEP_BACK: "Step back", Verdict.PENDING: "Waiting for tomorrow"}


class TodayTab(QScrollArea):
    open_stage = Signal(object)  # Stage: show that stage's tab
    setup_requested = Signal()

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.setWidgetResizable(True)
        page = QWidget()
        self.stage_label = text_label(name="Current stage")
        self.headline = heading(scale=1.6)
        self.headline.setAccessibleName("Today's prescription")
        self.details = text_label(name="Prescription details")
        self.go_to_stage = button("Open this stage's tab")
        self.setup_button = button("Start the first-run setup", primary=True)

        self.prescription = card("Today")
        box = QVBoxLayout(self.prescription)
        box.addWidget(self.stage_label)
        box.addWidget(self.headline)
        box.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addStretch(1)
        row.addWidget(self.go_to_stage)
        box.addLayout(row)

        self.check_in = CheckInForm(self.ops)
        check_card = card("Check-in")
        QVBoxLayout(check_card).addWidget(self.check_in)

        self.decision = text_label(name="Last decision")
        self.decision_card = card("Last walk–run decision")
        decision_box = QVBoxLayout(self.decision_card)
        decision_box.addWidget(self.decision)
        decision_box.addStretch(1)

        self.suggestion = text_label(name="Stage suggestion")
        self.accept = button("Move on", primary=True)
        self.decline = button("Not yet")
        self.suggestion_feedback = feedback_label()
        self.suggestion_card = card("Stage suggestion")
        suggestion_box = QVBoxLayout(self.suggestion_card)
        suggestion_box.addWidget(self.suggestion)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.decline)
        buttons.addWidget(self.accept)
        suggestion_box.addLayout(buttons)
        suggestion_box.addWidget(self.suggestion_feedback)

        self.flags = text_label(name="Flags this week")
        self.flags_card = card("This week")
        QVBoxLayout(self.flags_card).addWidget(self.flags)

        grid = QGridLayout(page)
        grid.addWidget(self.prescription, 0, 0, 1, 2)
        grid.addWidget(self.suggestion_card, 1, 0, 1, 2)
        grid.addWidget(check_card, 2, 0)
        grid.addWidget(self.decision_card, 2, 1)
        grid.addWidget(self.flags_card, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(4, 1)
        self.setWidget(page)

    def _connect_signals(self) -> None:
        self.go_to_stage.clicked.connect(lambda: self.open_stage.emit(self.ops.runback.stage))
        self.setup_button.clicked.connect(self.setup_requested.emit)
        self.accept.clicked.connect(lambda: self.ops.run(
            lambda rb: rb.accept_suggestion(Actor.RUNNER), self.suggestion_feedback))
        self.decline.clicked.connect(lambda: self.ops.run(
            lambda rb: rb.decline_suggestion(Actor.RUNNER), self.suggestion_feedback))

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        new = runback.needs_setup
        self.setup_button.setVisible(new)
        self.go_to_stage.setVisible(not new)
        if new:
            self.stage_label.setText("Welcome to Runback.")
            self.headline.setText("Answer five questions to place you in the programme")
            self.details.setText("Runback asks about your knee, how it feels now and whether "
                                 "a 30-minute walk is pain-free, then shows what to do today.")
            for widget in (self.suggestion_card, self.flags_card):
                widget.hide()
            self.decision.setText("No walk–run sessions yet.")
            return
        view = runback.today_view()
        stage = view.stage
        self.stage_label.setText(f"Stage {int(stage)} of 5: {stage.title}")
        self.headline.setText(view.headline)
        self.details.setText("\n".join(f"• {line}" for line in view.details))
        self.check_in.refresh(changes)
        self._show_decision(view)
        self._show_suggestion(view)
        self._show_week(view)

    def _show_decision(self, view) -> None:
        decision = view.last_decision
        self.decision_card.setVisible(decision is not None
                                      or view.stage >= Stage.RETURN_TO_RUN)
        if decision is None:
            self.decision.setText("No walk–run decision yet. After a walk–run session, the "
                                  "next morning's check-in decides the next step.")
            return
        verdict = ("Ladder complete" if decision.ladder_complete
                   else VERDICT_WORDS[decision.verdict])
        self.decision.setText(f"<b>{verdict}</b> "
                              f"(session of {decision.date.isoformat()}, level "
                              f"{decision.level})<br>{decision.reason}")

    def _show_suggestion(self, view) -> None:
        suggestion = view.suggestion
        self.suggestion_card.setVisible(suggestion is not None)
        if suggestion is None:
            return
        target = suggestion.to_stage
        verb = "Move on to" if suggestion.forward else "Go back to"
        self.suggestion.setText(f"<b>{verb} stage {int(target)}: {target.title}?</b><br>"
                                f"{suggestion.reason}<br>You or your physio decide.")
        self.accept.setText(f"{verb} stage {int(target)}")

    def _show_week(self, view) -> None:
        runback = self.ops.runback
        lines = [f"⚠ {flag}" for flag in view.flags]
        if view.stage >= Stage.STRENGTH:
            week = runback.recent_weeks()[-1].adherence
            percent = f" ({week.percent:.0f} %)" if week.percent is not None else ""
            lines.append(f"Strength: {week.done} of {week.planned} sessions done{percent}"
                         + (f", {week.partial} partial" if week.partial else "") + ".")
        if view.flags:
            lines.append("Load flags are guidance, not predictions (Help → About the load "
                         "guidance).")
        self.flags_card.setVisible(bool(lines))
        self.flags.setText("\n".join(lines))
