"""An empty runner file (a first creation an older Runback left cut short) is offered for
re-creation rather than refused: nothing was ever saved in it, and refusing it would lock
the runner out of their own app-data file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from core.errors import EmptyRunnerFile

if TYPE_CHECKING:
    from core.runback import Runback

HEADLESS = frozenset({"offscreen", "minimal"})  # nobody could answer a question there


def open_or_recreate(parent: QWidget | None, path: Path) -> Runback:
    """``Runback.open(path)``; an empty file is offered for re-creation first.

    :raises EmptyRunnerFile: declined (or no screen to ask on); the file was left as it was.
    """
    from core.runback import Runback

    try:
        return Runback.open(path)
    except EmptyRunnerFile:
        if not ask_to_recreate(parent, path):
            raise
        return Runback.recreate_empty(path)


def ask_to_recreate(parent: QWidget | None, path: Path) -> bool:
    if QApplication.platformName() in HEADLESS:
        return False
    from PySide6.QtWidgets import QMessageBox  # only for this question: not at start-up

    answer = QMessageBox.question(
        parent, "Runback",
        f"{path} is empty: creating it was cut short (a crash on a first start), and nothing "
        f"was ever saved in it.\n\nCreate a new runner file in its place?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes
