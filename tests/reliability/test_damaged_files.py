"""Damaged and foreign files, read-only places and a full disk, at the command line: each
gives one clear line on stderr and exit status 2, and every file on disk is left as it was.

(tests/core/test_store.py refuses the same files at the core API, and tests/test_cli.py
covers a missing file and a non-database; the window's side is in
tests/ui/test_reliability_gui.py.)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from tests.reliability.damage import (
    DAMAGED_PARAMS,
    ROOT,
    fill,
    hand_over,
    listing,
    run_cli_as_other_user,
    runner_file,
    shared_folder,
    small_disk,
)
from tests.test_cli import runback


def one_clear_line(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("runback: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("make, words", DAMAGED_PARAMS)
def test_exporting_a_damaged_or_foreign_file_says_why_and_changes_nothing(tmp_path, make,
                                                                          words):
    path = tmp_path / "runner.db"
    make(path)
    before = listing(tmp_path)
    one_clear_line(runback("export", "--db", path, "--out", tmp_path / "out"), words)
    assert listing(tmp_path) == before  # no -wal, -shm or -lock left, no half export
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("make, words", DAMAGED_PARAMS)
def test_checking_a_damaged_or_foreign_file_says_why_and_changes_nothing(tmp_path, make,
                                                                         words):
    path = tmp_path / "runner.db"
    make(path)
    before = listing(tmp_path)
    one_clear_line(runback("check", "--db", path), words)
    assert listing(tmp_path) == before


@pytest.mark.parametrize("folder_mode, file_mode, words", [
    (0o755, 0o444, "is read-only"),
    (0o555, 0o644, "The folder"),
    (0o755, 0o000, "Cannot read"),
], ids=["read-only file", "read-only folder", "unreadable file"])
def test_a_file_its_user_cannot_write_is_refused_and_left_alone(folder_mode, file_mode, words):
    with shared_folder() as folder:
        path = folder / "runner.db"
        runner_file(path)
        hand_over(folder, path)
        os.chmod(path, file_mode)
        os.chmod(folder, folder_mode)
        before = listing(folder)
        one_clear_line(run_cli_as_other_user("export", "--db", path, "--out", folder / "o"),
                       words)
        checked = run_cli_as_other_user("check", "--db", path)
        if file_mode & 0o400:  # a file that can be read can still be checked
            assert checked.returncode == 0 and "integrity: ok" in checked.stdout, checked
        else:
            one_clear_line(checked, words)
        assert listing(folder) == before


def test_a_demo_that_fills_the_disk_is_refused_and_leaves_nothing(tmp_path):
    with small_disk(tmp_path / "disk", "256k") as disk:
        result = runback("demo", "--db", disk / "demo.db", "--weeks", "52")
        one_clear_line(result, "is full")
        assert "Nothing was left behind" in result.stderr
        assert list(disk.iterdir()) == []


def test_a_demo_over_the_file_size_limit_is_refused_and_leaves_nothing(tmp_path):
    """The same without root: RLIMIT_FSIZE makes a write past 256 KiB fail (EFBIG)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db",
                             tmp_path / "demo.db", "--weeks", "260"], capture_output=True,
                            text=True, preexec_fn=limit, timeout=120)
    one_clear_line(result, "Could not create the demo")
    assert list(tmp_path.iterdir()) == []


def test_an_export_to_a_full_disk_leaves_no_partial_file(tmp_path):
    path = tmp_path / "runner.db"
    assert runback("demo", "--db", path, "--weeks", "30").returncode == 0
    before = listing(tmp_path)
    with small_disk(tmp_path / "disk", "64k") as disk:
        fill(disk)
        result = runback("export", "--db", path, "--out", disk / "out")
        one_clear_line(result, "No space left on device")
        # nothing: not even the folder the export would have made (all or none)
        assert sorted(p.name for p in disk.rglob("*")) == ["filler"]
    assert listing(tmp_path) == before


def test_a_runner_file_on_a_full_disk_still_exports(tmp_path):
    """Reading needs no space: the file opens (its log and index fit in what is left, or
    SQLite says the disk is full) and nothing in it changes."""
    with small_disk(tmp_path / "disk", "8m") as disk:
        path = disk / "runner.db"
        assert runback("demo", "--db", path, "--weeks", "8").returncode == 0
        before = listing(disk)
        fill(disk)
        result = runback("export", "--db", path, "--out", tmp_path / "out")
        if result.returncode:
            one_clear_line(result, "is full")
        else:
            assert len(list((tmp_path / "out").glob("runback-runner-*-sessions.csv"))) == 1
        after = listing(disk)
        del after["filler"]
        assert after == before
