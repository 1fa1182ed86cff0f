"""The daily check-in: knee pain now, also on rest days (shared by Today and Calm)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QVBoxLayout, QWidget

from core.changes import Area
from core.model import CheckInEntry, Taken
from ui import log_form, replace_question
from ui.common import from_qdate, make_selectable, set_date_range, text_label
from ui.log_form import LogForm
from ui.pain_scale import PainScale

if TYPE_CHECKING:
    from core.changes import Changes
    from ui.common import Operations

ISO_DATE = "yyyy-MM-dd"  # as a format: Qt.DateFormat would build the Qt namespace (ui/common)
TAKEN = [("— (not said)", None), ("before the walk–run", Taken.BEFORE_SESSION),
         ("after the walk–run", Taken.AFTER_SESSION)]
CHECK_IN = (
    log_form.pain_scale("Knee pain now", key="pain", label="Knee pain now"),
    log_form.check("swelling", "This morning", "The knee is swollen", "Morning swelling",
                   one_session=True),
    log_form.check("stiffness", "", "The knee is stiff", "Morning stiffness",
                   one_session=True),
    # Shown only where walk–runs happen: a check-in before one is its morning baseline.
    log_form.choice("taken", "Checked in", "Check-in taken", TAKEN,
                    tip="On a day with a walk–run: before it (the session's baseline) or "
                        "after it"),
    log_form.day("Check-in date"),
    log_form.notes("Check-in notes"),
)


class CheckInForm(QWidget):
    date: QDateEdit  # as every control of the form, set by LogForm
    pain: PainScale

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._live = False
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.prompt = text_label("How is your knee right now?", "Check-in prompt",
                                 selectable=False)
        self.form = LogForm(self, self.ops, CHECK_IN, "Save check-in",
                            selectable_feedback=False)
        self.save, self.feedback = self.form.save, self.form.feedback
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.form.lay_out(layout, above=[self.prompt], save_at_right=True)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.submit)
        self.date.dateChanged.connect(self.load_day)

    def submit(self) -> bool:
        """Save; a check-in stored that day is replaced only once the runner says so."""
        return replace_question.save_asking(
            self, self.form, lambda rb, entry, replace: rb.check_in(entry, replace=replace),
            lambda entry: f"Saved: {entry.pain}/10 on {entry.date.isoformat()}.",
            CheckInEntry, "Replace the check-in?")

    def load_day(self, date: QDate) -> None:
        """A day picked that already has a check-in: what is stored is shown, to correct."""
        runback = self.ops.runback
        if not runback.all_read or runback.needs_setup:
            return  # the first view: today's check-in comes with the card (show_card)
        stored = runback.log.check_ins.get(from_qdate(date))
        if stored is not None:
            self.form.fill({"pain": stored.pain, "notes": stored.notes,
                            "swelling": stored.swelling, "stiffness": stored.stiffness,
                            "taken": stored.taken})

    def refresh(self, changes: Changes) -> None:
        runback = self.ops.runback
        self.go_live()
        if runback.needs_setup:
            return
        self.forget_day(changes)
        self.show_card(runback.check_in_card(), runback.today.isoformat())
        if Area.FILE in changes.areas:
            self.feedback.hide()

    def forget_day(self, changes: Changes) -> None:
        """A new day (or file): yesterday's morning signs and notes are not today's."""
        if changes.areas & {Area.DAY, Area.FILE}:
            self.form.fill({"swelling": False, "stiffness": False, "notes": ""})

    def go_live(self) -> None:
        """The file is loaded: the labels become selectable (ui/common.py)."""
        if not self._live:
            self._live = True
            make_selectable(self.prompt, self.feedback)

    def show_card(self, card: dict, day: str) -> None:
        """The prompt, and today's stored check-in ready to correct (core/today_card.py)."""
        today = QDate.fromString(day, ISO_DATE)
        set_date_range(self.date, today, QDate.fromString(card["start"], ISO_DATE))
        self.prompt.setText(card["prompt"])
        self.form.show_row("taken", card.get("walk_run_day", False))
        if card["pain"] is not None and self.date.date() == today:
            self.form.fill({"pain": card["pain"], "swelling": card.get("swelling", False),
                            "stiffness": card.get("stiffness", False),
                            "taken": card.get("taken")})
