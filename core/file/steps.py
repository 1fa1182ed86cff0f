"""Undo's record of an action: every row it wrote, as it was before and after it (the
rows of a ``Step``, core/changes.py), and those rows put back for an undo or a redo.

While an action's transaction is open, temporary triggers (on the store's connection
only, never in the file) hand each row about to change, with its old values, to the
recorder, so every write is seen, a cascade's too; before the action commits the same
rows are read again as they are after it. ``Store.transaction`` drives the recording;
``Runback.undo`` and ``redo`` put the rows back (core/runback.py).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from core.changes import Row, RowChange
from core.file.rows import LOADERS


class StepRecorder:
    """The rows the actions on one connection write, before and after each action."""

    def __init__(self) -> None:
        # Each table's columns, once its rows are watched; during an action, each row it
        # wrote as it was before (None: not there); after it, the rows.
        self._columns: dict[str, tuple[str, ...]] | None = None
        self._before: dict[tuple[str, int], Row | None] | None = None
        self._written: tuple[RowChange, ...] = ()

    def start(self, conn: sqlite3.Connection) -> None:
        """An action begins: from now on each row it writes is noted as it was before."""
        self._watch(conn)
        self._before, self._written = {}, ()

    def stop(self) -> None:
        """The action's transaction is over (committed or not): nothing more is noted."""
        self._before = None

    def keep(self, written: tuple[RowChange, ...]) -> None:
        """The action's transaction closed without an error: ``written`` (from
        ``rows_written``) is what ``take_written`` returns next."""
        self._written = written

    def take_written(self) -> tuple[RowChange, ...]:
        """The rows the last action wrote, each as it was before and after it; then
        forgotten."""
        written, self._written = self._written, ()
        return written

    def _watch(self, conn: sqlite3.Connection) -> None:
        """Temporary triggers (this connection only, never in the file) that hand every
        row about to change, with its old values, to ``_row_changed``: every write is
        seen, a cascade's too (a session deleted takes its ticks with it)."""
        if self._columns is not None:
            return
        conn.create_function("runback_row_changed", -1, self._row_changed)
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid")]
        columns: dict[str, tuple[str, ...]] = {}
        for table in tables:
            names = tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
            columns[table] = names
            old = ", ".join(f'OLD."{name}"' for name in names)
            conn.executescript(f"""
                CREATE TEMP TRIGGER IF NOT EXISTS "undo {table} insert" AFTER INSERT
                ON main."{table}" BEGIN SELECT runback_row_changed('{table}', NEW.rowid, 0);
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS "undo {table} update" BEFORE UPDATE
                ON main."{table}" BEGIN
                SELECT runback_row_changed('{table}', OLD.rowid, 1, {old});
                SELECT runback_row_changed('{table}', NEW.rowid, 0) WHERE NEW.rowid != OLD.rowid;
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS "undo {table} delete" BEFORE DELETE
                ON main."{table}" BEGIN
                SELECT runback_row_changed('{table}', OLD.rowid, 1, {old}); END;""")
        self._columns = columns  # tables in the order they were made: parents first

    def _row_changed(self, table: str, rowid: int, existed: int, *values: Any) -> None:
        before = self._before
        if before is not None and (table, rowid) not in before:
            assert self._columns is not None  # set before any trigger exists
            before[(table, rowid)] = (dict(zip(self._columns[table], values, strict=True))
                                      if existed else None)

    def _rows_now(self, conn: sqlite3.Connection, keys: list[tuple[str, int]]
                  ) -> dict[tuple[str, int], Row | None]:
        """The rows at ``keys`` (table, rowid) as they are now (None: not there)."""
        assert self._columns is not None
        found: dict[tuple[str, int], Row | None] = dict.fromkeys(keys)
        by_table: dict[str, list[int]] = {}
        for table, rowid in keys:
            by_table.setdefault(table, []).append(rowid)
        for table, rowids in by_table.items():
            names = self._columns[table]
            listed = ", ".join(f'"{name}"' for name in names)
            for rowid, *values in conn.execute(
                    f'SELECT rowid, {listed} FROM "{table}" WHERE rowid IN '
                    f'(SELECT value FROM json_each(?))', (json.dumps(rowids),)):
                found[(table, rowid)] = dict(zip(names, values, strict=True))
        return found

    def rows_written(self, conn: sqlite3.Connection) -> tuple[RowChange, ...]:
        """Each row written since ``start``, as it was then and as it is now (read before
        the action commits)."""
        before = self._before or {}
        after = self._rows_now(conn, list(before))
        return tuple(RowChange(table, rowid, row, after[(table, rowid)])
                     for (table, rowid), row in before.items()
                     if row != after[(table, rowid)])

    def rows_differing(self, conn: sqlite3.Connection, rows: tuple[RowChange, ...],
                       undo: bool) -> list[RowChange]:
        """The rows of a step not as it left them (``undo``: as they were after it; else
        as they were before it): the file changed since, by another action."""
        now = self._rows_now(conn, [(row.table, row.rowid) for row in rows])
        return [row for row in rows
                if now[(row.table, row.rowid)] != (row.after if undo else row.before)]

    def put_rows(self, conn: sqlite3.Connection, rows: tuple[RowChange, ...], undo: bool
                 ) -> None:
        """Put every row of a step back as it was before it (``undo``) or after it (redo),
        in one action's transaction: deletions first, children before their parents, so
        no unique index or foreign key sees a half state; then the rest, parents first."""
        self._watch(conn)
        assert self._columns is not None
        order = {table: position for position, table in enumerate(self._columns)}
        wanted = [(row, row.before if undo else row.after) for row in rows]
        gone = sorted((row for row, target in wanted if target is None),
                      key=lambda row: -order[row.table])
        for row in gone:
            conn.execute(f'DELETE FROM "{row.table}" WHERE rowid = ?', (row.rowid,))
        kept = sorted(((row, target) for row, target in wanted if target is not None),
                      key=lambda pair: order[pair[0].table])
        for row, target in kept:
            names = [f'"{name}"' for name in target]
            updated = conn.execute(
                f'UPDATE "{row.table}" SET {", ".join(f"{name} = ?" for name in names)} '
                f"WHERE rowid = ?", (*target.values(), row.rowid))
            if not updated.rowcount:
                conn.execute(
                    f'INSERT INTO "{row.table}" (rowid, {", ".join(names)}) '
                    f"VALUES ({', '.join('?' * (len(names) + 1))})",
                    (row.rowid, *target.values()))


# Each table's Log field and key column (core/file/rows.py LOADERS); a tick belongs to
# its session, the profile is one row; imported activities are not in the Log.
TABLE_FIELDS: dict[str, tuple[str, str]] = {
    **{table: (field, key.split(",")[-1].strip())
       for field, (table, key, _) in LOADERS.items()},
    "exercise_ticks": ("sessions", "session_id"), "profile": ("profile", "id")}


def touched_by(row: RowChange) -> list[tuple[str, object]]:
    """The (Log field, key) pairs of a row put back, as the write methods note theirs."""
    if row.table not in TABLE_FIELDS:
        return []
    field, column = TABLE_FIELDS[row.table]
    keys = {image[column] for image in (row.before, row.after) if image is not None}
    if column == "date":
        return [(field, dt.date.fromisoformat(key)) for key in keys]
    return [(field, key) for key in keys]
