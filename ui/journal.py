"""The journal (Log → Journal…, Ctrl+J): every day with its entries, newest first,
filtered by kind and words; an entry picked can be corrected or deleted, and the walk–run
decisions that would change are named before it is saved (core/journal.py).

A dialog, not a tab: the tabs are the programme's stages and the physio's views
(one tab each), while the journal is a look back used now and then, from any tab, and
closed again with Esc. It stays open beside the window (not modal) and follows every
change, undo included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import InvalidInput
from core.journal import Entry, Kind, changes_words, delete_question
from core.model import CheckInEntry
from ui.common import (
    button,
    combo,
    effort_box,
    feedback_label,
    named,
    notes_box,
    pain_box,
    text_label,
)

if TYPE_CHECKING:
    from core.changes import Changes
    from core.runback import Runback
    from ui.common import Operations

DAYS_AT_A_TIME = 60  # a long history is shown a page of days at a time ("Show older days")
KINDS: list[tuple[str, object]] = [("Every kind", None), *((kind.value, kind) for kind in Kind)]
EDITABLE = ("check_ins", "sessions")


class JournalDialog(QDialog):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.entry: Entry | None = None
        self.shown_days = DAYS_AT_A_TIME
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        self.setWindowTitle("Journal")
        self.kind = combo("Show", KINDS)
        self.words = named(QtWidgets.QLineEdit(), "Find in the journal")
        self.words.setPlaceholderText("Find words (a note, a level, an exercise)…")
        filters = QHBoxLayout()
        filters.addWidget(self.kind)
        filters.addWidget(self.words, 1)
        self.days = QTreeWidget()
        self.days.setAccessibleName("Days and their entries")
        self.days.setColumnCount(2)
        self.days.setHeaderLabels(["Day", "Entry"])
        self.older = button("Show &older days")
        self.picked = text_label("Pick an entry to correct or delete it.", "Entry picked")
        self.pain = pain_box("Knee pain")
        self.effort = effort_box()
        self.notes = notes_box("Notes")
        self.form = QFormLayout()
        self.form.addRow("Knee pain", self.pain)
        self.form.addRow("Effort", self.effort)
        self.form.addRow("Notes", self.notes)
        self.changes = text_label("", "What saving would change")
        self.changes.setWordWrap(True)
        self.save = button("&Save changes", "Save the corrected entry", primary=True)
        self.delete = button("&Delete", "Delete the entry")
        self.close_button = button("Close")
        self.feedback = feedback_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.delete)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.days, 1)
        layout.addWidget(self.older, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.picked)
        layout.addLayout(self.form)
        layout.addWidget(self.changes)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self.resize(720, 560)
        self._show_fields(None)

    def _connect_signals(self) -> None:
        self.kind.currentIndexChanged.connect(self.refresh)
        self.words.textChanged.connect(self.refresh)
        self.older.clicked.connect(self.show_older)
        self.days.currentItemChanged.connect(self._picked)
        for box in (self.pain, self.effort):
            box.valueChanged.connect(self._preview)
        self.notes.textChanged.connect(self._preview)
        self.save.clicked.connect(self.save_entry)
        self.delete.clicked.connect(self.delete_entry)
        self.close_button.clicked.connect(self.close)
        self.ops.data_changed.connect(self.refresh)

    # --- the list -----------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()  # what changed while it was closed

    def show_older(self) -> None:
        self.shown_days += DAYS_AT_A_TIME
        self.refresh()

    def refresh(self, *_: object) -> None:
        """The days again (after a filter, a save, an undo), the entry picked kept. Only
        while shown: a closed journal costs an action nothing."""
        runback = self.ops.runback
        if not self.isVisible():
            return
        if runback.needs_setup:
            self.days.clear()
            return
        kept = self.entry
        self.days.blockSignals(True)
        self.days.clear()
        again = None
        days = runback.journal(self.kind.currentData(), self.words.text())
        self.older.setVisible(len(days) > self.shown_days)
        for day in days[:self.shown_days]:
            count = len(day.entries)
            parent = QTreeWidgetItem([f"{day.date:%a} {day.date.day} {day.date:%b %Y}",
                                      f"{count} entr{'y' if count == 1 else 'ies'}"])
            for entry in day.entries:
                item = QTreeWidgetItem([entry.title, entry.text])
                item.setData(0, 256, entry)  # Qt.ItemDataRole.UserRole
                parent.addChild(item)
                if kept is not None and (entry.table, entry.key) == (kept.table, kept.key):
                    again = item
            self.days.addTopLevelItem(parent)
        self.days.expandAll()
        self.days.resizeColumnToContents(0)
        self.days.blockSignals(False)
        if again is not None:
            self.days.setCurrentItem(again)
        else:
            self._pick(None)

    def entries(self) -> list[QTreeWidgetItem]:
        """Every entry's row, newest day first."""
        rows: list[QTreeWidgetItem] = []
        for index in range(self.days.topLevelItemCount()):
            day = self.days.topLevelItem(index)
            if day is not None:
                rows += [row for number in range(day.childCount())
                         if (row := day.child(number)) is not None]
        return rows

    def _picked(self, item: QTreeWidgetItem | None) -> None:
        entry = None if item is None else item.data(0, 256)
        self._pick(entry if isinstance(entry, Entry) else None)

    def _pick(self, entry: Entry | None) -> None:
        self.entry = entry
        self._show_fields(entry)
        if entry is None:
            self.picked.setText("Pick an entry to correct or delete it.")
            return
        self.picked.setText(f"{entry.title} of {entry.date.isoformat()}: {entry.text}")
        stored = getattr(self.ops.runback.log, entry.table).get(entry.key)
        for box in (self.pain, self.effort, self.notes):
            box.blockSignals(True)
        if entry.table == "check_ins":
            self.pain.setValue(stored.pain)
            self.notes.setText(stored.notes)
        elif entry.table == "sessions" and stored is not None:
            self.pain.setValue(stored.pain_during or 0)
            self.effort.setValue(stored.effort or 0)
            self.notes.setText(stored.notes)
        for box in (self.pain, self.effort, self.notes):
            box.blockSignals(False)
        self._preview()

    def _show_fields(self, entry: Entry | None) -> None:
        session = entry is not None and entry.table == "sessions" and entry.kind is Kind.SESSION
        editable = entry is not None and (entry.table == "check_ins" or session)
        self.form.setRowVisible(self.pain, editable)
        self.form.setRowVisible(self.effort, session)
        self.form.setRowVisible(self.notes, editable)
        self.save.setEnabled(editable)
        self.delete.setEnabled(entry is not None)
        if not editable:
            self.changes.setText("")

    # --- an edit, and what it would change ----------------------------------------------

    def fields(self) -> dict[str, Any] | None:
        """The picked entry's corrected values, by the log's names (None: nothing to edit)."""
        entry = self.entry
        if entry is None or entry.table not in EDITABLE or entry.kind is Kind.TICKS:
            return None
        if entry.table == "check_ins":
            return {"pain": self.pain.value(), "notes": self.notes.text()}
        return {"pain_during": self.pain.value(), "effort": self.effort.value(),
                "notes": self.notes.text()}

    def _preview(self) -> None:
        fields, entry = self.fields(), self.entry
        if entry is None or fields is None:
            return
        self.changes.setText(changes_words(self.ops.runback.what_would_change(entry, fields),
                                           "Saving this"))

    def save_entry(self) -> bool:
        entry, fields = self.entry, self.fields()
        if entry is None or fields is None:
            return False
        return self.ops.run(lambda runback: _save(runback, entry, fields), self.feedback,
                            f"Saved the {entry.title.lower()} of {entry.date.isoformat()}.")

    def delete_entry(self) -> bool:
        entry = self.entry
        if entry is None:
            return False
        if not confirm(self, *delete_question(
                entry, self.ops.runback.what_would_change(entry, None))):
            return False
        return self.ops.run(lambda runback: runback.delete_entry(entry), self.feedback,
                            f"Deleted the {entry.title.lower()} of {entry.date.isoformat()}.")


def _save(runback: Runback, entry: Entry, fields: dict[str, Any]) -> Changes:
    if entry.table == "check_ins":
        stored = runback.log.check_ins.get(entry.key)
        if stored is None:
            raise InvalidInput("entry", "This check-in is no longer in the file.")
        return runback.check_in(CheckInEntry(fields["pain"], fields["notes"], stored.date,
                                             stored.taken, stored.swelling, stored.stiffness),
                                replace=True)
    assert isinstance(entry.key, int)  # a session's key is its id
    return runback.edit_session(entry.key, fields["pain_during"], fields["effort"],
                                fields["notes"])


def confirm(parent: QWidget, title: str, text: str) -> bool:
    buttons = QtWidgets.QMessageBox.StandardButton
    return QtWidgets.QMessageBox.question(parent, title, text, buttons.Yes | buttons.No,
                                          buttons.No) == buttons.Yes
