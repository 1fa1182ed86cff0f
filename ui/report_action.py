"""The Physio tab's Report…: ask where to save the clinical report, write it (the same
code as ``runback report``: ui/report_pdf.py), say what was written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.errors import ExportError, InvalidInput
from ui.common import Operations, alert

TITLE = "Report for the physio (PDF)"


def paper_of_locale() -> str:
    """Letter where the locale measures in US units, else A4."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


def report_with_dialog(parent: QWidget, ops: Operations) -> Path | None:
    """Ask for a file, write the report of the whole programme there.

    :return: the file written, or None if cancelled or the write failed (nothing left).
    """
    from ui.report_pdf import write_report  # loaded when first used, not at start-up

    runback = ops.runback
    folder = runback.path.parent if runback.path else Path.home()
    proposed = folder / f"{Path(runback.physio_copy_name()).stem}-report.pdf"
    chosen, _ = QFileDialog.getSaveFileName(parent, TITLE, str(proposed),
                                            "PDF files (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(f"{path.name}.pdf")
    try:
        written = write_report(runback, path, paper_of_locale())
    except (ExportError, InvalidInput) as error:
        alert(parent, TITLE, str(error))
        return None
    text = f"Report written to {written}."
    status_bar = getattr(parent.window(), "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(text, 15000)
    else:
        QMessageBox.information(parent, TITLE, text)
    return written
