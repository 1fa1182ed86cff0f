"""Knee pain, 0 to 10, as a row of buttons: one click, or one key.

The row is one Tab stop. Typing a digit picks that pain (1 then 0 picks 10), the arrow
keys, Home and End move along it; Enter is left to the form (it saves). A screen reader
hears the row's name with the pain picked ("Knee pain now: 3 of 10").
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from ui.common import PAIN_HELP, named

HIGHEST = 10
# Keys and focus policies by number: touching Qt's namespace (Qt.Key…) costs start-up
# ~15 ms (docs/PLATFORM.md), and this row is built before the first paint.
KEY_0, KEY_9, KEY_HOME, KEY_END = 0x30, 0x39, 0x01000010, 0x01000011
STEPS = {0x01000012: -1, 0x01000015: -1, 0x01000014: 1, 0x01000013: 1}  # ← ↓ → ↑
STRONG_FOCUS, NO_FOCUS = 11, 0  # Qt.FocusPolicy


class PainScale(QWidget):
    """Pain 0–10; reads and sets like a spin box (``value``, ``setValue``,
    ``valueChanged``)."""

    valueChanged = Signal(int)

    def __init__(self, name: str, value: int = 0):
        super().__init__()
        self._name = name
        self._after_one = False  # "1" was the last key: "0" now makes 10
        self.setProperty("focusPolicy", STRONG_FOCUS)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.setSpacing(2)
        for pain in range(HIGHEST + 1):
            key = QToolButton()
            key.setText(str(pain))
            key.setCheckable(True)
            key.setProperty("focusPolicy", NO_FOCUS)  # the row is the Tab stop
            key.setAccessibleName(f"Pain {pain} of {HIGHEST}")
            key.setMinimumSize(30, 26)
            self.group.addButton(key, pain)
            row.addWidget(key)
        row.addStretch(1)
        named(self, name, PAIN_HELP + " Type a number (1 then 0 for 10) or use the arrows.")
        self.group.idClicked.connect(self._picked)
        self.group.idToggled.connect(self._bold)
        self.setValue(value)

    # --- read and set, as a spin box ---------------------------------------------------

    def value(self) -> int:
        return max(self.group.checkedId(), 0)

    def setValue(self, value: int) -> None:
        value = max(0, min(HIGHEST, int(value)))
        changed = value != self.group.checkedId()
        self.group.button(value).setChecked(True)
        self.setAccessibleDescription(f"{value} of {HIGHEST}")
        if changed:
            self.valueChanged.emit(value)

    def _picked(self, value: int) -> None:
        """A click: the button is checked already, so ``setValue`` only names it."""
        self.setFocus()
        self.setValue(value)
        self.valueChanged.emit(value)

    def _bold(self, pain: int, checked: bool) -> None:
        """The pain picked in bold, beside the style's pressed look: seen without colour."""
        key = self.group.button(pain)
        font = key.font()
        font.setBold(checked)
        key.setFont(font)

    # --- the keyboard --------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if KEY_0 <= key <= KEY_9:  # the top row's or the keypad's
            digit = key - KEY_0
            self.setValue(HIGHEST if digit == 0 and self._after_one else digit)
            self._after_one = digit == 1
            return
        self._after_one = False
        step = STEPS.get(key)
        if step is not None:
            self.setValue(self.value() + step)
        elif key == KEY_HOME:
            self.setValue(0)
        elif key == KEY_END:
            self.setValue(HIGHEST)
        else:
            super().keyPressEvent(event)  # Enter and the rest: to the form

    def focusOutEvent(self, event) -> None:
        self._after_one = False
        self.update()
        super().focusOutEvent(event)

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def paintEvent(self, event) -> None:
        """A frame in the highlight colour around the row while it has the keyboard."""
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
