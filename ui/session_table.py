"""A table of recent sessions of some kinds, with a way to delete one logged by mistake."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.model import Session, SessionKind
from core.runback import Changes
from ui.common import Operations, button, feedback_label, named

Column = tuple[str, Callable[[Session], object]]


def confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, "Runback", text)
    return answer == QMessageBox.StandardButton.Yes


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
        self.delete = button("Delete selected", f"Delete selected from {name}")
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
        if runback.needs_setup:
            self.sessions = []
        else:
            # Newest first, read from the end of each kind: not a walk over every session.
            self.sessions = runback.latest_sessions(self.kinds, self.limit)
        self.table.setRowCount(len(self.sessions))
        for row, session in enumerate(self.sessions):
            for column, (_, value) in enumerate(self.columns):
                shown = value(session)
                item = QTableWidgetItem("" if shown is None else str(shown))
                if isinstance(shown, (int, float)):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.delete.setEnabled(bool(self.table.selectedItems()))

    def delete_selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if not rows:
            return
        session = self.sessions[rows.pop()]
        what = f"the {session.kind.value.replace('_', ' ')} session of {session.date.isoformat()}"
        if confirm(self, f"Delete {what}? This cannot be undone."):
            self.ops.run(lambda rb: rb.delete_session(session.id), self.feedback,
                         f"Deleted {what}.")
