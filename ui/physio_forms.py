"""The physio's editors: protocol settings, the exercise programme, and history tables.

Views only: they load values from the protocol and hand back what was edited. The Physio
tab runs the core actions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QResizeEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.model import Actor, ExerciseTick, Variant
from core.rules import exercises, settings
from core.rules.declare import Setting
from core.rules.protocol import NAME_MAX_CHARS, Protocol, pain_zones_text
from core.runback import Changes, Runback
from core.today_card import describe_value, setting_label  # noqa: F401 - the tab's words
from ui.common import button, named, text_label

_W = TypeVar("_W", bound=QWidget)

if TYPE_CHECKING:
    class _SpinBox(QAbstractSpinBox):
        """What the mixin below uses of a QSpinBox or a QDoubleSpinBox, for the checker
        only: at run time the mixin is a plain class placed before either box in the
        subclasses' bases. The numbers are an int in one and a float in the other, so Any."""

        def minimum(self) -> Any: ...
        def maximum(self) -> Any: ...
        def value(self) -> Any: ...
        def textFromValue(self, value: Any, /) -> str: ...
        def prefix(self) -> str: ...
        def suffix(self) -> str: ...
else:
    _SpinBox = object


class _Strict(_SpinBox):
    """A spin box that never saves a value other than the one typed: a number out of range
    (or a fraction in a whole-number box) stays on screen while typing, and when editing
    ends it is refused with a message (``refused``, and a tooltip on the box) and the last
    accepted value comes back. Qt's own validator would drop the keystroke, or clamp the
    number to the range, without a word."""

    refused: Signal
    label = ""

    def _setup_strict(self, label: str) -> None:
        self.label = label
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(False)

    def _typed_number(self, text: str) -> float | None:
        typed = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        number, ok = self.locale().toDouble(typed)
        return number if ok else None

    def validate(self, text: str, position: int):
        state, text, position = super().validate(text, position)
        typed = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        if state == QValidator.State.Invalid and (
                typed in ("-", "+") or self._typed_number(text) is not None):
            state = QValidator.State.Intermediate  # shown as typed, judged when editing ends
        return state, text, position

    def fixup(self, text: str) -> str:
        number = self._typed_number(text)
        typed = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        if number is not None:
            low, high = self.minimum(), self.maximum()
            whole = isinstance(self, QSpinBox)
            if whole and low <= number <= high:
                why = "must be a whole number"
            else:
                why = f"must be from {low:g} to {high:g}"
            message = (f"{self.label or 'This value'} {why}: {typed} was not kept; "
                       f"it is still {self.textFromValue(self.value())}.")
            self.setToolTip(message)
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), message, self)
            self.refused.emit(message)
        return text


class StrictSpinBox(_Strict, QSpinBox):
    refused = Signal(str)

    def __init__(self, label: str = ""):
        super().__init__()
        self._setup_strict(label)


class StrictDoubleSpinBox(_Strict, QDoubleSpinBox):
    refused = Signal(str)

    def __init__(self, label: str = ""):
        super().__init__()
        self._setup_strict(label)


class SettingsForm(QWidget):
    """One spin box per number setting, grouped by section, each with its declared label,
    unit and range (core/rules/settings.py); a value typed out of range is refused in
    ``message``, never clamped."""

    def __init__(self, columns: int = 3):
        super().__init__()
        self.boxes: dict[str, QSpinBox | QDoubleSpinBox] = {}
        self._settings: dict[str, Setting] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        named(self.message, "Settings message")
        outer.addWidget(self.message)
        self.columns = QHBoxLayout()
        outer.addLayout(self.columns)
        self.groups: list[tuple[QGroupBox, float]] = []  # each section's box and its rows
        registry = settings.REGISTRY
        for section in registry.sections:
            declared = [s for s in registry.scalars if s.section == section.name]
            if not declared:
                continue
            group = QGroupBox(section.title)
            group.setAccessibleName(group.title())
            form = QFormLayout(group)
            for setting in declared:
                form.addRow(setting.label, self._box(setting))
                if setting.key == "pain.threshold":  # the zones the threshold is chosen from
                    self.pain_zones = text_label(pain_zones_text(), name="Pain zones")
                    form.addRow("", self.pain_zones)
            self.groups.append((group, len(declared) + 1.5))
        self.most_columns = columns
        # As narrow as one column: the sections wrap into fewer columns on a narrow tab
        # (1024 px wide), never push the tab into scrolling sideways.
        self.column_width = max(group.sizeHint().width() for group, _ in self.groups)
        self.setMinimumWidth(self.column_width)
        self._arranged = 0
        self._arrange(columns)

    def _arrange(self, count: int) -> None:
        """The sections in ``count`` columns, each next one in the shortest so far."""
        if count == self._arranged:
            return
        self._arranged = count
        while (item := self.columns.takeAt(0)) is not None:
            stack = item.layout()
            while stack is not None and stack.takeAt(0) is not None:
                pass
            if stack is not None:
                stack.deleteLater()
        stacks = [QVBoxLayout() for _ in range(count)]
        heights = [0.0] * count
        for stack in stacks:
            self.columns.addLayout(stack, 1)
        for group, rows in self.groups:
            shortest = heights.index(min(heights))  # keep the columns even
            stacks[shortest].addWidget(group)
            heights[shortest] += rows
        for stack in stacks:
            stack.addStretch(1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt names it
        super().resizeEvent(event)
        spacing = self.columns.spacing()
        fits = (self.width() + spacing) // (self.column_width + spacing)
        self._arrange(max(1, min(self.most_columns, fits)))

    def _box(self, setting: Setting) -> QSpinBox | QDoubleSpinBox:
        low, high, label = setting.low, setting.high, setting.label
        box = StrictSpinBox(label) if setting.kind is int else StrictDoubleSpinBox(label)
        box.refused.connect(self._show_refusal)
        if isinstance(box, QDoubleSpinBox):
            box.setDecimals(2 if high <= 10 else 1)
            box.setSingleStep(0.05 if high <= 10 else 1)
            box.setRange(low, high)
        else:  # a whole-number setting's bounds are whole
            box.setRange(int(low), int(high))
        box.setSuffix(setting.suffix)
        named(box, label, f"{setting.key}: {low:g} to {high:g}")
        box.setMinimumWidth(90)
        self.boxes[setting.key] = box
        self._settings[setting.key] = setting
        return box

    def _show_refusal(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(True)

    def load(self, protocol: Protocol) -> None:
        self.message.setVisible(False)
        for key, box in self.boxes.items():
            box.setValue(self._settings[key].of(protocol))

    def edited(self, protocol: Protocol) -> dict[str, int | float]:
        """The settings whose box differs from ``protocol``, as the kind core expects."""
        edits = {}
        for key, box in self.boxes.items():
            value = box.value() if isinstance(box, QSpinBox) else round(box.value(), 2)
            if abs(value - self._settings[key].of(protocol)) > 1e-9:
                edits[key] = value
        return edits


def change_settings(runback: Runback, edits: Mapping[str, object], reason: str) -> Changes:
    """Record several setting changes in one action: all are saved, or none."""
    return runback.change_plans(dict(edits), reason, Actor.PHYSIO)


def exercise_key(name: str, taken: set[str]) -> str:
    """A key core accepts ('glute_bridge'), made from the name and unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:30] or "exercise"
    if not base[0].isalpha():
        base = "exercise_" + base
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


UNITS = (("reps", "reps"), ("s hold", "hold_seconds"))


FORMS = (("Standard", Variant.STANDARD.value), ("Easier", Variant.EASIER.value),
         ("Harder", Variant.HARDER.value))  # as the plan stores them
REMOVE, FORM, HOW_TO = 4, 5, 6  # logical columns; Remove is shown last


class ExerciseTable(QTableWidget):
    """The programme as rows of editable controls; existing exercises keep their keys.
    Each row's form (the library's easier or harder variant) and how-to (the physio's own
    words, edited in ui/how_to_dialog.py) are saved with the programme."""

    COLUMNS = ("Exercise", "Sets", "Reps or hold", "Counted as", "", "Form", "How-to")
    refused = Signal(str)  # a number typed out of range, not kept

    def __init__(self):
        super().__init__(0, len(self.COLUMNS))
        named(self, "Exercise programme")
        self.setHorizontalHeaderLabels(self.COLUMNS)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setDefaultSectionSize(36)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Cell widgets do not size their columns: give each control room to show its value.
        for column, width in ((1, 70), (2, 110), (3, 120), (REMOVE, 100), (FORM, 110),
                              (HOW_TO, 100)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        header.moveSection(REMOVE, HOW_TO)  # shown last; the tests and code use logical
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._keys: list[str | None] = []
        self._how_to: list[dict[str, str] | None] = []  # each row's own words, if any

    def load(self, exercises: Sequence[ExerciseTick],
             own_words: Mapping[str, dict[str, str]] | None = None) -> None:
        self.setRowCount(0)
        self._keys, self._how_to = [], []
        for exercise in exercises:
            hold = exercise.hold_seconds is not None
            self.add_row(exercise.name, exercise.sets,
                         exercise.hold_seconds if hold else exercise.reps, hold, exercise.key,
                         exercise.variant, (own_words or {}).get(exercise.key))

    def add_row(self, name: str = "", sets: int = 3, amount: int | None = 10,
                hold: bool = False, key: str | None = None,
                variant: Variant = Variant.STANDARD,
                how_to: dict[str, str] | None = None) -> QLineEdit:
        row = self.rowCount()
        self.insertRow(row)
        self._keys.append(key)
        self._how_to.append(how_to)
        form = QComboBox()
        for label, value in FORMS:
            form.addItem(label, value)
        form.setCurrentIndex(form.findData(Variant(variant).value))
        described = key in exercises.library()
        form.setEnabled(described)
        form.setToolTip(_forms_tip(key) if described else
                        "Runback has no variants of this exercise: describe it with How-to.")
        how = button("How-to…")
        how.clicked.connect(lambda: self.edit_how_to(how))
        name_box = QLineEdit(name)
        name_box.setMaxLength(NAME_MAX_CHARS)
        name_box.setPlaceholderText("Name of the exercise")
        sets_box, amount_box = StrictSpinBox("Sets"), StrictSpinBox("Reps or hold")
        sets_box.refused.connect(self.refused)
        amount_box.refused.connect(self.refused)
        sets_box.setRange(1, 20)
        sets_box.setValue(sets)
        unit = QComboBox()
        for label, value in UNITS:
            unit.addItem(label, value)
        unit.setCurrentIndex(1 if hold else 0)
        amount_box.setRange(1, 600 if hold else 100)
        amount_box.setValue(amount or 1)
        unit.currentIndexChanged.connect(
            lambda index: amount_box.setMaximum(600 if index == 1 else 100))
        remove = button("Remove")
        remove.clicked.connect(lambda: self.remove_row_of(remove))
        # Tab goes along the row as shown, then to the next row: after the row above (or
        # the table), not after whatever was made before the cell widgets.
        previous: QWidget = self.cellWidget(row - 1, REMOVE) if row else self
        for column, widget in ((0, name_box), (1, sets_box), (2, amount_box), (3, unit),
                               (FORM, form), (HOW_TO, how), (REMOVE, remove)):
            self.setCellWidget(row, column, widget)
            QWidget.setTabOrder(previous, widget)
            previous = widget
        self._renumber()
        return name_box

    def remove_row_of(self, remove_button: QWidget) -> None:
        for row in range(self.rowCount()):
            if self.cellWidget(row, REMOVE) is remove_button:
                self.removeRow(row)
                del self._keys[row]
                del self._how_to[row]
                break
        self._renumber()

    def edit_how_to(self, how_button: QWidget) -> None:
        """The row's how-to in a dialog; kept in the row until the programme is saved."""
        from ui.how_to_dialog import HowToDialog

        row = next(r for r in range(self.rowCount()) if self.cellWidget(r, HOW_TO) is how_button)
        key = self._keys[row]
        entry = exercises.library().get(key) if key else None
        self.how_to_dialog = HowToDialog(self, self._cell(row, 0, QLineEdit).text().strip(),
                                         entry.how_to if entry else None, self._how_to[row])
        self.how_to_dialog.accepted.connect(lambda: self._set_how_to(how_button))
        self.how_to_dialog.open()

    def _set_how_to(self, how_button: QWidget) -> None:
        for row in range(self.rowCount()):
            if self.cellWidget(row, HOW_TO) is how_button:
                self._how_to[row] = self.how_to_dialog.own
        self._renumber()

    def _renumber(self) -> None:
        """Row numbers in accessible names, and a height that shows every row."""
        for row in range(self.rowCount()):
            for column, what in enumerate(("name", "sets", "reps or hold", "counted as")):
                named(self.cellWidget(row, column), f"Exercise {row + 1} {what}")
            named(self.cellWidget(row, REMOVE), f"Remove exercise {row + 1}")
            named(self.cellWidget(row, FORM), f"Exercise {row + 1} form")
            own = self._how_to[row] is not None
            how = self._cell(row, HOW_TO, QPushButton)
            how.setText("How-to ✎" if own else "How-to…")
            named(how, f"Exercise {row + 1} how-to",
                  "In your words" if own else "Runback's words; edit to use your own")
        height = (self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
                  + self.verticalHeader().defaultSectionSize() * max(self.rowCount(), 1))
        self.setFixedHeight(height)

    def _cell(self, row: int, column: int, kind: type[_W]) -> _W:
        """The control in a cell, as the kind ``add_row`` put there."""
        widget = self.cellWidget(row, column)
        if not isinstance(widget, kind):
            raise TypeError(f"Exercise row {row + 1}, column {column}: "
                            f"{type(widget).__name__}, not {kind.__name__}")
        return widget

    def programme(self) -> list[dict]:
        """The rows as core's ``strength.exercises`` value."""
        taken = {key for key in self._keys if key}
        programme = []
        for row, key in enumerate(self._keys):
            name = self._cell(row, 0, QLineEdit).text().strip()
            if key is None:
                key = exercise_key(name, taken)
                taken.add(key)
            unit = self._cell(row, 3, QComboBox).currentData()
            entry = {"key": key, "name": name, "sets": self._cell(row, 1, QSpinBox).value(),
                     unit: self._cell(row, 2, QSpinBox).value()}
            variant = self._cell(row, FORM, QComboBox).currentData()
            if variant != Variant.STANDARD.value:
                entry["variant"] = variant
            if self._how_to[row]:
                entry["how_to"] = dict(self._how_to[row] or {})
            programme.append(entry)
        return programme


def _forms_tip(key: str | None) -> str:
    """The library's variants of an exercise, named: "Easier: half bridge. Harder: …"."""
    entry = exercises.library()[key or ""]
    return f"Easier: {entry.easier.name}. Harder: {entry.harder.name}."


def history_table(name: str, columns: Sequence[str], wide: int = 1) -> QTableWidget:
    """A read-only table whose last ``wide`` columns share the width and wrap."""
    table = QTableWidget(0, len(columns))
    named(table, name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for column in range(len(columns)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch
                                    if column >= len(columns) - wide
                                    else QHeaderView.ResizeMode.ResizeToContents)
    table.setMinimumHeight(220)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]]) -> None:
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            text = "" if value is None else str(value)
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row, column, item)
    table.resizeRowsToContents()
    table.setUpdatesEnabled(True)
