"""Stage 1, calm the pain: log cross-training and daily pain; relative rest, not inactivity."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QGridLayout, QVBoxLayout, QWidget

from core.log_forms import another_words
from core.model import Activity, CrossTrainingEntry, SessionKind
from core.runback import Changes
from ui import log_form, replace_question
from ui.checkin_form import CheckInForm
from ui.common import Operations, card, text_label
from ui.log_form import LogForm
from ui.session_table import SessionTable

CROSS_TRAINING = (
    log_form.choice("activity", "Activity", "Activity",
                    [(a.value.capitalize(), a) for a in Activity]),
    log_form.minutes("Cross-training minutes", 20, high=600),
    log_form.effort("Cross-training effort", 4),
    log_form.pain("Knee pain during cross-training"),
    log_form.day("Cross-training date"),
    log_form.notes("Cross-training notes"),
)


class CalmTab(QWidget):
    minutes: QDoubleSpinBox  # as every control of the form, set by LogForm

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.intro = text_label(
            "Cut running back while the knee settles, and keep fit with cross-training that "
            "does not hurt: bike, swim or walk. Ice and gentle mobility help; full rest does "
            "not.")
        self.suggested = text_label(name="Suggested cross-training")
        self.form = LogForm(self, self.ops, CROSS_TRAINING, "Log cross-training",
                            stored=lambda runback, day: runback.session_on(
                                SessionKind.CROSS_TRAINING, day))
        self.save, self.feedback = self.form.save, self.form.feedback
        log_card = card("Cross-training")
        self.form.lay_out(QVBoxLayout(log_card), above=[self.suggested], save_at_right=True)

        self.check_in = CheckInForm(self.ops)
        check_card = card("Daily pain")
        QVBoxLayout(check_card).addWidget(self.check_in)

        self.history = SessionTable(
            self.ops, (SessionKind.CROSS_TRAINING,),
            [("Date", lambda s: s.date.isoformat()),
             ("Activity", lambda s: s.activity.value if s.activity else ""),
             ("Minutes", lambda s: round(s.minutes)), ("Effort", lambda s: s.effort),
             ("Pain during", lambda s: s.pain_during), ("Notes", lambda s: s.notes)],
            "Recent cross-training")
        history_card = card("Recent cross-training")
        QVBoxLayout(history_card).addWidget(self.history)

        grid = QGridLayout(self)
        grid.addWidget(self.intro, 0, 0, 1, 2)
        grid.addWidget(log_card, 1, 0)
        grid.addWidget(check_card, 1, 1)
        grid.addWidget(history_card, 2, 0, 1, 2)
        grid.setRowStretch(2, 1)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.submit)
        self.form.date_box().dateChanged.connect(lambda: self.form.load_day())

    def submit(self) -> bool:
        """Save; over a session stored that day, only once the runner says replace it (or
        save this one beside it)."""
        return replace_question.save_asking(
            self, self.form,
            lambda rb, entry, replace: rb.log_cross_training(entry, replace=replace),
            lambda e: f"Logged {e.minutes:g} min of {e.activity.value}.", CrossTrainingEntry,
            "Replace the cross-training session?", another_words(SessionKind.CROSS_TRAINING))

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        self.history.refresh(changes)
        self.check_in.refresh(changes)
        if runback.needs_setup:
            return
        self.form.reset_date(runback)
        self.form.load_day(refill=False)
        minutes, why = runback.suggested_cross_training()
        self.suggested.setText(f"Suggested today: <b>{minutes} min</b> easy ({why}); keep knee "
                               f"pain at {runback.protocol.pain.threshold}/10 or less.")
        if not self.minutes.property("touched"):
            self.minutes.setValue(minutes)
