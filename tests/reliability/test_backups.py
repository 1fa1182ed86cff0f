"""Backups from outside, as a runner or a script would meet them: a real demo file, a page
of it destroyed, the command line restoring it; a file open elsewhere; a bad backup; other
users on the machine (docs/RELIABILITY.md, "Backups")."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from core.errors import FileInUse, NotARunbackFile
from core.exchange.demo import create_demo
from core.file import backups
from core.file.datafile import read_only
from core.runback import Runback
from tests.reliability.damage import digest, listing, other_app, random_bytes
from tests.reliability.test_damaged_files import one_clear_line
from tests.test_cli import runback


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    conn = read_only(path)  # (leaves no -wal or -shm beside a closed file)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                for table in tables}
    finally:
        conn.close()


def destroy_page(path: Path, table: str) -> None:
    """A bad sector: the table's root page becomes noise (the file keeps its length)."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
                        ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size: root * page_size] = random.Random(11).randbytes(page_size)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def demo_made_once(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "runner.db"
    create_demo(path, weeks=10).close()  # closed: one whole file, no -wal beside it
    return path


@pytest.fixture
def demo(demo_made_once, tmp_path) -> Path:
    """A 10-week demo runner file of the test's own (a copy of one made per module)."""
    path = tmp_path / "runner.db"
    shutil.copy2(demo_made_once, path)
    return path


def test_round_trip_backup_damage_restore_brings_every_row_back(demo, tmp_path):
    before = rows(demo)
    assert len(before["sessions"]) > 20
    taken = runback("backup", "--db", demo)
    assert taken.returncode == 0, taken.stderr
    backup = Path(taken.stdout.strip())
    assert backup.parent == tmp_path / "backups" and backup.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "runner.db"]

    destroy_page(demo, "sessions")
    damaged = digest(demo)
    refused = runback("export", "--db", demo, "--out", tmp_path / "out")
    # The damaged file names its newest good backup and the command that restores it.
    one_clear_line(refused, "newest good backup is")
    assert f"runback restore --db {demo} --from {backup}" in refused.stderr

    restored = runback("restore", "--db", demo, "--from", backup)
    assert restored.returncode == 0, restored.stderr
    assert rows(demo) == before
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and digest(kept[0]) == damaged  # set aside, never deleted
    assert "damaged file was kept as" in restored.stdout
    assert runback("check", "--db", demo).returncode == 0
    reopened = Runback.open(demo)
    assert len(reopened.log.sessions) == len(before["sessions"])
    reopened.close()


def test_restoring_a_sound_file_backs_it_up_first(demo, tmp_path):
    backup = backups.take_of_file(demo)
    later = Runback.open(demo)
    later.log_mobility(25, notes="after the backup")
    later.close()
    after = rows(demo)
    done = backups.restore(demo, backup)
    assert done.kept is not None and done.kept.name.endswith("-before-restore.db")
    assert rows(done.kept) == after  # the entry made after the backup is in it
    assert rows(demo) == rows(backup)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("runner.db")] == [
        "runner.db"]  # no -wal, -shm or -lock of the old file left to replay


def test_a_file_open_elsewhere_is_not_restored(demo, tmp_path):
    backup = backups.take_of_file(demo)
    open_in_app = Runback.open(demo)
    try:
        before = listing(tmp_path)
        with pytest.raises(FileInUse, match="already open in Runback"):
            backups.restore(demo, backup)
        one_clear_line(runback("restore", "--db", demo, "--from", backup),
                       "already open in Runback")
        assert listing(tmp_path) == before
        # A backup can still be taken of it meanwhile (a read, like `check`).
        assert runback("backup", "--db", demo).returncode == 0
    finally:
        open_in_app.close()


@pytest.mark.parametrize("make, words", [
    pytest.param(random_bytes, "is not a Runback file (not a SQLite database)",
                 id="random bytes"),
    pytest.param(other_app, "another application's database", id="another app's file"),
    pytest.param(lambda p: destroy_page(backups.take_of_file(p.parent / "runner.db")
                                        .rename(p), "sessions"),
                 "is damaged", id="a damaged backup"),
])
def test_a_bad_backup_is_refused_with_one_line_and_nothing_changes(demo, tmp_path, make,
                                                                   words):
    bad = tmp_path / "bad.db"
    make(bad)
    before = listing(tmp_path)
    one_clear_line(runback("restore", "--db", demo, "--from", bad), words)
    assert listing(tmp_path) == before
    with pytest.raises(NotARunbackFile):
        backups.restore(demo, bad)


def test_backups_are_owner_only_whatever_the_umask(demo, tmp_path):
    old = os.umask(0)
    try:
        backup = backups.take_of_file(demo)
        done = backups.restore(demo, backup)
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "backups").st_mode & 0o777 == 0o700
    for path in (backup, done.kept, demo):
        assert os.stat(path).st_mode & 0o777 == 0o600, path


def test_a_damaged_file_with_only_damaged_backups_offers_none(demo, tmp_path):
    backup = backups.take_of_file(demo)
    destroy_page(backup, "sessions")
    destroy_page(demo, "sessions")
    assert backups.newest_good(demo) is None
    refused = runback("check", "--db", demo)
    assert "newest good backup" not in refused.stderr


def test_a_restore_through_a_symlink_restores_the_real_file_and_keeps_the_link(demo, tmp_path):
    link = tmp_path / "elsewhere" / "mine.db"
    link.parent.mkdir()
    link.symlink_to(demo)
    backup = backups.take_of_file(link)
    assert backup.parent == tmp_path / "backups"  # beside the real file
    later = Runback.open(link)
    later.log_mobility(25)
    later.close()
    backups.restore(link, backup)
    assert link.is_symlink() and rows(demo) == rows(backup)
    assert [info.path for info in backups.list_backups(link)] == [
        info.path for info in backups.list_backups(demo)]
