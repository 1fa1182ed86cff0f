"""A ticked box means a committed tick (docs/RELIABILITY.md, "the one missing tick").

Qt checks the box before the tick is saved (``toggled`` runs the save). A tick that is not
committed must not stay ticked, whatever stops it: here a strength session that another
program (the sqlite3 tool) added to the file behind the window's back makes the first
tick's insert break the one-session-a-day rule, an error core raises as it is.
"""

import sqlite3

import pytest

from core.model import Stage
from tests.ui.conftest import move_to_stage


def stored_ticks(path, day) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM exercise_ticks JOIN sessions ON "
                            "sessions.id = session_id WHERE sessions.date = ? AND ticked = 1",
                            (day.isoformat(),)).fetchone()[0]
    finally:
        conn.close()


def test_a_tick_that_is_not_committed_never_stays_ticked(qtbot, window, clock):
    move_to_stage(window, Stage.STRENGTH)
    strength = window.stage_tabs[Stage.STRENGTH]
    window.show_view(strength)
    path = window.runback.store.path
    other = sqlite3.connect(path)  # another tool writes a session the window has not read
    other.execute("INSERT INTO sessions (date, kind, recorded_at) VALUES (?, 'strength', ?)",
                  (clock.day.isoformat(), "2026-03-02T09:00:00+00:00"))
    other.commit()
    other.close()
    box = next(iter(strength.rows.values()))[0]
    with qtbot.capture_exceptions() as raised:
        box.click()  # as a mouse click does: toggled, then clicked
    assert raised and isinstance(raised[0][1], sqlite3.IntegrityError)
    # The checklist shows what is stored: the other program's session, nothing ticked.
    shown = [tick for tick, _ in strength.rows.values()]
    assert not any(tick.isChecked() for tick in shown)
    assert box not in shown or not box.isChecked()
    assert stored_ticks(path, clock.day) == 0


@pytest.mark.parametrize("ticks", [1, 3])
def test_a_box_shown_ticked_is_in_the_main_file_alone(qtbot, window, clock, tmp_path, ticks):
    """The moment the box shows ticked, a copy of the main file (no -wal) holds the tick."""
    import shutil

    move_to_stage(window, Stage.STRENGTH)
    strength = window.stage_tabs[Stage.STRENGTH]
    window.show_view(strength)
    boxes = [box for box, _ in strength.rows.values()][:ticks]
    for box in boxes:
        box.click()  # as a mouse click does: toggled, then clicked
        assert box.isChecked()
        copy = tmp_path / f"copy-{boxes.index(box)}.db"
        shutil.copy(window.runback.store.path, copy)
        assert stored_ticks(copy, clock.day) == boxes.index(box) + 1
