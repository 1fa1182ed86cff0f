"""The Physio tab's outcome questionnaires: which this runner uses (only these fall due),
each one's history against the first score, a questionnaire given in the clinic, and one
taken by mistake deleted. Scores and their words come from the core (core/outcomes,
core/today_card.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.changes import Area
from core.outcomes import INSTRUMENTS, Instrument, InstrumentKey, Scored
from core.today_card import answers_in_words, questionnaire_row
from ui.common import (
    Operations,
    button,
    check_box,
    feedback_label,
    fill_table,
    named,
    read_only_table,
    show_feedback,
    text_label,
)

if TYPE_CHECKING:
    from ui.questionnaire_dialog import QuestionnaireDialog

# What makes the card read the file again (it redraws only with its tab).
SHOWN = frozenset({Area.OUTCOMES, Area.FILE, Area.DAY, Area.PROFILE})


def confirm_delete(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, "Runback", question,
                                  QMessageBox.StandardButton.Yes
                                  | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class HistoryPage(QWidget):
    """One instrument's questionnaires: date, score, change since the first."""

    def __init__(self, instrument: Instrument):
        super().__init__()
        self.instrument = instrument
        self.taken: tuple[Scored, ...] = ()
        name = instrument.short_name
        self.table = read_only_table(f"{name} history", ["Date", "Score", "Change"])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(120)
        self.table.setMaximumHeight(220)  # a few rows; it scrolls beyond
        self.give_button = button(f"Give the {name}…", f"Give the {name}")
        self.delete_button = button("Delete the selected…", f"Delete the selected {name}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.give_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)

    def show_history(self, taken: tuple[Scored, ...]) -> None:
        self.taken = taken
        fill_table(self.table, [questionnaire_row(self.instrument, each) for each in taken])
        for row, each in enumerate(taken):
            notes = each.questionnaire.notes
            tip = answers_in_words(self.instrument, each.questionnaire.answers) + (
                f"\nNotes: {notes}" if notes else "")
            for column in range(self.table.columnCount()):
                item = self.table.item(row, column)
                if item is not None:
                    item.setToolTip(tip)
        self._selection_changed()

    def selected(self) -> Scored | None:
        rows = self.table.selectionModel().selectedRows()
        return self.taken[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(self.selected() is not None)


class OutcomesCard(QGroupBox):
    """Part of the Physio tab, redrawn with it (``refresh`` with what changed)."""

    def __init__(self, ops: Operations):
        super().__init__("Outcome questionnaires")
        self.setAccessibleName("Outcome questionnaires")
        self.ops = ops
        self.dialog: QuestionnaireDialog | None = None  # a questionnaire given here
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.uses: dict[InstrumentKey, QCheckBox] = {}
        choice = QHBoxLayout()
        choice.addWidget(text_label("In use:", "In use", selectable=False))
        for key, each in INSTRUMENTS.items():
            box = check_box(each.short_name, f"Use the {each.short_name}")
            box.setToolTip(f"{each.name} ({each.source})")
            self.uses[key] = box
            choice.addWidget(box)
        choice.addStretch(1)
        self.pages = {key: HistoryPage(each) for key, each in INSTRUMENTS.items()}
        self.histories = named(QTabWidget(), "Questionnaire histories")
        for key, page in self.pages.items():
            self.histories.addTab(page, INSTRUMENTS[key].short_name)
        self.none_used = text_label("No questionnaire is in use: tick one above.",
                                    "No questionnaires")
        self.feedback = feedback_label()
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("The questionnaires this runner answers (only these "
                                    "fall due on Today); each score is compared with the "
                                    "first.", "Questionnaires help"))
        layout.addLayout(choice)
        layout.addWidget(self.histories)
        layout.addWidget(self.none_used)
        layout.addWidget(self.feedback)

    def _connect_signals(self) -> None:
        for box in self.uses.values():
            box.toggled.connect(self._save_choice)
        for page in self.pages.values():
            page.give_button.clicked.connect(lambda _=False, p=page: self.give(p.instrument))
            page.delete_button.clicked.connect(lambda _=False, p=page: self.delete(p))

    def refresh(self, areas: set[Area] | frozenset[Area]) -> None:
        if not areas & SHOWN:
            return
        runback = self.ops.runback
        used = {each.key for each in runback.instruments_used()}
        for key, box in self.uses.items():
            box.blockSignals(True)
            box.setChecked(key in used)
            box.blockSignals(False)
        shown = {each.instrument.key: each for each in runback.outcome_histories()}
        for index, (key, page) in enumerate(self.pages.items()):
            history = shown.get(key)
            self.histories.setTabVisible(index, history is not None)
            page.show_history(history.taken if history else ())
        self.histories.setVisible(bool(shown))
        self.none_used.setVisible(not shown)
        if Area.FILE in areas:
            self.feedback.hide()

    def _save_choice(self) -> None:
        chosen = [key for key, box in self.uses.items() if box.isChecked()]
        names = ", ".join(INSTRUMENTS[key].short_name for key in chosen) or "none"
        if not self.ops.run(lambda rb: rb.set_instruments(chosen), self.feedback,
                            f"Questionnaires in use: {names}."):
            self.refresh({Area.OUTCOMES})  # the boxes show what is stored

    def give(self, instrument: Instrument) -> None:
        from ui.questionnaire_dialog import QuestionnaireDialog

        self.dialog = QuestionnaireDialog(self.ops, instrument, self)
        self.dialog.saved.connect(lambda text: show_feedback(self.feedback, text))
        self.dialog.open()

    def delete(self, page: HistoryPage) -> None:
        chosen = page.selected()
        if chosen is None:
            return
        day, shown, _ = questionnaire_row(page.instrument, chosen)
        if not confirm_delete(self, f"Delete the {page.instrument.short_name} of {day} "
                                    f"({shown})? It cannot be undone."):
            return
        self.ops.run(lambda rb: rb.delete_questionnaire(chosen.questionnaire.id),
                     self.feedback, f"Deleted the {page.instrument.short_name} of {day}.")

