"""Every released file format opens in this version: one checked-in file per past format
(tests/fixtures/runner-vN.db, written by that release's own demo), upgraded after a backup,
with every row kept."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3

from core.file import schema
from core.model import Taken
from core.runback import Runback
from tests.conftest import Clock

FIXTURES = __import__("pathlib").Path(__file__).parent.parent / "fixtures"
TABLES = ("check_ins", "sessions", "exercise_ticks", "readiness_checks", "sleep",
          "cadence_baselines", "stage_events", "plan_changes")


def rows(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_a_version_1_file_opens_upgraded_with_every_row_and_a_backup(tmp_path):
    path = tmp_path / "runner.db"
    shutil.copy(FIXTURES / "runner-v1.db", path)
    before = rows(path)
    assert before["sessions"] > 0 and before["check_ins"] > 0
    app = Runback.open(path, clock=Clock())
    try:
        assert app.store.version == schema.latest_version()
        assert rows(path) == before
        assert rows(schema.backup_path(path, 1)) == before
        log = app.log
        assert all(c.taken is None and not c.swelling and not c.stiffness
                   for c in log.check_ins)
        assert app.log.profile.surgery_date is None
        # version 4: no questionnaire yet, and the physio has chosen none: all four used
        assert app.log.questionnaires == () and app.log.profile.instruments is None
        assert len(app.instruments_used()) == 4
        # version 5: nothing imported from a watch yet
        assert app.imported_count() == 0
        # version 6: not discharged
        assert app.log.discharges == () and app.discharged() is None
        # version 7: every exercise done in its standard form, as its dose said, no load
        ticks = [e for s in app.log.sessions for e in s.exercises]
        assert ticks and all(e.variant.value == "standard" and e.done_sets is None
                             and e.load_kg is None and e.done == (e.sets, e.reps or
                                                                  e.hold_seconds, None)
                             for e in ticks)
    finally:
        app.close()


def test_version_4_adds_the_questionnaires_and_keeps_every_row_of_a_version_3_file(tmp_path):
    """A file at version 3 (the fixture upgraded by this version's own steps) takes step 4
    alone: a backup at version 3, every row kept, and questionnaires can be taken."""
    path = tmp_path / "runner.db"
    shutil.copy(FIXTURES / "runner-v1.db", path)
    conn = sqlite3.connect(path)
    try:
        schema.migrate(conn, path, 1)
        conn.execute("PRAGMA user_version = 3")  # as a version-3 Runback left it ...
        conn.execute("DROP TABLE questionnaires")  # ... without step 4's table and column
        conn.execute("ALTER TABLE profile DROP COLUMN instruments")
        conn.execute("DROP TABLE imported_activities")  # nor step 5's
        conn.execute("DROP TABLE discharges")  # nor step 6's
        for column in ("variant", "done_sets", "done_reps", "done_hold_seconds", "load_kg"):
            conn.execute(f"ALTER TABLE exercise_ticks DROP COLUMN {column}")  # nor step 7's
        conn.commit()
    finally:
        conn.close()
    schema.backup_path(path, 1).unlink()
    before = rows(path)
    clock = Clock()
    app = Runback.open(path, clock=clock)
    try:
        assert app.store.version == schema.latest_version()
        assert app.store.backup == schema.backup_path(path, 3)
        assert rows(path) == before == rows(app.store.backup)
        clock.day = app.require_profile().start_date + dt.timedelta(days=7)
        app.take_questionnaire("psfs", {"Running 5 km": 6})
        assert len(app.log.questionnaires) == 1
    finally:
        app.close()


def test_upgrading_version_1_stores_save_times_in_utc(tmp_path):
    """Version 1 saved local times with their offset (Berlin summer, +02:00, in the
    fixture); version 2 keeps the same moments in UTC, so string order is time order."""
    path = tmp_path / "runner.db"
    shutil.copy(FIXTURES / "runner-v1.db", path)
    conn = sqlite3.connect(path)
    first = conn.execute("SELECT date, recorded_at FROM check_ins ORDER BY date").fetchone()
    conn.close()
    assert first[1].endswith("+02:00")
    Runback.open(path, clock=Clock()).close()
    conn = sqlite3.connect(path)
    try:
        after = conn.execute("SELECT recorded_at FROM check_ins WHERE date = ?",
                             (first[0],)).fetchone()[0]
        offsets = {row[0][-6:] for table, column in schema.SAVE_TIMES
                   for row in conn.execute(f"SELECT {column} FROM {table} "
                                           f"WHERE {column} IS NOT NULL")}
    finally:
        conn.close()
    assert after == first[1].replace("T08:", "T06:").replace("+02:00", "+00:00")
    assert offsets == {"+00:00"}


def test_a_check_in_says_when_it_was_taken_and_notes_swelling_and_stiffness(tmp_path):
    app = Runback.create(tmp_path / "runner.db", clock=Clock())
    app.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
    app.check_in(1, taken=Taken.BEFORE_SESSION, swelling=True, stiffness=True,
                 replace=True)
    app.close()
    again = Runback.open(tmp_path / "runner.db", clock=Clock())
    try:
        entry = again.log.check_ins[-1]
        assert (entry.taken, entry.swelling, entry.stiffness) == (
            Taken.BEFORE_SESSION, True, True)
        assert entry.recorded_at.endswith("+00:00")
    finally:
        again.close()
