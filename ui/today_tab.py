"""Today: the prescription with its go / easy / stop light, the check-in owed, where the
runner stands (stage, level, strength, the last decision), the week, any suggestion or
flag."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.changes import Area
from core.model import Stage
from ui.checkin_form import CheckInForm
from ui.colors import ink
from ui.common import button, card, feedback_label, heading, make_selectable, text_label
from ui.watch_workout import send_to_watch, show_watch_state, watch_button
from ui.week_strip import WeekStrip

# The light's mark and ink (ui/colors.py): a shape as well as a colour.
LIGHT_MARKS = {"go": "●", "easy": "◐", "stop": "■"}
LIGHT_INKS = {"go": "green", "easy": "amber", "stop": "red"}

if TYPE_CHECKING:
    from core.changes import Changes
    from ui.common import Operations
    from ui.questionnaire_dialog import TakeInTurn


class TodayTab(QScrollArea):
    """Drawn from Today's card (core/today_card.py): the text of every label, computed by
    the core."""

    open_stage = Signal(int)  # show that stage's tab
    setup_requested = Signal()

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._stage: int | None = None
        self._shown: dict | None = None
        self.shown_card: dict | None = None  # the whole card last shown (Today, check-in, frame)
        self._setup_ui()
        make_selectable(self.stage_label, self.headline, self.details, self.verdict,
                        self.decision, self.suggestion, self.suggestion_feedback, self.flags)
        self._connect_signals()

    def _setup_ui(self) -> None:
        """Three questions, top to bottom: what do I do today (the prescription with its
        go / easy / stop light), how is my knee (the check-in, first in the Tab order),
        am I on track (where I stand, and the week)."""
        self.setWidgetResizable(True)
        page = QWidget()
        self.stage_label = text_label(name="Current stage", selectable=False)
        self.light = heading(scale=1.1, selectable=False)
        self.light.setAccessibleName("Go, easy or stop")
        self.headline = heading(scale=1.6, selectable=False)
        self.headline.setAccessibleName("Today's prescription")
        self.details = text_label(name="Prescription details", selectable=False)
        self.go_to_stage = button("Open this stage's tab")
        self.setup_button = button("Start the first-run setup", primary=True)

        self.prescription = card("Today")
        box = QVBoxLayout(self.prescription)
        box.addWidget(self.stage_label)
        box.addWidget(self.headline)
        box.addWidget(self.light)
        box.addWidget(self.details)
        self.send_to_watch = watch_button()
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addWidget(self.send_to_watch)
        row.addStretch(1)
        row.addWidget(self.go_to_stage)
        box.addLayout(row)

        self.check_in = CheckInForm(self.ops)
        check_card = card("How is your knee?")
        QVBoxLayout(check_card).addWidget(self.check_in)

        self.suggestion = text_label(name="Stage suggestion", selectable=False)
        self.accept = button("Move on", primary=True)
        self.decline = button("Not yet")
        self.suggestion_feedback = feedback_label(selectable=False)
        self.suggestion_card = card("Stage suggestion")
        suggestion_box = QVBoxLayout(self.suggestion_card)
        suggestion_box.addWidget(self.suggestion)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.decline)
        buttons.addWidget(self.accept)
        suggestion_box.addLayout(buttons)
        suggestion_box.addWidget(self.suggestion_feedback)

        self.week = WeekStrip()
        self.flags = text_label(name="Flags this week", selectable=False)
        self.flags_card = card("This week")
        week_box = QVBoxLayout(self.flags_card)
        week_box.addWidget(self.week)
        week_box.addWidget(self.flags)

        grid = QGridLayout(page)
        grid.addWidget(self.prescription, 0, 0, 1, 2)
        grid.addWidget(self.suggestion_card, 1, 0, 1, 2)
        grid.addWidget(check_card, 2, 0)
        grid.addWidget(self._standing_card(), 2, 1)
        grid.addWidget(self.flags_card, 3, 0, 1, 2)
        grid.addWidget(self._questionnaire_card(), 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)
        self.setWidget(page)
        self._tab_order()

    def _standing_card(self) -> QGroupBox:
        """Am I on track: the stage, the ladder level with its passes, strength this week,
        and the last decision in one sentence, its reason a click on "Why?" away."""
        self.standing = card("Where you stand")
        box = QVBoxLayout(self.standing)
        self.bars: dict[str, tuple[QLabel, QProgressBar]] = {}
        for key, name in (("stage", "Stage"), ("exit", "Toward the next stage"),
                          ("level", "Walk–run level"), ("strength", "Strength this week")):
            words = text_label(name=name, selectable=False)
            bar = QProgressBar()
            bar.setTextVisible(False)
            bar.setMaximumHeight(8)
            bar.setAccessibleName(name)
            box.addWidget(words)
            box.addWidget(bar)
            self.bars[key] = (words, bar)
        self.verdict = heading(scale=1.0, selectable=False)
        self.verdict.setAccessibleName("Last decision, in short")
        self.why = button("Why?")
        self.why.setCheckable(True)
        self.why.setAccessibleDescription("Shows the last decision's full reason")
        self.decision = text_label(name="Last decision", selectable=False)
        self.decision.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.verdict, 1)
        row.addWidget(self.why)
        box.addLayout(row)
        box.addWidget(self.decision)
        box.addStretch(1)
        return self.standing

    def _tab_order(self) -> None:
        """The check-in first (it is what is owed, and what the runner came to do), then
        the prescription's button, the suggestion's, "Why?" and the questionnaires'."""
        chain = [*self.check_in.form.widgets.values(), self.check_in.save, self.setup_button,
                 self.go_to_stage, self.decline, self.accept, self.why,
                 self.take_questionnaires]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _connect_signals(self) -> None:
        self.go_to_stage.clicked.connect(lambda: self.open_stage.emit(self._stage))
        self.setup_button.clicked.connect(self.setup_requested.emit)
        self.send_to_watch.clicked.connect(lambda: send_to_watch(self, self.ops))
        self.accept.clicked.connect(lambda: self.ops.run(
            lambda rb: rb.accept_suggestion(), self.suggestion_feedback))
        self.decline.clicked.connect(lambda: self.ops.run(
            lambda rb: rb.decline_suggestion(), self.suggestion_feedback))
        self.take_questionnaires.clicked.connect(self.take_due_questionnaires)
        self.why.toggled.connect(self.decision.setVisible)

    def refresh(self, changes: Changes) -> None:
        self.check_in.forget_day(changes)
        self.show_card(self.ops.runback.today_card())
        if Area.FILE in changes.areas:
            self.check_in.feedback.hide()
        self._refresh_due(changes)

    def show_card(self, card: dict) -> None:
        """Show a Today card; a card like the one on screen changes nothing."""
        self.shown_card = card
        self._stage = card["stage"]
        today = card["today"]
        if today != self._shown:
            self._shown = today
            new = today["setup"]
            self.setup_button.setVisible(new)
            self.go_to_stage.setVisible(not new)
            self.stage_label.setText(today["stage_label"])
            self.headline.setText(today["headline"])
            self.details.setText(today["details"])
            self._show_light(today)
            self._show_standing(today)
            self.suggestion_card.setVisible(today["suggestion"] is not None)
            self.suggestion.setText(today["suggestion"] or "")
            self.accept.setText(today["accept"] or "Move on")
            self.accept.setAccessibleName(self.accept.text())  # as it reads now
            self.week.show_days(today["days"])
            self.week.setVisible(bool(today["days"]))
            self.flags.setVisible(bool(today["week"]))
            self.flags.setText(today["week"])
            self.flags_card.setVisible(bool(today["week"] or today["days"]))
        if card["check_in"] is not None:
            self.check_in.show_card(card["check_in"], card["day"])
        # Stage 4's walk–run, from the view Today is drawn from (the first, at start-up).
        self.send_to_watch.setVisible(card["stage"] == int(Stage.RETURN_TO_RUN))
        if self.send_to_watch.isVisibleTo(self):
            show_watch_state(self.send_to_watch, self.ops.runback)

    def _show_light(self, today: dict) -> None:
        """Go, easy or stop, in words and in its colour (ui/colors.py inks)."""
        light = today["light"]
        self.light.setVisible(light is not None)
        self.light.setText(f"{LIGHT_MARKS.get(light, '')} {today['light_words']}".strip())
        if light is not None:
            colour = ink(LIGHT_INKS[light], self.palette())
            palette = self.light.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
            self.light.setPalette(palette)

    def _show_standing(self, today: dict) -> None:
        standing = today["standing"] or {}
        for key, (words, bar) in self.bars.items():
            shown = standing.get(key)
            words.setVisible(shown is not None)
            bar.setVisible(shown is not None)
            if shown is not None:
                words.setText(shown["words"])
                bar.setRange(0, max(shown["of"], 1))
                bar.setValue(min(shown["value"], shown["of"]))
                bar.setAccessibleDescription(shown["words"])
        self.verdict.setText(today["verdict"] or today["decision"])
        self.verdict.setVisible(today["show_decision"])
        self.decision.setText(today["decision"])
        self.why.setVisible(today["show_decision"] and bool(today["verdict"]))
        if not self.why.isVisibleTo(self):
            self.why.setChecked(False)
        self.standing.setVisible(bool(standing) or today["show_decision"])

    def changeEvent(self, event: QEvent) -> None:
        """A palette change (dark mode) inks the light again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            self._show_light(self._shown)

    # --- outcome questionnaires due (core/outcomes) --------------------------------------

    def _questionnaire_card(self) -> QGroupBox:
        """Shown when questionnaires are due. Read after the first paint: the scoring the
        check needs takes ~16 ms to import, more than start-up can spare."""
        self.due_words = text_label(name="Questionnaires due", selectable=False)
        self.take_questionnaires = button("Take the questionnaires…")
        self.questionnaires_saved = text_label(name="Questionnaires saved", selectable=False)
        self.questionnaire_card = card("Outcome questionnaires")
        box = QVBoxLayout(self.questionnaire_card)
        box.addWidget(self.due_words)
        row = QHBoxLayout()
        row.addWidget(self.take_questionnaires)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.questionnaires_saved)
        self.questionnaire_card.setVisible(False)
        self._painted = False
        self.prescription.installEventFilter(self)
        self._saved_words = ""  # what the last set saved, until the day or file changes
        self.taking: TakeInTurn | None = None  # the dialogs in turn, while open
        return self.questionnaire_card

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt names it
        """Today's first paint (of the prescription card) asks for the questionnaires due."""
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.show_due)
        return super().eventFilter(watched, event)

    def _refresh_due(self, changes: Changes) -> None:
        if changes.areas & {Area.FILE, Area.DAY}:
            self._saved_words = ""
        if self._painted:
            self.show_due()

    def show_due(self) -> None:
        """The questionnaires due today (core's words), and what was just saved."""
        due = self.ops.runback.questionnaires_due()
        self.due_words.setText(due.words if due else "")
        self.due_words.setVisible(due is not None)
        self.take_questionnaires.setVisible(due is not None)
        self.questionnaires_saved.setText(self._saved_words)
        self.questionnaires_saved.setVisible(bool(self._saved_words))
        self.questionnaire_card.setVisible(due is not None or bool(self._saved_words))

    def take_due_questionnaires(self) -> None:
        """Each questionnaire due, one dialog after another."""
        from ui.questionnaire_dialog import TakeInTurn

        due = self.ops.runback.questionnaires_due()
        if due is None:
            self.show_due()
            return
        self.taking = TakeInTurn(self.ops, due.instruments, self)
        self.taking.finished.connect(self._taken)
        self.taking.start()

    def _taken(self, messages: list[str]) -> None:
        self.taking = None
        if messages:
            self._saved_words = "\n".join(messages)
            self.ops.notice.emit(messages[-1])
        self.show_due()
