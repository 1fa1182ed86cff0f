"""The physio's words for one exercise: its how-to in four parts (position, movement, what
to feel, the common mistake), opened from the Physio tab's programme.

A view: it starts from the words in force (the physio's own, or Runback's) and hands back
the physio's words, or None for Runback's; the programme is saved, with a reason, by the
Physio tab's "Save programme" (a dated plan change).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.errors import ProtocolError
from core.rules.exercises import PART_MAX_CHARS, PARTS, HowTo, how_to_from
from ui.common import button, feedback_label, named, show_feedback, text_label


class HowToDialog(QDialog):
    """Edit an exercise's how-to. ``library`` is Runback's text (None for an exercise the
    physio added); ``own`` the physio's words in force, if any."""

    def __init__(self, parent: QWidget | None, name: str, library: HowTo | None,
                 own: dict[str, str] | None):
        super().__init__(parent)
        self.setWindowTitle(f"How to do {name or 'this exercise'}")
        self.library = library
        self.own: dict[str, str] | None = own
        self.parts: dict[str, QLineEdit] = {}
        form = QFormLayout()
        shown = own or (library.as_dict() if library else {})
        for part, label in PARTS:
            box = QLineEdit(shown.get(part, ""))
            box.setMaxLength(PART_MAX_CHARS)
            box.setMinimumWidth(520)
            named(box, label)
            self.parts[part] = box
            form.addRow(label, box)
        self.message = feedback_label()
        self.runbacks_words = button("Use Runback's words" if library else "Clear")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.runbacks_words, QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label(
            "What the runner reads on the Strength tab. Save the programme, with a reason, "
            "for the words to apply from today." + ("" if library else " Leave every part "
                                                    "empty for no how-to."), "How-to help"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.runbacks_words.clicked.connect(self.use_runbacks_words)

    def use_runbacks_words(self) -> None:
        shown = self.library.as_dict() if self.library else {}
        for part, box in self.parts.items():
            box.setText(shown.get(part, ""))

    def accept(self) -> None:
        """Keep the words if every part is there (or none, or Runback's own)."""
        typed = {part: box.text().strip() for part, box in self.parts.items()}
        if (self.library and typed == self.library.as_dict()) or not any(typed.values()):
            self.own = None
        else:
            try:
                self.own = how_to_from("how_to", typed).as_dict()
            except ProtocolError as error:
                missing = [label.lower() for part, label in PARTS if not typed[part]]
                show_feedback(self.message, f"Fill in every part (missing: "
                                            f"{', '.join(missing)}), or clear them all."
                              if missing else str(error), error=True)
                return
        super().accept()
