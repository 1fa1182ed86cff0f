"""An outcome questionnaire as one scrollable form (AKPS, KOOS-PF, UWRI or PSFS).

Every item is a group of radio buttons with its answers, best first: Tab moves from item
to item, the arrow keys choose within one, Enter saves. The PSFS asks for up to five
activities the runner names, each rated 0–10 (the names of the last PSFS are offered, so
the same activities are rated again). The score is shown as the answers are given, with
its change from the first score. The items, answers, scoring and every sentence about a
score come from the core (core/outcomes, core/today_card.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.errors import InvalidInput
from core.outcomes import Instrument, Item, compare, score
from core.today_card import questionnaire_saved
from ui.common import (
    button,
    date_box,
    feedback_label,
    from_qdate,
    heading,
    named,
    notes_box,
    reset_date,
    show_feedback,
    text_label,
)

if TYPE_CHECKING:
    from core.changes import Changes
    from core.runback import Runback
    from ui.common import Operations

NOT_RATED = -1  # a PSFS rating box left at "—"
PREVIOUS = {Qt.Key.Key_Up, Qt.Key.Key_Left}
NEXT = {Qt.Key.Key_Down, Qt.Key.Key_Right}


def ask_replace(parent: QWidget, title: str, stored: str) -> bool:
    """Whether to replace the questionnaire stored that day (``stored``: core's words for
    it, with its answers). Keeping it is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, "Runback", title, parent=parent)
    box.setInformativeText(stored)
    replace = box.addButton("Replace", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep the stored one", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is replace


class ItemGroup(QGroupBox):
    """One item: its answers as radio buttons, best first. One tab stop (the answer given,
    else the first); the arrow keys move to the answer before or after and choose it."""

    changed = Signal()

    def __init__(self, item: Item, number: int, count: int):
        super().__init__(f"{number}. {item.label}")
        self.item = item
        named(self, f"Item {number} of {count}: {item.label}")
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for answer in item.answers:
            radio = QRadioButton(answer.text)
            named(radio, f"{item.label}: {answer.text}")
            radio.installEventFilter(self)
            self.group.addButton(radio, answer.points)
            self.buttons.append(radio)
            layout.addWidget(radio)
        self.group.idToggled.connect(self._toggled)
        self._fix_tab_stop()

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked == -1 else checked

    def first_focus(self) -> QRadioButton:
        return self.group.checkedButton() or self.buttons[0]  # type: ignore[return-value]

    def _toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._fix_tab_stop()
            self.changed.emit()

    def _fix_tab_stop(self) -> None:
        stop = self.first_focus()
        for radio in self.buttons:
            radio.setFocusPolicy(Qt.FocusPolicy.StrongFocus if radio is stop
                                 else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt names it
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and watched in self.buttons:
            key = event.key()
            step = -1 if key in PREVIOUS else 1 if key in NEXT else 0
            if step:
                at = self.buttons.index(watched)
                to = self.buttons[max(0, min(len(self.buttons) - 1, at + step))]
                to.setChecked(True)
                to.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)


class ActivityRow:
    """A PSFS activity: its name and its rating 0–10 ("—": not rated)."""

    def __init__(self, number: int, instrument: Instrument, name: str = "",
                 last_rating: int | None = None):
        activities = instrument.activities
        assert activities is not None  # only the PSFS has activities
        self.number = number
        self.name = QLineEdit(name)
        self.name.setPlaceholderText(f"Activity {number}")
        self.name.setMaxLength(activities.name_max_chars)
        named(self.name, f"Activity {number} name",
              "An activity your knee makes hard: running downhill, stairs, kneeling…")
        self.rating = QSpinBox()
        self.rating.setRange(NOT_RATED, activities.high)
        self.rating.setValue(NOT_RATED)
        self.rating.setSpecialValueText("—")
        self.rating.setSuffix(f" / {activities.high}")
        self.rating.setMinimumWidth(90)
        last = "" if last_rating is None else f" Last time: {last_rating}."
        named(self.rating, f"Activity {number} rating",
              f"{activities.low} = {activities.low_text}, {activities.high} = "
              f"{activities.high_text}; — = not rated.{last}")

    def answer(self) -> tuple[str, int | None] | None:
        """(name, rating) — None for a row left empty."""
        name, rating = self.name.text().strip(), self.rating.value()
        if not name and rating == NOT_RATED:
            return None
        return name, None if rating == NOT_RATED else rating


class QuestionnaireDialog(QDialog):
    """One questionnaire, saved through ``Operations`` (``saved`` carries the message)."""

    saved = Signal(str)

    def __init__(self, ops: Operations, instrument: Instrument, parent: QWidget | None = None,
                 step: str = ""):
        super().__init__(parent)
        self.ops = ops
        self.instrument = instrument
        self.step = step  # "2 of 3" when taken in turn
        self.message = ""  # what was saved, once it is
        self.items: list[ItemGroup] = []
        self.activities: list[ActivityRow] = []
        self._setup_ui()
        self._connect_signals()
        self._show_score()

    # --- building -----------------------------------------------------------------------

    def _setup_ui(self) -> None:
        instrument = self.instrument
        step = f" ({self.step})" if self.step else ""
        self.setWindowTitle(f"{instrument.short_name}: {instrument.name}{step}")
        named(self, f"{instrument.short_name} questionnaire")
        self.title = heading(f"{instrument.name} ({instrument.short_name}){step}", 1.25)
        self.prompt = text_label(instrument.prompt, "Questionnaire instructions")
        form = QWidget()
        self.form_layout = QVBoxLayout(form)
        if instrument.activities is not None:
            self._activity_rows(self.form_layout)
        else:
            for number, item in enumerate(instrument.items, start=1):
                group = ItemGroup(item, number, len(instrument.items))
                self.items.append(group)
                self.form_layout.addWidget(group)
        self.form_layout.addStretch(1)
        self.form_area = named(QScrollArea(), "Questionnaire items")
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.form_area.setWidget(form)

        self.date = date_box("Date taken")
        self.date.setToolTip("The day it was answered: today, or an earlier day for one "
                             "answered on paper")
        reset_date(self.date, self.ops.runback)
        self.notes = notes_box("Questionnaire notes")
        details = QFormLayout()
        details.addRow("Date", self.date)
        details.addRow("Notes", self.notes)
        self.score_label = heading(scale=1.1)
        self.score_label.setAccessibleName("Score so far")
        self.feedback = feedback_label()
        self.save_button = button("&Save", "Save the questionnaire", primary=True)
        self.cancel_button = button("Cancel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.score_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.prompt)
        layout.addWidget(self.form_area, 1)
        layout.addLayout(details)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self._size_to_screen(form)

    def _activity_rows(self, layout: QVBoxLayout) -> None:
        activities = self.instrument.activities
        assert activities is not None
        last = self.ops.runback.outcome_history(self.instrument.key).latest
        named_before = list(last.questionnaire.answers.items()) if last else []
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Activity</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>How well today ({activities.low}–{activities.high})</b>"),
                       0, 1)
        for number in range(1, activities.most + 1):
            name, rating = (named_before[number - 1] if number <= len(named_before)
                            else ("", None))
            row = ActivityRow(number, self.instrument, name, rating)
            self.activities.append(row)
            grid.addWidget(row.name, number, 0)
            grid.addWidget(row.rating, number, 1)
        grid.setColumnStretch(0, 1)
        layout.addWidget(text_label(
            f"Name {activities.suggested} activities and rate each: {activities.low} = "
            f"{activities.low_text}, {activities.high} = {activities.high_text}."
            + (" The activities of your last PSFS are filled in: rate them again." if
               named_before else ""), "Activities help"))
        layout.addLayout(grid)

    def _size_to_screen(self, form: QWidget) -> None:
        """As tall as the form (the screen's height at most): the PSFS needs little."""
        screen = self.screen().availableGeometry()
        wanted = (self.sizeHint().height() - self.form_area.sizeHint().height()
                  + form.sizeHint().height() + 4)
        self.resize(min(760, screen.width() - 40), min(760, screen.height() - 60, wanted))

    def _connect_signals(self) -> None:
        for group in self.items:
            group.changed.connect(self._show_score)
        for row in self.activities:
            row.name.textChanged.connect(self._show_score)
            row.rating.valueChanged.connect(self._show_score)
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button.clicked.connect(self.reject)

    def showEvent(self, event) -> None:  # Qt names it
        super().showEvent(event)
        first = (self.items[0].first_focus() if self.items
                 else self.activities[0].name if self.activities else self.save_button)
        first.setFocus(Qt.FocusReason.TabFocusReason)

    # --- answers and score --------------------------------------------------------------

    def answers(self) -> dict[str, int | None]:
        """The answers as the core takes them (item key, or activity name, to points).
        Raises ``InvalidInput`` for a rated activity without a name."""
        if not self.activities:
            return {group.item.key: group.value() for group in self.items}
        given: dict[str, int | None] = {}
        for row in self.activities:
            answer = row.answer()
            if answer is None:
                continue
            name, rating = answer
            if not name:
                raise InvalidInput("activity", f"Activity {row.number} is rated but has no "
                                               f"name: name it, or set its rating to —.")
            given[name] = rating
        return given

    def _show_score(self) -> None:
        try:
            result = score(self.instrument, self.answers())
        except InvalidInput as error:
            self.score_label.setText(f"Score: — ({error})")
            return
        if result.value is None:
            self.score_label.setText(f"Score: — ({result.reason})")
            return
        text = f"Score: {self.instrument.shown(result.value)} of {self.instrument.high:g}"
        baseline = self.ops.runback.outcome_history(self.instrument.key).baseline
        change = None if baseline is None else compare(self.instrument, baseline.score, result)
        if change is not None and baseline is not None and baseline.date < self._day():
            text += f" · {change.describe(self.instrument)}"
        self.score_label.setText(text)

    def _day(self):
        return from_qdate(self.date.date())

    # --- saving -------------------------------------------------------------------------

    def save(self, replace: bool = False) -> bool:
        """Save; if one of this instrument is stored that day, ask before replacing it."""
        try:
            answers = self.answers()
        except InvalidInput as error:
            show_feedback(self.feedback, str(error), error=True)
            return False
        key, notes, day = self.instrument.key, self.notes.text(), self._day()
        asked: list[str] = []

        def take(runback: Runback) -> Changes:
            try:
                changes = runback.take_questionnaire(key, answers, notes, day, replace)
            except InvalidInput as error:
                if error.field == "replace":
                    asked.append(str(error))
                raise
            taken = next(each for each in reversed(runback.outcome_history(key).taken)
                         if each.date == day)
            self.message = questionnaire_saved(self.instrument, taken)
            return changes

        if self.ops.run(take, self.feedback):
            self.saved.emit(self.message)
            self.accept()
            return True
        if asked and not replace:
            show_feedback(self.feedback, "")
            title = f"Replace the {self.instrument.short_name} of {day.isoformat()}?"
            if ask_replace(self, title, asked[0]):
                return self.save(replace=True)
            show_feedback(self.feedback, "Kept the one stored; nothing was saved.")
            return False
        self._focus_first_unanswered()
        return False

    def _focus_first_unanswered(self) -> None:
        unanswered = next((group for group in self.items if group.value() is None), None)
        if unanswered is not None:
            self.form_area.ensureWidgetVisible(unanswered)
            unanswered.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)


class TakeInTurn(QObject):
    """The questionnaires due, one dialog after another; Cancel stops (the rest stay due).
    ``finished`` carries the messages of those saved."""

    finished = Signal(list)

    def __init__(self, ops: Operations, instruments: Sequence[Instrument], parent: QWidget):
        super().__init__(parent)
        self.ops = ops
        self.instruments = list(instruments)
        self.parent_widget = parent
        self.messages: list[str] = []
        self.dialog: QuestionnaireDialog | None = None
        self._next = 0

    def start(self) -> None:
        self._open_next()

    def _open_next(self) -> None:
        if self._next >= len(self.instruments):
            self.dialog = None
            self.finished.emit(self.messages)
            return
        if self.dialog is not None:
            self.dialog.deleteLater()  # the one just saved
        instrument = self.instruments[self._next]
        self._next += 1
        count = len(self.instruments)
        step = f"{self._next} of {count}" if count > 1 else ""
        self.dialog = QuestionnaireDialog(self.ops, instrument, self.parent_widget, step)
        self.dialog.saved.connect(self.messages.append)
        self.dialog.accepted.connect(self._open_next)
        self.dialog.rejected.connect(self._stop)
        self.dialog.open()

    def _stop(self) -> None:
        self.dialog = None
        self.finished.emit(self.messages)
