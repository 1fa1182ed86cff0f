"""The band above the tabs while the file has no runner (the first-run setup was
cancelled): every tab but Today, which asks for the setup itself, says to finish it and
offers it again; the tabs' forms wait, disabled, until it is done."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from ui.common import button, text_label

SETUP_NEEDED = ("No runner in this file yet: finish the first-run setup (five questions "
                "about your knee) and this tab fills in.")


class SetupGate(QFrame):
    """Shown over a tab other than Today while ``needs_setup`` holds (``show_for``)."""

    requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("First-run setup needed")
        # Fixed words, not selectable: the first selectable label of the window costs
        # start-up ~4 ms (its text control), and this band is built hidden.
        self.text = text_label(SETUP_NEEDED, "Setup needed", selectable=False)
        self.setup_button = button("Finish setup…", "Finish the first-run setup", primary=True)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.setup_button)
        self.setup_button.clicked.connect(self.requested)
        self.setVisible(False)

    def show_for(self, needs_setup: bool, on_today: bool, views: tuple[QWidget, ...]) -> None:
        """Say so (but on Today) and disable ``views`` while the file has no runner."""
        self.setVisible(needs_setup and not on_today)
        for view in views:
            view.setEnabled(not needs_setup)
