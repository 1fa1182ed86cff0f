"""File → Send to physio…: a consistent copy of the runner's file, in one file that opens
anywhere, named with the runner and the date (core/file/snapshot.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow

from core.errors import RunbackError
from ui.common import Operations, alert

TITLE = "Send to physio"


def send_to_physio(parent: QMainWindow, ops: Operations) -> Path | None:
    """Ask where to save the copy (its name proposed), write it, say where it went.

    :return: the copy written, or None if cancelled or refused (nothing left behind).
    """
    runback = ops.runback
    name = runback.physio_copy_name()
    chosen, _ = QFileDialog.getSaveFileName(parent, f"{TITLE}: save a copy of this runner's "
                                                    f"file", str(Path.home() / name),
                                            "Runback files (*.db)")
    if not chosen:
        return None
    try:  # replace: the dialog asked before choosing an existing file
        written = runback.copy_for_physio(Path(chosen), replace=True)
    except RunbackError as error:
        alert(parent, TITLE, str(error))
        return None
    parent.statusBar().showMessage(f"Saved a copy for your physio: {written} (it opens in "
                                   f"Runback or any SQLite tool).", 15000)
    return written
