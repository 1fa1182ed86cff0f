"""Stage 4, graded return to run: today's level, the ladder, the log form (filled in with
today's prescription, or the walk–run stored for the day picked), the decisions and a way
to delete a walk–run logged by mistake."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import log_forms
from core.changes import Area, Changes
from core.errors import InvalidInput
from core.model import SessionKind, Stage, WalkRunEntry
from core.rules.walkrun import Decision
from core.today_card import decision_row
from ui import log_form, replace_question
from ui.common import (
    Operations,
    button,
    card,
    feedback_label,
    fill_table,
    from_qdate,
    heading,
    named,
    read_only_table,
    text_label,
)
from ui.log_form import LogForm
from ui.session_table import delete_session
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
        self._decisions: list[Decision] = []  # the rows of the decisions table
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
        # As tall as its levels: the room left goes to the walk–runs and their decisions.
        self.ladder.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.ladder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        ladder_card = card("The ladder")
        QVBoxLayout(ladder_card).addWidget(self.ladder)

        self.form = LogForm(self, self.ops, WALK_RUN, "Log walk–run",
                            stored=lambda runback, day: runback.session_on(
                                SessionKind.WALK_RUN, day))
        self.save, self.feedback = self.form.save, self.form.feedback
        self.warning = text_label(name="Before you save")  # said before saving, if it counts
        log_card = card("Log what you did")
        self.form.lay_out(QVBoxLayout(log_card), before_save=[self.warning])

        # One row per walk–run logged: pick one to delete it (Delete… or the Delete key).
        self.decisions = read_only_table("Walk–run decisions",
                                         ["Session", "Level", "Decision", "Reason"])
        self.decisions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.decisions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.delete = button("Delete walk–run…", "Delete the selected walk–run")
        self.delete.setEnabled(False)
        self.delete_key = QAction("Delete walk–run", self.decisions)
        self.delete_key.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_key.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.decisions.addAction(self.delete_key)
        self.delete_feedback = feedback_label()
        decisions_card = card("Your walk–runs and their decisions")
        decisions_box = QVBoxLayout(decisions_card)
        decisions_box.addWidget(self.decisions)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.delete_feedback, 1)
        delete_row.addWidget(self.delete)
        decisions_box.addLayout(delete_row)

        # The form takes the left column's whole height; the rest reads on the right.
        grid = QGridLayout(self)
        grid.addWidget(log_card, 0, 0, 3, 1)
        grid.addWidget(today_card, 0, 1)
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
        self.date.dateChanged.connect(lambda: self.form.load_day())
        self.date.dateChanged.connect(self._show_warning)
        self.decisions.itemSelectionChanged.connect(
            lambda: self.delete.setEnabled(self._selected() is not None))
        # The row the keyboard is on is the one picked (Tab into the table, then Delete).
        self.decisions.currentCellChanged.connect(
            lambda row, *_: self.decisions.selectRow(row) if row >= 0 else None)
        self.delete.clicked.connect(self.delete_selected)
        self.delete_key.triggered.connect(self.delete_selected)

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
        if self.form.loaded is not None:
            warning = None  # the day's walk–run shown: saving asks, then replaces it
        self.warning.setText(f"⚠ {warning}" if warning else "")
        self.warning.setVisible(bool(warning))

    def _fill_level(self, number: int) -> None:
        """Pre-fill the form with the level's plan: the runner changes only what differed."""
        filled = log_forms.level_filled(self.ops.runback, number)
        self.form.fill({k: v for k, v in filled.fields.items() if k != "level"})
        self.form.filled_words = filled.words
        self.form.show_source()

    def submit(self) -> bool:
        """Save; a walk–run logged that day is replaced only once the runner says so."""
        return replace_question.save_asking(
            self, self.form, lambda rb, entry, replace: rb.log_walk_run(entry, replace=replace),
            _saved, WalkRunEntry, "Replace the walk–run?")

    def _selected(self) -> Decision | None:
        rows = {index.row() for index in self.decisions.selectedIndexes()}
        return self._decisions[rows.pop()] if rows else None

    def delete_selected(self) -> bool:
        """Delete the walk–run of the row picked, once the runner says yes to a question
        naming it and the decisions it changes (Edit → Undo brings it back)."""
        decision = self._selected()
        session = None if decision is None else self.ops.runback.log.session(
            decision.session_id)
        if session is None:
            return False
        return delete_session(self, self.ops, session, self.delete_feedback)

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
        # One walk–run a day: the form shows the one stored for its day (today's, once
        # logged), as it is in the file after a save or an undo.
        self.form.load_day()
        if plan.level != self._prescribed or Area.FILE in changes.areas:
            # A new prescription refills the form; otherwise what is being typed stays.
            self._prescribed = plan.level
            filled = log_forms.walk_run_filled(runback)
            with QSignalBlocker(self.level):
                self.form.prefill(filled.fields, filled.words)
        else:  # the same level: its words may differ (today's walk–run done, say)
            self.form.filled_words = log_forms.level_filled(runback, self.level.value()).words
            self.form.show_source()
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
        self._decisions = self.ops.runback.latest_decisions()
        fill_table(self.decisions, [decision_row(d) for d in self._decisions])
        self.delete.setEnabled(self._selected() is not None)


def _saved(entry: WalkRunEntry) -> str:
    if entry.limp or entry.swelling:
        return "Saved. Stop signs mean a step back: rest, and tell your physio if it persists."
    return "Saved. Tomorrow morning's check-in decides the next step."
