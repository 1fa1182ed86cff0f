"""The "log a session" forms (calm, mechanics, return to run, performance, check-in),
declared as a list of fields.

A field names the core action's argument it fills, the row's label and the control's
accessible name. ``LogForm`` builds the rows, reads every value into one dict for the core
action, clears what belongs to one session after a save, and shows the outcome. A view
keeps only what is its own (a prompt, a pre-fill, a warning before saving).

Each control is also set on the view under the field's attribute (``tab.pain``), so the
view's own code and the tests reach it as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.common import (
    button,
    check_box,
    date_box,
    effort_box,
    feedback_label,
    from_qdate,
    minutes_box,
    named,
    notes_box,
    optional_cadence_box,
    optional_value,
    pain_box,
    reset_date,
    to_qdate,
)

if TYPE_CHECKING:
    from core.runback import Changes, Runback
    from ui.common import Operations


@dataclass(frozen=True)
class Field:
    """One row of a log form."""

    key: str  # the core action's argument it fills
    label: str  # the row's label; "" puts the control under the row above
    make: Callable[[], QWidget]
    read: Callable[[Any], object]  # the control's value, as the core action takes it
    write: Callable[[Any, Any], None]  # show a value (a pre-fill, a stored entry)
    clear: Callable[[Any], None] | None = None  # after a save: what was this session's only
    attribute: str = ""  # the view's attribute for the control, if not ``key``

    @property
    def name(self) -> str:
        return self.attribute or self.key


def pain(name: str, key: str = "pain_during", label: str = "Knee pain during") -> Field:
    return Field(key, label, lambda: pain_box(name), QSpinBox.value, QSpinBox.setValue,
                 attribute="pain")


def pain_scale(name: str, key: str, label: str) -> Field:
    """Pain as a row of buttons 0–10 (ui/pain_scale.py): the check-in's one question."""
    from ui.pain_scale import PainScale

    return Field(key, label, lambda: PainScale(name), PainScale.value, PainScale.setValue,
                 attribute="pain")


def effort(name: str, value: int) -> Field:
    return Field("effort", "Effort", lambda: effort_box(name, value), QSpinBox.value,
                 QSpinBox.setValue)


def minutes(name: str, value: float, key: str = "minutes", label: str = "Minutes",
            low: float = 1, high: float = 600, step: float = 5) -> Field:
    return Field(key, label, lambda: minutes_box(name, value, low, high, step),
                 QtWidgets.QDoubleSpinBox.value, QtWidgets.QDoubleSpinBox.setValue)


def whole(key: str, label: str, name: str, low: int, high: int) -> Field:
    """A whole number (a level, a count of rounds)."""
    def make() -> QSpinBox:
        box = QSpinBox()
        box.setRange(low, high)
        return named(box, name)
    return Field(key, label, make, QSpinBox.value, QSpinBox.setValue)


def distance() -> Field:
    """Kilometres, or a dash for not measured (stored as None)."""
    def make() -> QtWidgets.QDoubleSpinBox:
        box = named(QtWidgets.QDoubleSpinBox(), "Distance")
        box.setRange(0, 300)
        box.setDecimals(1)
        box.setSuffix(" km")
        box.setSpecialValueText("—")
        return box
    return Field("distance_km", "Distance", make, lambda box: box.value() or None,
                 lambda box, km: box.setValue(km or 0), attribute="distance")


def cadence(name: str) -> Field:
    return Field("cadence", "Cadence", lambda: optional_cadence_box(name), optional_value,
                 lambda box, steps: box.setValue(box.minimum() if steps is None else steps))


def check(key: str, label: str, text: str, name: str, attribute: str = "",
          one_session: bool = False) -> Field:
    """A check box; ``one_session``: unticked after a save (a stop sign is not a habit)."""
    return Field(key, label, lambda: check_box(text, name), QtWidgets.QCheckBox.isChecked,
                 QtWidgets.QCheckBox.setChecked,
                 (lambda box: box.setChecked(False)) if one_session else None, attribute)


def choice(key: str, label: str, name: str, items: Sequence[tuple[str, object]],
           attribute: str = "", tip: str = "") -> Field:
    """A choice box; reads the chosen item's value (as given, not through Qt)."""
    values = [value for _, value in items]

    def make() -> QtWidgets.QComboBox:
        box = QtWidgets.QComboBox()
        for text, _ in items:
            box.addItem(text)
        return named(box, name, tip)
    return Field(key, label, make, lambda box: values[box.currentIndex()],
                 lambda box, value: box.setCurrentIndex(values.index(value)),
                 attribute=attribute)


def day(name: str) -> Field:
    """The day it happened: the view keeps it between the programme start and today."""
    return Field("date", "Date", lambda: date_box(name), lambda box: from_qdate(box.date()),
                 lambda box, date: box.setDate(to_qdate(date)))


def notes(name: str) -> Field:
    return Field("notes", "Notes", lambda: notes_box(name), QtWidgets.QLineEdit.text,
                 QtWidgets.QLineEdit.setText, QtWidgets.QLineEdit.clear)


RETURN_KEYS = (0x01000004, 0x01000005)  # Qt.Key.Key_Return, Key_Enter (ui/common.py)


class EnterSaves(QObject):
    """Enter in a field of the form saves it, as in a dialog. A field passes the key on
    to its view when it has no use for it (a spin box, a line, a check box): the view's
    filter sees it there."""

    def __init__(self, form: LogForm):
        super().__init__()
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt names it
        if event.type() == QEvent.Type.KeyPress and cast(QKeyEvent, event).key() in RETURN_KEYS:
            focus = QtWidgets.QApplication.focusWidget()
            fields = self.form.widgets.values()
            if focus is not None and any(f is focus or f.isAncestorOf(focus) for f in fields):
                self.form.save.click()
                return True
        return super().eventFilter(watched, event)


class LogForm:
    """The rows of one log form, its save button and its feedback label."""

    def __init__(self, view: QWidget, ops: Operations, fields: Sequence[Field],
                 save_text: str, selectable_feedback: bool = True):
        self.ops = ops
        self.fields = tuple(fields)
        self.widgets: dict[str, QWidget] = {}
        self.hidden: set[str] = set()
        self.rows = QFormLayout()
        for field in self.fields:
            widget = field.make()
            self.widgets[field.name] = widget
            setattr(view, field.name, widget)
            self.rows.addRow(field.label, widget)
        self.save = button(save_text, primary=True)
        self.feedback = feedback_label(selectable_feedback)
        self._enter = EnterSaves(self)
        view.installEventFilter(self._enter)

    def first_field(self) -> QWidget:
        """Where typing an entry starts (Ctrl+K, Ctrl+L)."""
        return next(self.widgets[f.name] for f in self.fields if f.name not in self.hidden)

    def lay_out(self, box: QVBoxLayout, above: Sequence[QWidget] = (),
                before_save: Sequence[QWidget] = (), save_at_right: bool = False) -> None:
        """Fill ``box``: what goes above, the rows, the save button, the feedback."""
        for widget in above:
            box.addWidget(widget)
        box.addLayout(self.rows)
        for widget in before_save:
            box.addWidget(widget)
        if save_at_right:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.save)
            box.addLayout(row)
        else:
            box.addWidget(self.save)
        box.addWidget(self.feedback)
        box.addStretch(1)

    def reset_date(self, runback: Runback) -> None:
        """Keep the date between the programme's start and today (today by default)."""
        box = self.widgets["date"]
        assert isinstance(box, QDateEdit)  # the date field is built as a QDateEdit
        reset_date(box, runback)

    def show_row(self, name: str, shown: bool) -> None:
        """Show or hide a row that matters only sometimes; a hidden row is not read."""
        self.rows.setRowVisible(self.widgets[name], shown)
        (self.hidden.discard if shown else self.hidden.add)(name)

    def values(self) -> dict[str, Any]:
        """What the form holds, by the core action's argument names (hidden rows left out)."""
        return {field.key: field.read(self.widgets[field.name]) for field in self.fields
                if field.name not in self.hidden}

    def fill(self, values: dict[str, Any]) -> None:
        """Show ``values`` (by the view's attribute names): a pre-fill, a stored entry."""
        by_name = {field.name: field for field in self.fields}
        for name, value in values.items():
            by_name[name].write(self.widgets[name], value)

    def save_with(self, action: Callable[[Runback, Any], Changes],
                  success: Callable[[Any], str],
                  entry: Callable[..., object] | None = None) -> bool:
        """Run ``action`` on the form's values; after a save, clear what was this session's.

        :param entry: the type of the value the core action takes (``WalkRunEntry``,
            ``RunEntry``...), or a callable that builds one (``partial(RunEntry, EASY)``):
            the form's values build it, and ``action`` and ``success`` get it, not the dict.

        On a refusal the form keeps everything, and the feedback says why.
        """
        values = self.values() if entry is None else entry(**self.values())

        def save_then_clear(runback: Runback) -> Changes:
            changes = action(runback, values)
            # Before the views refresh, so that what they show again (today's stored
            # check-in, say) is not cleared after them.
            for field in self.fields:
                if field.clear is not None:
                    field.clear(self.widgets[field.name])
            return changes

        return self.ops.run(save_then_clear, self.feedback, success(values))
