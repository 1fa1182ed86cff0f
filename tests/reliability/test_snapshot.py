"""A snapshot (Send to physio…, runback copy, the automatic backups) is the whole file as
of one moment, in one file that opens anywhere, readable by its owner only."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import threading

import pytest

from core.errors import FileNotWritable
from core.file.snapshot import snapshot_name, write_snapshot
from core.runback import Runback
from tests.reliability.writer import NOW, START
from tests.test_cli import runback as cli


@pytest.fixture
def runback(tmp_path):
    runback = Runback.create(tmp_path / "runner.db", clock=lambda: NOW)
    runback.setup("patellofemoral_pain", "left", 3, True, start_date=START)
    yield runback
    runback.close()


def _notes(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT notes FROM check_ins")}
    finally:
        conn.close()


def test_a_snapshot_holds_every_entry_in_one_owner_only_file_that_opens_anywhere(
        runback, tmp_path):
    for day in range(1, 6):
        runback.check_in(2, f"day {day}", date=START + dt.timedelta(days=day))
    previous = os.umask(0)  # the most permissive umask: the copy is still owner-only
    try:
        copy = write_snapshot(runback.store.conn, tmp_path / "copy.db")
    finally:
        os.umask(previous)
    assert copy == tmp_path / "copy.db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert {f"day {day}" for day in range(1, 6)} <= _notes(copy)
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("copy", ".copy"))
                  ) == ["copy.db"]  # no journal, no temporary left beside it
    opened = Runback.open(copy, clock=lambda: NOW)  # and Runback opens it as a runner file
    try:
        assert len(opened.log.check_ins) == 6
    finally:
        opened.close()


def test_a_snapshot_taken_while_another_connection_writes_is_one_moment(runback, tmp_path):
    """A second connection inserts check-ins in their own transactions, each with a running
    count in one row: a consistent copy holds exactly as many check-ins as that count."""
    path = runback.store.path
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA busy_timeout = 5000")
    writer.execute("CREATE TABLE IF NOT EXISTS tally (id INTEGER PRIMARY KEY, n INTEGER)")
    writer.execute("INSERT INTO tally VALUES (1, 0)")
    stop = threading.Event()
    written = []

    def write() -> None:
        n = 0
        while not stop.is_set() and n < 5000:
            n += 1
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO check_ins (date, pain, notes, recorded_at) "
                           "VALUES (?, 1, ?, ?)",
                           ((START + dt.timedelta(days=n)).isoformat(), f"w{n}",
                            NOW.isoformat()))
            writer.execute("UPDATE tally SET n = ? WHERE id = 1", (n,))
            writer.execute("COMMIT")
            written.append(n)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        copies = []
        for index in range(20):
            while len(written) < 5 * (index + 1) and thread.is_alive():
                threading.Event().wait(0.001)  # let the writer get ahead; not a timing
            copies.append(write_snapshot(runback.store.conn, tmp_path / f"copy{index}.db"))
    finally:
        stop.set()
        thread.join()
        writer.close()
    for copy in copies:
        conn = sqlite3.connect(copy)
        tally = conn.execute("SELECT n FROM tally").fetchone()[0]
        notes = {row[0] for row in conn.execute(
            "SELECT notes FROM check_ins WHERE notes LIKE 'w%'")}
        conn.close()
        assert notes == {f"w{n}" for n in range(1, tally + 1)}, copy


def test_a_snapshot_never_replaces_the_open_file_itself(runback):
    path = runback.store.path
    with pytest.raises(FileNotWritable, match="is the runner file itself"):
        write_snapshot(runback.store.conn, path)
    runback.check_in(1, "still saved", date=START + dt.timedelta(days=1))
    assert "still saved" in _notes(path)


def test_a_snapshot_into_a_missing_or_read_only_folder_says_so_and_leaves_nothing(
        runback, tmp_path):
    with pytest.raises(FileNotWritable, match="does not exist"):
        write_snapshot(runback.store.conn, tmp_path / "nowhere" / "copy.db")
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    (blocked / "copy.db").mkdir()  # a folder where the copy should go: rename refuses
    with pytest.raises(FileNotWritable, match="Nothing was left behind"):
        write_snapshot(runback.store.conn, blocked / "copy.db")
    assert [p.name for p in blocked.iterdir()] == ["copy.db"]


@pytest.mark.parametrize(("label", "expected"), [
    ("Run 10 km", "Runback-Run-10-km-2026-11-29.db"),
    ("../../etc/passwd", "Runback-etc-passwd-2026-11-29.db"),
    ("", "Runback-runner-2026-11-29.db"),
    ("Élan: 5k/parkrun?", "Runback-lan-5k-parkrun-2026-11-29.db"),
])
def test_a_snapshot_name_holds_the_runner_and_date_in_safe_characters(label, expected):
    assert snapshot_name(label, dt.date(2026, 11, 29)) == expected


def test_runback_copy_into_a_folder_names_the_copy_and_works_beside_the_open_app(
        runback, tmp_path):
    """The file is open (and locked) here while ``runback copy`` runs in another process."""
    runback.check_in(5, "latest", date=START + dt.timedelta(days=1))
    out = tmp_path / "for-physio"
    out.mkdir()
    before = dt.date.today()  # the command names the copy by the day it runs on
    done = cli("copy", "--db", runback.store.path, "--out", out)
    after = dt.date.today()
    assert done.returncode == 0, done.stderr
    (written,) = out.iterdir()
    assert written.name in {snapshot_name("patellofemoral_pain", day) for day in (before, after)}
    assert done.stdout.strip() == str(written)
    assert "latest" in _notes(written)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    again = cli("copy", "--db", runback.store.path, "--out", out)  # never replaces a file
    assert again.returncode == 2 and "already exists" in again.stderr
    assert "latest" in _notes(written)


def test_runback_copy_of_a_missing_or_foreign_file_is_one_line_and_exit_2(tmp_path):
    missing = cli("copy", "--db", tmp_path / "nope.db", "--out", tmp_path)
    assert missing.returncode == 2 and "There is no file" in missing.stderr
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database" * 20)
    refused = cli("copy", "--db", foreign, "--out", tmp_path / "copy.db")
    assert refused.returncode == 2 and "not a Runback file" in refused.stderr
    assert not (tmp_path / "copy.db").exists()


def test_what_a_copy_killed_mid_write_left_is_removed_by_the_next_copy(runback, tmp_path):
    """A killed copy leaves its temporary file (named for its process) beside the target;
    the next copy to that target removes it, and leaves a live writer's alone."""
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(gone.stdout)  # that process has exited: its files are leftovers
    out = tmp_path / "out"
    out.mkdir()
    killed = [out / f".copy.db.{dead}.partial", out / f".copy.db.{dead}.partial-journal"]
    alive = out / f".copy.db.{os.getppid()}.partial"
    for path in (*killed, alive):
        path.write_bytes(b"half a copy")
    write_snapshot(runback.store.conn, out / "copy.db")
    assert sorted(p.name for p in out.iterdir()) == sorted(["copy.db", alive.name])
