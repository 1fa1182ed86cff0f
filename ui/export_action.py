"""Export the physio's summary to a folder the user picks (File menu and Physio tab): an
xlsx workbook by default (typed cells: notes stay the text typed), or the CSVs.

The folder dialog opens where the last export went, the first time in Documents; files
named as this export's (the runner and today: core/exchange/export.py) are replaced only
after the user says so."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.errors import ExportError
from ui.common import Operations, alert

TITLES = {"xlsx": "Export for the physio (spreadsheet)", "csv": "Export CSV files"}
LAST_FOLDER = "export/folder"  # in the window's settings (a demo's own: ui/app.py)


def start_folder(settings: QSettings | None) -> Path:
    """Where the folder dialog opens: the last folder exported to, else Documents (else
    the home folder, where there is no Documents folder)."""
    if settings is not None:
        last = settings.value(LAST_FOLDER)
        if isinstance(last, str) and last and Path(last).is_dir():
            return Path(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def export_with_dialog(parent: QWidget, ops: Operations, file_format: str = "xlsx",
                       settings: QSettings | None = None) -> list[Path] | None:
    """Ask for a folder, write the workbook (or the CSVs) there, say what was written.

    :param settings: where the last folder is remembered (the window's).
    :return: the files written, or None if cancelled, declined (files of the same names
        there, kept) or failed (nothing left).
    """
    from core.exchange.export import export, export_names  # loaded when first used

    title = TITLES[file_format]
    chosen = QFileDialog.getExistingDirectory(parent, f"{title}: choose a folder",
                                              str(start_folder(settings)))
    if not chosen:
        return None
    folder = Path(chosen)
    there = [name for name in export_names(ops.runback, file_format)
             if os.path.lexists(folder / name)]
    if there and not _replace(parent, title, folder, there):
        return None
    try:
        written = export(ops.runback, folder, file_format, replace=bool(there))
    except ExportError as error:
        alert(parent, title, str(error))
        return None
    if settings is not None:
        settings.setValue(LAST_FOLDER, str(folder))
    text = f"Exported {', '.join(p.name for p in written)} to {folder}."
    status_bar = getattr(parent, "statusBar", None)  # a main window's; a dialog has none
    if callable(status_bar):
        status_bar().showMessage(text, 15000)
    else:
        QMessageBox.information(parent, title, text)
    return written


def _replace(parent: QWidget, title: str, folder: Path, names: list[str]) -> bool:
    """Whether the user lets this export replace ``names`` in ``folder`` (No by default)."""
    listed = "\n".join(names)
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(
        parent, title, f"{folder} already has this export's "
        f"{'file' if len(names) == 1 else 'files'}:\n\n{listed}\n\nReplace "
        f"{'it' if len(names) == 1 else 'them'}?", buttons.Yes | buttons.No, buttons.No)
    return answer == buttons.Yes
