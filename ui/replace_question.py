"""The question before an entry replaces the one stored that day (a check-in, a walk–run):
the words come from core (core/today_card.py), the answer from the runner. Forms call
``ask`` through this module, so a test (or the window-kill writer) can answer it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

from core.errors import InvalidInput

if TYPE_CHECKING:
    from core.changes import Changes
    from core.runback import Runback
    from ui.log_form import LogForm


def ask(parent: QWidget, title: str, question: str) -> bool:
    """Yes to replace, No (the default, and Esc) to keep what is stored."""
    buttons = QtWidgets.QMessageBox.StandardButton
    answer = QtWidgets.QMessageBox.question(parent, title, question,
                                            buttons.Yes | buttons.No, buttons.No)
    return answer == buttons.Yes


def save_asking(view: QWidget, form: LogForm, action: Callable[[Runback, Any, bool], Changes],
                success: Callable[[Any], str], entry: Callable[..., object], title: str
                ) -> bool:
    """Save ``form`` through ``action`` (its last argument: replace); if core refuses
    because an entry is stored that day (field "replace"), ask, and on yes save again
    replacing it. On no, nothing is saved and the form says so."""
    asked: list[str] = []

    def attempt(replace: bool) -> bool:
        def save(runback: Runback, value: Any) -> Changes:
            try:
                return action(runback, value, replace)
            except InvalidInput as error:
                if error.field == "replace":
                    asked.append(str(error))
                raise
        return form.save_with(save, success, entry)

    if attempt(False):
        return True
    if not asked:
        return False
    if ask(view, title, asked[0]):
        return attempt(True)
    form.feedback.setText(KEPT)
    return False


KEPT = "Nothing saved: what is stored for that day is kept."
