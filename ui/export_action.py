"""Export the physio's summary to a folder the user picks (File menu and Physio tab): an
xlsx workbook by default (typed cells: notes stay the text typed), or the two CSVs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.errors import ExportError
from ui.common import Operations, alert

TITLES = {"xlsx": "Export for the physio (spreadsheet)", "csv": "Export CSV files"}


def export_with_dialog(parent: QWidget, ops: Operations, file_format: str = "xlsx"
                       ) -> list[Path] | None:
    """Ask for a folder, write ``runback.xlsx`` (or ``summary.csv`` and ``sessions.csv``)
    there, say what was written.

    :return: the files written, or None if cancelled or the export failed (nothing left).
    """
    from core.exchange.export import export  # loaded when first used, not at start-up

    title = TITLES[file_format]
    path = ops.runback.path
    start = path.parent if path else Path.home()
    folder = QFileDialog.getExistingDirectory(parent, f"{title}: choose a folder", str(start))
    if not folder:
        return None
    try:
        written = export(ops.runback, Path(folder), file_format)
    except ExportError as error:
        alert(parent, title, str(error))
        return None
    text = f"Exported {', '.join(p.name for p in written)} to {folder}."
    status_bar = getattr(parent, "statusBar", None)  # a main window's; a dialog has none
    if callable(status_bar):
        status_bar().showMessage(text, 15000)
    else:
        QMessageBox.information(parent, title, text)
    return written
