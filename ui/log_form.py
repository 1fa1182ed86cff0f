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
    text_label,
    to_qdate,
)

if TYPE_CHECKING:
    import datetime as dt

    from core.model import Session
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
    blank: object = None  # shown for a stored entry's None (not known), if not None itself

    @property
    def name(self) -> str:
        return self.attribute or self.key


def pain(name: str, key: str = "pain_during", label: str = "Knee pain during") -> Field:
    return Field(key, label, lambda: pain_box(name), QSpinBox.value, QSpinBox.setValue,
                 attribute="pain", blank=0)


def pain_scale(name: str, key: str, label: str) -> Field:
    """Pain as a row of buttons 0–10 (ui/pain_scale.py): the check-in's one question."""
    from ui.pain_scale import PainScale

    return Field(key, label, lambda: PainScale(name), PainScale.value, PainScale.setValue,
                 attribute="pain")


def effort(name: str, value: int) -> Field:
    return Field("effort", "Effort", lambda: effort_box(name, value), QSpinBox.value,
                 QSpinBox.setValue, blank=0)


def minutes(name: str, value: float, key: str = "minutes", label: str = "Minutes",
            low: float = 1, high: float = 600, step: float = 5, attribute: str = "") -> Field:
    return Field(key, label, lambda: minutes_box(name, value, low, high, step),
                 QtWidgets.QDoubleSpinBox.value, QtWidgets.QDoubleSpinBox.setValue,
                 attribute=attribute)


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
                 (lambda box: box.setChecked(False)) if one_session else None, attribute,
                 blank=False)


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


def day(name: str, attribute: str = "") -> Field:
    """The day it happened: the view keeps it between the programme start and today."""
    return Field("date", "Date", lambda: date_box(name), lambda box: from_qdate(box.date()),
                 lambda box, date: box.setDate(to_qdate(date)), attribute=attribute)


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
    """The rows of one log form, its save button and its feedback label; and, over the
    rows, a line saying what the form shows (``source``): what the view filled it in with
    (``filled_words``), or the session stored for the day picked (``load_day``)."""

    def __init__(self, view: QWidget, ops: Operations, fields: Sequence[Field],
                 save_text: str, selectable_feedback: bool = True,
                 stored: Callable[[Runback, dt.date], Session | None] | None = None):
        """:param stored: the session of the form's kind stored for a day, if any: shown
            when that day is picked (``load_day``), to correct."""
        self.ops = ops
        self.fields = tuple(fields)
        self.widgets: dict[str, QWidget] = {}
        self.hidden: set[str] = set()
        self._stored = stored
        self.loaded: Session | None = None  # the stored session shown, if any
        self._before_loaded: dict[str, Any] = {}  # what the form held before it was shown
        self.filled_words = ""
        self.source = text_label(name="What the form shows")
        self.source.hide()
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
        box.addWidget(self.source)
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
        reset_date(self.date_box(), runback)

    def show_row(self, name: str, shown: bool) -> None:
        """Show or hide a row that matters only sometimes; a hidden row is not read."""
        self.rows.setRowVisible(self.widgets[name], shown)
        (self.hidden.discard if shown else self.hidden.add)(name)

    def load_day(self, refill: bool = True) -> None:
        """The day picked has a session of the form's kind stored: show it, to correct
        (saving asks before replacing it). A day without one shows again what the form held
        before (a pre-fill, what was typed). The line over the rows says which.

        :param refill: False after a change elsewhere (a save, an undo): the form keeps
            what it shows, only the line follows the stored session.
        """
        runback = self.ops.runback
        if self._stored is None or runback.needs_setup:
            return
        stored = self._stored(runback, self._day())
        if stored is None and self.loaded is not None:
            self.loaded = None
            self.fill(self._before_loaded)
        elif stored is not None and stored != self.loaded and (refill or self.loaded is not None):
            if self.loaded is None:
                self._before_loaded = self._shown()
            if refill:
                self._show_entry(stored)
            self.loaded = stored
        self.show_source()

    def prefill(self, values: dict[str, Any], words: str) -> None:
        """What the view fills the form in with (today's plan, say), by the view's attribute
        names, and the line saying so. While a stored session is shown, kept for when the
        runner picks a day without one."""
        if self.loaded is None:
            self.fill(values)
        else:
            self._before_loaded.update(values)
        self.filled_words = words
        self.show_source()

    def show_source(self) -> None:
        """The line over the rows: the stored session shown, or what the view filled in."""
        if self.loaded is None:
            words = self.filled_words
        else:
            from core.log_forms import showing_stored  # with the journal: not at start-up

            words = showing_stored(self.loaded)
        self.source.setText(words)
        self.source.setVisible(bool(words))

    def date_box(self) -> QDateEdit:
        box = next(self.widgets[f.name] for f in self.fields if f.key == "date")
        assert isinstance(box, QDateEdit)  # the date field is built as a QDateEdit
        return box

    def _day(self) -> dt.date:
        return from_qdate(self.date_box().date())

    def _shown(self) -> dict[str, Any]:
        """What the form shows but its date, by the view's attribute names (for ``fill``)."""
        return {field.name: field.read(self.widgets[field.name]) for field in self.fields
                if field.key != "date"}

    def _show_entry(self, stored: object) -> None:
        """Show a stored entry's values: each field reads the attribute of its key."""
        for field in self.fields:
            if field.key == "date" or not hasattr(stored, field.key):
                continue
            value = getattr(stored, field.key)
            field.write(self.widgets[field.name],
                        field.blank if value is None and field.blank is not None else value)

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
