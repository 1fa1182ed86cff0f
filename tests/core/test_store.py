"""The runner file: round trips, refusals that leave files untouched, migrations."""

import datetime as dt
import hashlib
import os
import sqlite3
import stat

import pytest

from core.errors import FileMissing, FileNotWritable, FileTooNew, NotARunbackFile
from core.file import schema
from core.file.datafile import check_file
from core.file.store import Store
from core.model import Actor, ReadinessTest, Stage
from core.runback import Runback


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(runback, clock):
    """One of every kind of entry, through the facade."""
    day = clock.advance()
    runback.check_in(3, "stiff")
    runback.log_cross_training("bike", 25, 4, 2, "easy spin")
    runback.tick_exercise("glute_bridge", pain=1)
    runback.tick_exercise("plank")
    runback.log_sleep(7.5)
    runback.set_cadence_baseline(162)
    runback.log_readiness(ReadinessTest.JOG_ON_SPOT, True, 1)
    runback.set_stage(Stage.RETURN_TO_RUN, "Assessed in clinic")
    runback.change_plan("pain.threshold", 3, "Tolerates more", Actor.PHYSIO)
    runback.log_walk_run(8, 1, 2, 1, 4, cadence=170, cue_under_body=True, cue_tall_trunk=False)
    runback.log_run("easy", 20, 4, 1, distance_km=3.2)
    runback.log_mobility(10, "hips")
    return day


def test_a_new_file_is_private_versioned_and_in_wal_mode(tmp_path):
    path = tmp_path / "new.db"
    store = Store.create(path)
    store.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.latest_version()
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_every_entry_survives_closing_and_reopening(runner_file, clock, tmp_path):
    fill(runner_file, clock)
    before = runner_file.log
    runner_file.close()
    reopened = Runback.open(tmp_path / "runner.db", clock=clock)
    assert reopened.log == before
    assert reopened.stage is Stage.RETURN_TO_RUN
    assert reopened.protocol.pain.threshold == 3
    assert [d.verdict for d in reopened.decisions()] == [d.verdict for d in
                                                         runner_file.decisions()]
    reopened.close()


def test_each_action_is_one_transaction(runner_file, clock, monkeypatch):
    clock.advance()
    counts = runner_file.store.counts()

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(runner_file.store, "set_tick", broken)
    with pytest.raises(FileNotWritable, match="not saved"):
        runner_file.tick_exercise("glute_bridge")
    # The session row written before the failure was rolled back with it.
    assert runner_file.store.counts() == counts
    assert runner_file.strength_session() is None


def test_creating_over_an_existing_file_is_refused(tmp_path):
    path = tmp_path / "taken.db"
    path.write_bytes(b"keep me")
    with pytest.raises(FileNotWritable, match="already exists"):
        Store.create(path)
    assert path.read_bytes() == b"keep me"


def test_creating_in_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(FileMissing, match="does not exist"):
        Store.create(tmp_path / "no" / "such.db")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(FileMissing, match="There is no file"):
        Store.open(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def other_apps_database(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()


def newer_runback_file(path):
    Store.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    conn.close()


def truncated_runback_file(path):
    store = Store.create(path)
    for day in range(200):
        store.db["sleep"].insert({"date": f"2026-01-{day:03d}", "hours": 7.0,
                                  "recorded_at": "x"})
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("make, error, words", [
    (lambda p: p.write_bytes(b""), NotARunbackFile, "is empty"),
    (lambda p: p.write_bytes(os.urandom(4096)), NotARunbackFile, "not a SQLite database"),
    (lambda p: p.write_text("name,pain\nme,3\n"), NotARunbackFile, "not a SQLite database"),
    (other_apps_database, NotARunbackFile, "another application's database"),
    (lambda p: sqlite3.connect(p).execute("VACUUM"), NotARunbackFile, "empty SQLite"),
    (newer_runback_file, FileTooNew, "newer version of Runback"),
], ids=["empty file", "random bytes", "a CSV file", "another app's SQLite file",
        "an empty SQLite file", "a file from a newer Runback"])
def test_unusable_files_are_refused_and_left_unchanged(tmp_path, make, error, words):
    path = tmp_path / "file.db"
    make(path)
    before = digest(path)
    with pytest.raises(error, match=words):
        Store.open(path)
    with pytest.raises(error, match=words):
        check_file(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.db"]


def test_a_truncated_file_is_refused_when_read(tmp_path):
    path = tmp_path / "cut.db"
    truncated_runback_file(path)
    before = digest(path)
    with pytest.raises(NotARunbackFile, match="damaged"):
        Runback.open(path).log  # noqa: B018 - reading is what finds the damage
    assert digest(path) == before


def test_check_reports_a_sound_file(runner_file, clock, tmp_path):
    fill(runner_file, clock)
    lines = check_file(tmp_path / "runner.db")
    assert "integrity: ok" in lines
    assert f"format version: {schema.latest_version()}" in lines
    assert "rows in sessions: 5" in lines
    assert "rows in exercise_ticks: 7" in lines


@pytest.fixture
def version_two(monkeypatch):
    """Pretend a next schema version exists, to exercise the upgrade path."""
    step = "ALTER TABLE sleep ADD COLUMN quality INTEGER"
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, step])
    return step


def test_an_older_file_is_backed_up_then_upgraded_with_every_row(runner_file, clock, tmp_path,
                                                                  version_two):
    fill(runner_file, clock)
    before = runner_file.log
    runner_file.close()
    path = tmp_path / "runner.db"
    upgraded = Runback.open(path, clock=clock)
    released = schema.latest_version() - 1
    assert upgraded.store.version == released + 1
    assert upgraded.log == before
    backup = schema.backup_path(path, released)
    assert upgraded.store.backup == backup
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == released
    assert copy.execute("SELECT count(*) FROM sessions").fetchone()[0] == 5
    copy.close()
    upgraded.close()


def test_an_interrupted_upgrade_leaves_the_file_usable(runner_file, clock, tmp_path,
                                                       monkeypatch):
    fill(runner_file, clock)
    before = runner_file.log
    runner_file.close()
    half_done = "ALTER TABLE sleep ADD COLUMN quality INTEGER; SELECT no_such_function();"
    released = schema.MIGRATIONS
    monkeypatch.setattr(schema, "MIGRATIONS", [*released, half_done])
    path = tmp_path / "runner.db"
    with pytest.raises(NotARunbackFile, match="could not be opened"):
        Runback.open(path, clock=clock)
    monkeypatch.setattr(schema, "MIGRATIONS", released)
    reopened = Runback.open(path, clock=clock)
    assert reopened.store.version == len(released)
    assert reopened.log == before
    columns = [c.name for c in reopened.store.db["sleep"].columns]
    assert "quality" not in columns
    reopened.close()


def test_dates_round_trip_as_iso_text(runner_file, clock):
    day = fill(runner_file, clock)
    rows = list(runner_file.store.db.query("SELECT date FROM check_ins ORDER BY date"))
    assert rows[-1]["date"] == day.isoformat()
    assert isinstance(runner_file.log.check_ins[-1].date, dt.date)
