"""Runner files of many years, made quickly: the bench's own generator.

The demo (core/exchange/demo.py) lives every day through the core: right for a journey of months,
but 50 years would take minutes (and it stops at 520 weeks). So the demo lives the first
half year, to the performance stage, and its last four weeks are then repeated, shifted
by whole four-week blocks (weekdays kept), straight into the file up to the end date: a
daily check-in and sleep, three to four runs, two strength sessions with every exercise
ticked and mobility, every week, as a runner long back to running logs them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from core.exchange.demo import create_demo

DEMO_WEEKS = 26  # long enough to reach stage 5 and settle there
BLOCK_DAYS = 28  # the repeated stretch: four whole weeks
DATED = ("check_ins", "sleep", "sessions")


def generate(path: Path, years: float, end: dt.date) -> Path:
    """A runner file at ``path`` holding ``years`` of daily use ending on ``end``."""
    days = max(7, round(365.25 * years))
    if days <= DEMO_WEEKS * 7:
        create_demo(path, weeks=max(1, round(days / 7)), end=end).close()
        return path
    blocks = -(-(days - DEMO_WEEKS * 7) // BLOCK_DAYS)
    demo_end = end - dt.timedelta(days=blocks * BLOCK_DAYS)
    create_demo(path, weeks=DEMO_WEEKS, end=demo_end).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        _repeat(conn, demo_end, blocks)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


def _repeat(conn: sqlite3.Connection, demo_end: dt.date, blocks: int) -> None:
    first = (demo_end - dt.timedelta(days=BLOCK_DAYS - 1)).isoformat()
    template = {table: _rows(conn, f"SELECT * FROM {table} WHERE date >= ? ORDER BY date",
                             (first,)) for table in DATED}
    session_ids = [row["id"] for row in template["sessions"][1]]
    ticks = _rows(conn, "SELECT * FROM exercise_ticks WHERE session_id IN "
                        f"({', '.join('?' * len(session_ids))})", session_ids)
    next_id = conn.execute("SELECT max(id) FROM sessions").fetchone()[0] + 1
    for block in range(1, blocks + 1):
        shift = dt.timedelta(days=block * BLOCK_DAYS)
        new_ids = {}
        for table, (columns, rows) in template.items():
            out = []
            for row in rows:
                values = {name: _shifted(name, row[name], shift) for name in columns}
                if table == "sessions":
                    new_ids[row["id"]] = values["id"] = next_id
                    next_id += 1
                out.append(tuple(values[name] for name in columns))
            _insert(conn, table, columns, out)
        columns, rows = ticks
        _insert(conn, "exercise_ticks", columns, [
            tuple(new_ids[row[name]] if name == "session_id" else
                  _shifted(name, row[name], shift) for name in columns) for row in rows])


def _rows(conn: sqlite3.Connection, sql: str, params) -> tuple[list[str], list[sqlite3.Row]]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    rows = cursor.execute(sql, params).fetchall()
    return [d[0] for d in cursor.description], rows


def _shifted(name: str, value, shift: dt.timedelta):
    """Dates and save times moved by ``shift``; every other value as it was."""
    if value is None or not (name == "date" or name.endswith("_at")):
        return value
    day = dt.date.fromisoformat(value[:10]) + shift
    return day.isoformat() + value[10:]


def _insert(conn: sqlite3.Connection, table: str, columns: list[str], rows: list[tuple]) -> None:
    if rows:
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                         f"({', '.join('?' * len(columns))})", rows)
