"""What every view shares: running a core action, showing its outcome, standard inputs.

A view calls ``Operations.run`` with one core call. On success every view hears
``data_changed`` and refreshes what it shows; on a ``RunbackError`` the message goes to
the form's feedback label (never a crash, never a half-saved entry).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, cast, overload

from PySide6 import QtWidgets
from PySide6.QtCore import QDate, QEvent, QObject, QSignalBlocker, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from core.errors import RunbackError

if TYPE_CHECKING:
    import datetime as dt

    from core.changes import Changes
    from core.runback import Runback

# PySide6 builds a class, or the whole Qt namespace (~10 ms), the first time it is touched,
# and start-up has a budget (docs/PERFORMANCE.md). So what only the other tabs use is
# reached through ``QtWidgets.`` when first called, and labels are made selectable through
# their property, not through ``Qt.TextInteractionFlag``.
SELECTABLE_BY_MOUSE = 1  # Qt.TextInteractionFlag.TextSelectableByMouse

PAIN_HELP = "0 = no pain, 10 = worst pain imaginable"


class Operations(QObject):
    """The one way views change data: run a core action, then tell everyone what changed."""

    data_changed = Signal(object)  # core.changes.Changes
    notice = Signal(str)  # something worth a line in the status bar
    step_done = Signal(object)  # core.changes.Step: what to undo (ui/undo.py)

    def __init__(self, runback: Runback):
        super().__init__()
        self.runback = runback
        self.read_only = ""  # why nothing may be saved here (a backup opened to look)

    def replace(self, runback: Runback, close_old: bool = True) -> None:
        """Switch to another runner file: every view refreshes from scratch.

        :param close_old: False when the old one is already closed (a restore reopens
            the same file).
        """
        from core.changes import Area, Changes

        old, self.runback = self.runback, runback
        if old is not runback and close_old:
            old.close()
        self.data_changed.emit(Changes.of(Area.FILE))

    def run(self, action: Callable[[Runback], Changes], feedback: QLabel | None = None,
            success: str = "") -> bool:
        if self.read_only:
            show_feedback(feedback, self.read_only, error=True)
            if feedback is None:
                alert(None, "Runback", self.read_only)
            return False
        runback = self.runback
        try:
            with runback.recording() as steps:  # all it saved is one step to undo
                changes = action(runback)
        except RunbackError as error:
            self._steps_done(runback, steps)  # what was saved before the refusal
            show_feedback(feedback, str(error), error=True)
            if feedback is None:
                alert(None, "Runback", str(error))
            return False
        show_feedback(feedback, success)
        self._steps_done(runback, steps)
        self.data_changed.emit(changes)
        if changes.notice:
            self.notice.emit(changes.notice)
        return True


    def _steps_done(self, runback: Runback, steps: list) -> None:
        step = runback.joined(steps)
        if step is not None:
            self.step_done.emit(step)


def show_feedback(label: QLabel | None, text: str, error: bool = False) -> None:
    if label is None:
        return
    label.setText(text)
    label.setProperty("error", error)
    colour_feedback(label)
    label.setVisible(bool(text))


def colour_feedback(label: QLabel) -> None:
    """A message in its ink for the label's palette (ui/colors.py): again on a change of
    palette (LiveLabel.changeEvent)."""
    from ui.colors import ink

    kind = "error" if label.property("error") else "success"
    style = f"color: {ink(kind, label.palette())};"
    if label.styleSheet() != style:  # a style sheet changes the palette: once is enough
        label.setStyleSheet(style)


def alert(parent: QWidget | None, title: str, text: str) -> None:
    """A modal message for what has no form to show it in (opening a file, say)."""
    QtWidgets.QMessageBox.warning(parent, title, text)


class LiveLabel(QLabel):
    """A label whose words change (a prescription, a decision, a message after saving).

    Screen readers get its current words: under a fixed accessible name ("Today's
    prescription") they are its accessible description, kept in step with every
    ``setText``; and a change of words on screen is announced (Qt's announcement event)
    to a screen reader that listens. Every changing label is made by the helpers below.
    """

    def setText(self, text: str) -> None:
        changed = text != self.text()
        super().setText(text)
        self._expose(changed)

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self._expose(False)

    def changeEvent(self, event: QEvent) -> None:  # Qt names it
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.property("error") is not None:
            colour_feedback(self)  # a message after saving, in the new palette's ink

    def _expose(self, announce: bool) -> None:
        words = plain_text(self.text())
        if self.accessibleName():  # without a name, Qt gives the words as the name
            self.setAccessibleDescription(words)
        if announce and words and self.isVisible():
            # Imported here: QAccessible's enums cost start-up ~2 ms, and no label is
            # visible before the first paint.
            from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

            if QAccessible.isActive():
                QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, words))


def plain_text(text: str) -> str:
    """A label's words without rich-text markup, as a screen reader should say them."""
    if "<" not in text and "&" not in text:
        return text
    import html
    import re

    return html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"(?s)<(?!br)[^>]*>", "", text)))


def feedback_label(selectable: bool = True) -> QLabel:
    label = LiveLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    label.setAccessibleName("Message")
    if selectable:
        make_selectable(label)
    return label


def make_selectable(*labels: QLabel) -> None:
    """Let the runner select and copy the text (it costs each label a text document)."""
    for label in labels:
        label.setProperty("textInteractionFlags", SELECTABLE_BY_MOUSE)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, tip: str = "") -> W:
    """Give a control its accessible name (and tooltip): screen readers read these.

    A button or check box whose words on screen are not in its name ("The knee is
    swollen", named "Morning swelling") has them as its accessible description, before
    the tip: a screen reader says what a sighted person reads."""
    widget.setAccessibleName(name)
    widget.setObjectName(name.lower().replace(" ", "_").replace("–", "_"))
    limit_width(widget)
    shown = getattr(widget, "text", None)
    words = shown().replace("&", "").rstrip(" …▸▾") if callable(shown) else ""
    said = [words] if words and words.lower() not in name.lower() else []
    if tip:
        widget.setToolTip(tip)
        said.append(tip)
    if said:
        widget.setAccessibleDescription(". ".join(said))
    return widget


# A form's field is as wide as its value needs, never the width of a wide window: a
# number in a 600 px box reads as a bar, and the eye loses its label (issue 15).
NUMBER_FIELD_EMS = 16
TEXT_FIELD_EMS = 36


def limit_width(widget: QWidget) -> None:
    """A field's widest: ``NUMBER_FIELD_EMS`` (or its own size hint, if wider) for a
    number, date or choice, ``TEXT_FIELD_EMS`` for a line of text (in the font's ems, so
    it scales with the font and the screen)."""
    if isinstance(widget, QLineEdit):
        widget.setMaximumWidth(_em(widget) * TEXT_FIELD_EMS)
    elif isinstance(widget, (QtWidgets.QAbstractSpinBox, QtWidgets.QComboBox)):
        widget.setMaximumWidth(max(_em(widget) * NUMBER_FIELD_EMS, widget.sizeHint().width()))


def _em(widget: QWidget) -> int:
    return widget.fontMetrics().horizontalAdvance("M")


def pain_box(name: str, value: int = 0) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 10)
    box.setValue(value)
    box.setSuffix(" / 10")
    named(box, name, PAIN_HELP)
    return box


def optional_pain_box(name: str) -> QSpinBox:
    """Pain 0–10 or 'not noted' (shown as a dash, stored as None)."""
    box = QSpinBox()
    box.setRange(-1, 10)
    box.setValue(-1)
    box.setSpecialValueText("—")
    box.setSuffix(" / 10")
    named(box, name, PAIN_HELP + "; — = not noted")
    return box


@overload
def optional_value(box: QSpinBox) -> int | None: ...
@overload
def optional_value(box: QDoubleSpinBox) -> float | None: ...
def optional_value(box: QSpinBox | QDoubleSpinBox) -> float | None:
    return None if box.value() == box.minimum() and box.specialValueText() else box.value()


def effort_box(name: str = "Effort", value: int = 4) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 10)
    box.setValue(value)
    box.setSuffix(" / 10")
    named(box, name, "How hard the session felt: 0 = rest, 10 = maximal")
    return box


def minutes_box(name: str, value: float, low: float = 1, high: float = 600,
                step: float = 5) -> QtWidgets.QDoubleSpinBox:
    box = QtWidgets.QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(1 if step < 1 else 0)
    box.setSingleStep(step)
    box.setValue(value)
    box.setSuffix(" min")
    named(box, name)
    return box


def optional_cadence_box(name: str = "Cadence") -> QSpinBox:
    box = QSpinBox()
    box.setRange(99, 250)
    box.setValue(99)
    box.setSpecialValueText("—")
    box.setSuffix(" steps/min")
    named(box, name, "Steps per minute from your watch; — = not measured")
    return box


def date_box(name: str = "Date") -> QDateEdit:
    box = QDateEdit()
    box.setCalendarPopup(True)
    box.setDisplayFormat("ddd d MMM yyyy")
    box.setDate(QDate.currentDate())  # not Qt's 1 Jan 2000 before a runner's today is known
    named(box, name, "The day this happened (today, or a past day you forgot to log)")
    box.dateChanged.connect(lambda: box.setProperty("touched", True))  # only a person's edit
    return box


def reset_date(box: QDateEdit, runback: Runback) -> None:
    """Today by default; no future, nothing before the programme started."""
    profile = runback.profile
    set_date_range(box, to_qdate(runback.today),
                   to_qdate(profile.start_date) if profile else None)


def set_date_range(box: QDateEdit, today: QDate, start: QDate | None) -> None:
    """Dates from ``start`` to ``today``, showing today.

    A day the runner picked stays picked until the calendar moves on to a new day. What
    is already so is not set again: each set repaints the box (after every save).
    """
    with QSignalBlocker(box):
        if box.maximumDate() != today:
            box.setMaximumDate(today)
        if start is not None and box.minimumDate() != start:
            box.setMinimumDate(start)
        if box.property("today") != today or not box.property("touched"):
            if box.date() != today:
                box.setDate(today)
            box.setProperty("touched", False)
        box.setProperty("today", today)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    # PySide6's stubs type toPython() as object; a QDate's is a datetime.date.
    return cast("dt.date", day.toPython())


def notes_box(name: str = "Notes") -> QLineEdit:
    # No length limit of its own: a box cut at the core's limit would drop the end of a
    # long paste silently; the core refuses it with a message and the text stays here.
    box = QLineEdit()
    box.setPlaceholderText("Optional notes")
    named(box, name)
    return box


def check_box(text: str, name: str | None = None) -> QtWidgets.QCheckBox:
    box = QtWidgets.QCheckBox(text)
    named(box, name or text)
    return box


def combo(name: str, items: list[tuple[str, object]]) -> QtWidgets.QComboBox:
    box = QtWidgets.QComboBox()
    for label, value in items:
        box.addItem(label, value)
    named(box, name)
    return box


def button(text: str, name: str | None = None, primary: bool = False) -> QPushButton:
    widget = QPushButton(text)
    named(widget, name or text.replace("&", ""))
    widget.setDefault(primary)
    widget.setAutoDefault(primary)
    return widget


def read_only_table(name: str, headers: list[str]) -> QtWidgets.QTableWidget:
    """A table to read: columns fit their contents, the last one takes the rest and wraps."""
    table = QtWidgets.QTableWidget(0, len(headers))
    named(table, name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QtWidgets.QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QtWidgets.QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QtWidgets.QTableWidget, rows: Sequence[tuple[str, ...]]) -> None:
    """Show ``rows`` (each cell's words) in ``table``: only the cells whose words differ
    from what the table shows are set, and the rows' heights fitted only if one did.

    In a tab, with columns sized to their contents, setting one cell costs ~50 µs (the
    header measures its column again) and fitting the rows ~100 µs: setting every cell
    after each save was a fifth of a tick's cost (python -m bench, "save a tick"). A
    cell's other roles (a tooltip) stay as the caller last set them.
    """
    changed = table.rowCount() != len(rows)
    table.setRowCount(len(rows))
    for index, row in enumerate(rows):
        for column, text in enumerate(row):
            item = table.item(index, column)
            if item is None:
                table.setItem(index, column, QtWidgets.QTableWidgetItem(text))
            elif item.text() != text:
                item.setText(text)
            else:
                continue
            changed = True
    if changed:
        table.resizeRowsToContents()


def card(title: str) -> QGroupBox:
    box = QGroupBox(title)
    box.setAccessibleName(title)
    return box


def heading(text: str = "", scale: float = 1.4, selectable: bool = True) -> QLabel:
    label = LiveLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    if selectable:
        make_selectable(label)
    return label


def text_label(text: str = "", name: str = "", selectable: bool = True) -> QLabel:
    label = LiveLabel(text)
    label.setWordWrap(True)
    if selectable:
        make_selectable(label)
    if name:
        label.setAccessibleName(name)
    return label
