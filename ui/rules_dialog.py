"""Help → The rules and their sources: docs/RULES.md, read in the app (offline)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core.resources import doc_path


class RulesDialog(QDialog):
    """Every rule, its setting, its default and its source, as the physio reads them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Runback's rules and their sources")
        self.resize(900, 640)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Rules and their sources")
        self.text.setOpenExternalLinks(False)
        try:
            self.text.setMarkdown(doc_path("RULES.md").read_text(encoding="utf-8"))
        except OSError as error:
            self.text.setPlainText(f"The rules file could not be read ({error.strerror}). "
                                   f"It is docs/RULES.md in Runback's folder.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
