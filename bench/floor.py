"""The floor of a save (docs/PERFORMANCE.md): the same rows committed with the same
durability as the app (WAL, ``synchronous = FULL``, the checkpoint after each action that
core/file/store.py runs), plus one label repaint, in a bare script with no Runback code.

The app's save is checked against 10 × this floor. The same commit without the checkpoint
is measured beside it, so the checkpoint's own cost per action is reported.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path


def save_floor(app, original: Path, runs: int = 40) -> dict[str, list[float]]:
    """Seconds per save, by kind: ``tick``, ``session`` (each with the checkpoint and a
    label repaint), and ``tick without checkpoint``."""
    from PySide6.QtWidgets import QLabel

    path = original.with_name(f"floor-{original.name}")
    shutil.copy(original, path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    session_id, key = conn.execute(
        "SELECT session_id, exercise_key FROM exercise_ticks ORDER BY session_id DESC "
        "LIMIT 1").fetchone()
    label = QLabel("saved")
    label.show()
    app.processEvents()

    def save(sql: str, params: tuple, checkpoint: bool = True) -> float:
        started = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(sql, params)
        conn.execute("COMMIT")
        if checkpoint:
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            conn.execute("PRAGMA busy_timeout = 5000")
        label.setText(f"saved {params[0]}")
        label.repaint()
        return time.perf_counter() - started

    tick = ("UPDATE exercise_ticks SET ticked = ?, pain = 1, ticked_at = '2026-11-20T09:00' "
            "WHERE session_id = ? AND exercise_key = ?")
    session = ("INSERT INTO sessions (date, kind, minutes, effort, pain_during, notes, "
               "recorded_at) VALUES (?, 'run', 30, 4, 1, '', '2026-11-20T09:00')")
    figures = {
        "tick": [save(tick, (n % 2, session_id, key)) for n in range(runs)],
        "tick without checkpoint": [save(tick, (n % 2, session_id, key), checkpoint=False)
                                    for n in range(runs)],
        "session": [save(session, ("2026-11-20",)) for _ in range(runs)],
    }
    label.close()
    conn.close()
    for leftover in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    return figures
