"""A table of recent sessions of some kinds, with a way to delete one logged by mistake
(asked first, naming the session and the walk–run decisions it changes; Edit → Undo brings
it back)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.journal import delete_question, session_entry
from core.model import Session, SessionKind
from core.runback import Changes
from ui import journal
from ui.common import Operations, button, feedback_label, named

Column = tuple[str, Callable[[Session], object]]
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # numbers
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter  # words


def delete_session(parent: QWidget, ops: Operations, session: Session, feedback: QLabel
                   ) -> bool:
    """Delete ``session`` once the runner says yes to the journal's question (the session,
    and the walk–run decisions deleting it changes), through the journal's core action:
    one step to undo."""
    entry = session_entry(session)
    if not journal.confirm(parent, *delete_question(
            entry, ops.runback.what_would_change(entry, None))):
        return False
    return ops.run(lambda runback: runback.delete_entry(entry), feedback,
                   f"Deleted the {entry.title.lower()} of {entry.date.isoformat()}.")


class SessionTable(QWidget):
    def __init__(self, ops: Operations, kinds: tuple[SessionKind, ...], columns: list[Column],
                 name: str, limit: int = 30):
        super().__init__()
        self.ops = ops
        self.kinds = kinds
        self.columns = columns
        self.limit = limit
        self.sessions: list[Session] = []
        self.table = named(QTableWidget(0, len(columns)), name)
        self.table.setHorizontalHeaderLabels([title for title, _ in columns])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            len(columns) - 1, QHeaderView.ResizeMode.Stretch)
        self.delete = button("Delete…", f"Delete the selected session from {name}")
        self.delete.setEnabled(False)
        self.feedback = feedback_label()
        row = QHBoxLayout()
        row.addWidget(self.feedback, 1)
        row.addWidget(self.delete)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(
            lambda: self.delete.setEnabled(bool(self.table.selectedItems())))
        self.delete.clicked.connect(self.delete_selected)

    def refresh(self, changes: Changes) -> None:
        del changes
        runback = self.ops.runback
        before = self.sessions
        if runback.needs_setup:
            self.sessions = []
        else:
            # Newest first, read from the end of each kind: not a walk over every session.
            self.sessions = runback.latest_sessions(self.kinds, self.limit)
        # Only what changed is set (a cell set costs ~10 µs, 30 rows of them a save's
        # tenth): a session logged or deleted at the top moves the rows below, not their
        # cells' words.
        _shift_rows(self.table, [s.id for s in before], [s.id for s in self.sessions])
        self.table.setRowCount(len(self.sessions))
        for row, session in enumerate(self.sessions):
            for column, (_, value) in enumerate(self.columns):
                shown = value(session)
                text = "" if shown is None else str(shown)
                item = self.table.item(row, column)
                if item is not None and item.text() == text:
                    continue
                if item is None:
                    item = QTableWidgetItem(text)
                    self.table.setItem(row, column, item)
                else:
                    item.setText(text)
                item.setTextAlignment(RIGHT if isinstance(shown, (int, float)) else LEFT)
        self.delete.setEnabled(bool(self.table.selectedItems()))

    def delete_selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if rows:
            delete_session(self, self.ops, self.sessions[rows.pop()], self.feedback)


def _shift_rows(table: QTableWidget, before: list[int], after: list[int]) -> None:
    """Rows inserted or removed at the top of ``table`` so that the rows of ``before``'s
    keys (shown now) that ``after`` keeps, at the top or below new ones, stay with their
    cells."""
    if not before or not after:
        return
    if before[0] in after:  # new rows above the ones shown
        added = after.index(before[0])
        if after[added:] == before[:len(after) - added]:
            for _ in range(added):
                table.insertRow(0)
    elif after[0] in before:  # rows gone from the top
        gone = before.index(after[0])
        if before[gone:gone + len(after)] == after[:len(before) - gone]:
            for _ in range(gone):
                table.removeRow(0)
