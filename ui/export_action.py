"""Export the physio's CSV summary to a folder the user picks (File menu and Physio tab)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.errors import ExportError
from ui.common import Operations, alert


def export_with_dialog(parent: QWidget, ops: Operations) -> list[Path] | None:
    """Ask for a folder, write summary.csv and sessions.csv there, say what was written.

    :return: the files written, or None if cancelled or the export failed (nothing left).
    """
    from core.export import export  # loaded when first used, not at start-up

    path = ops.runback.store.path
    start = path.parent if path else Path.home()
    folder = QFileDialog.getExistingDirectory(parent, "Export CSV summary to folder", str(start))
    if not folder:
        return None
    try:
        written = export(ops.runback, Path(folder))
    except ExportError as error:
        alert(parent, "Export CSV summary", str(error))
        return None
    text = f"Exported {', '.join(p.name for p in written)} to {folder}."
    if callable(getattr(parent, "statusBar", None)):
        parent.statusBar().showMessage(text, 15000)
    else:
        QMessageBox.information(parent, "Export CSV summary", text)
    return written
