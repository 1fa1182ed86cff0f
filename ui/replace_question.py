"""The question before an entry replaces the one stored that day (a check-in, a walk–run,
a run, cross-training, mobility): the words come from core (core/today_card.py,
core/log_forms.py), the answer from the runner. Forms call ``ask`` through this module, so
a test (or the window-kill writer) can answer it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

from core.errors import InvalidInput, RunbackError

if TYPE_CHECKING:
    from core.changes import Changes
    from core.runback import Runback
    from ui.log_form import LogForm


# The third answer: keep the stored entry and save this one beside it.
ANOTHER: Literal["another"] = "another"
Answer = bool | Literal["another"]


def ask(parent: QWidget, title: str, question: str, another: str = "") -> Answer:
    """Yes to replace, No (the default, and Esc) to keep what is stored; ``another``: the
    words of a third answer (a kind logged more than once a day), ANOTHER."""
    message = QtWidgets.QMessageBox
    buttons = message.StandardButton
    if not another:
        return message.question(parent, title, question, buttons.Yes | buttons.No,
                                buttons.No) == buttons.Yes
    box = message(message.Icon.Question, title, question, buttons.Yes | buttons.No, parent)
    beside = box.addButton(another, message.ButtonRole.AcceptRole)
    box.setDefaultButton(buttons.No)
    box.setEscapeButton(buttons.No)
    box.exec()
    if box.clickedButton() is beside:
        return ANOTHER
    return box.clickedButton() is box.button(buttons.Yes)


def save_asking(view: QWidget, form: LogForm,
                action: Callable[[Runback, Any, Any], Changes],
                success: Callable[[Any], str], entry: Callable[..., object] | None,
                title: str, another: str = "") -> bool:
    """Save ``form`` through ``action`` (its last argument: replace, a flag); if core refuses
    because an entry is stored that day (field "replace"), ask, and on yes save again
    replacing it. On no, nothing is saved and the form says so. ``another``: the words of
    a third answer that saves it beside the stored one (``action`` gets replace None)."""
    asked: list[str] = []

    def attempt(replace: bool | None) -> bool:
        def save(runback: Runback, value: Any) -> Changes:
            try:
                return action(runback, value, replace)
            except InvalidInput as error:
                if error.field != "replace":
                    raise
                asked.append(str(error))
                # Not a refusal to show in red under the form: the question says it.
                raise _Asking() from None
        return form.save_with(save, success, entry)

    if attempt(False):
        return True
    if not asked:
        return False
    answer = ask(view, title, asked[0], another) if another else ask(view, title, asked[0])
    if answer == ANOTHER:
        return attempt(None)
    if answer:
        return attempt(True)
    form.feedback.setText(KEPT)
    return False


KEPT = "Nothing saved: what is stored for that day is kept."


class _Asking(RunbackError):
    """Core asked first (an entry is stored that day): no words under the form, which
    ``Operations.run`` shows for a refusal; the question itself follows."""

    def __init__(self) -> None:
        super().__init__("")
