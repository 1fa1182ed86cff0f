"""Stage 4, graded return to run: today's level, the ladder, the log form, the decisions."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.changes import Area, Changes
from core.errors import InvalidInput
from core.model import Session, SessionKind, Stage, WalkRunEntry
from core.today_card import decision_row
from ui import log_form, replace_question
from ui.common import (
    Operations,
    card,
    fill_table,
    from_qdate,
    heading,
    named,
    read_only_table,
    text_label,
)
from ui.log_form import LogForm
from ui.watch_workout import send_to_watch, show_watch_state, watch_button

WALK_RUN = (
    log_form.whole("level", "Level", "Level done", 1, 30),
    log_form.whole("rounds", "Rounds", "Rounds done", 1, 60),
    log_form.minutes("Run minutes per round", 1, "run_minutes", "Run per round", 0.5, 120, 0.5),
    log_form.minutes("Walk minutes per round", 2, "walk_minutes", "Walk per round", 0, 30, 0.5),
    log_form.pain("Knee pain during the session"),
    log_form.effort("Session effort", 4),
    log_form.check("limp", "Stop signs", "I limped", "Limp", one_session=True),
    log_form.check("swelling", "", "The knee swelled", "New swelling", one_session=True),
    log_form.cadence("Session cadence"),
    log_form.check("cue_under_body", "Cues", "Landed under my body",
                   "Cue: land under the body", attribute="under_body"),
    log_form.check("cue_tall_trunk", "", "Trunk tall and steady", "Cue: tall steady trunk",
                   attribute="tall_trunk"),
    log_form.day("Walk–run date"),
    log_form.notes("Walk–run notes"),
)


class ReturnTab(QWidget):
    level: QSpinBox  # these two, as every control of the form, set by LogForm
    date: QDateEdit

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
        self.send_to_watch = watch_button()
        today_box.addWidget(self.send_to_watch, 0, Qt.AlignmentFlag.AlignLeft)

        self.ladder = named(QListWidget(), "Walk–run ladder")
        ladder_card = card("The ladder")
        QVBoxLayout(ladder_card).addWidget(self.ladder)

        self.form = LogForm(self, self.ops, WALK_RUN, "Log walk–run")
        self.save, self.feedback = self.form.save, self.form.feedback
        self.warning = text_label(name="Before you save")  # said before saving, if it counts
        log_card = card("Log what you did")
        self.form.lay_out(QVBoxLayout(log_card), before_save=[self.warning])

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
        self.send_to_watch.clicked.connect(lambda: send_to_watch(self, self.ops))
        self.level.valueChanged.connect(self._fill_level)
        self.level.valueChanged.connect(self._show_warning)
        self.date.dateChanged.connect(self._show_warning)
        self.date.dateChanged.connect(self.load_day)

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
        self.warning.setVisible(bool(warning))

    def _fill_level(self, number: int) -> None:
        """Pre-fill the form with the level's plan: the runner changes only what differed."""
        planned = self.ops.runback.protocol.level(number)
        self.form.fill({"rounds": planned.rounds, "run_minutes": planned.run_minutes,
                        "walk_minutes": planned.walk_minutes})

    def submit(self) -> bool:
        """Save; a walk–run logged that day is replaced only once the runner says so."""
        return replace_question.save_asking(
            self, self.form, lambda rb, entry, replace: rb.log_walk_run(entry, replace=replace),
            _saved, WalkRunEntry, "Replace the walk–run?")

    def load_day(self) -> None:
        """A day picked that has a walk–run: what is logged is shown, to correct."""
        runback = self.ops.runback
        if runback.needs_setup:
            return
        stored = runback.log.sessions_of(SessionKind.WALK_RUN).between(
            *[from_qdate(self.date.date())] * 2)
        if stored:
            self.form.fill(walk_run_fields(stored[0]))

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        if runback.needs_setup:
            return
        self.form.reset_date(runback)
        protocol = runback.protocol
        plan = runback.walk_run_plan()
        level = protocol.level(plan.level)
        self.rule_text.setText(
            f"Progress only if knee pain during stays at {protocol.pain.threshold}/10 or less "
            f"and the next morning is no worse. Flat ground, easy effort "
            f"{protocol.walk_run.effort_min}–{protocol.walk_run.effort_max}/10; "
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
        if plan.level != self._prescribed or Area.FILE in changes.areas:
            # A new prescription refills the form; otherwise what is being typed stays.
            self._prescribed = plan.level
            with QSignalBlocker(self.level):
                self.level.setValue(plan.level)
            self._fill_level(plan.level)
        show_watch_state(self.send_to_watch, runback)
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
        fill_table(self.decisions, [decision_row(d)
                                    for d in self.ops.runback.latest_decisions()])


def walk_run_fields(session: Session) -> dict[str, object]:
    """A logged walk–run as the form shows it (the level first: it pre-fills the rest)."""
    return {"level": session.level, "rounds": session.rounds,
            "run_minutes": session.run_minutes, "walk_minutes": session.walk_minutes,
            "pain": session.pain_during or 0, "effort": session.effort or 0,
            "limp": session.limp, "swelling": session.swelling, "cadence": session.cadence,
            "under_body": bool(session.cue_under_body),
            "tall_trunk": bool(session.cue_tall_trunk), "notes": session.notes}


def _saved(entry: WalkRunEntry) -> str:
    if entry.limp or entry.swelling:
        return "Saved. Stop signs mean a step back: rest, and tell your physio if it persists."
    return "Saved. Tomorrow morning's check-in decides the next step."
