"""Paths that can never be a runner file are refused at once, in one line, exit 2: a FIFO
(opening one waits for a writer forever), a device, a folder, a 300-character name. And
``runback demo`` never deletes what it did not create (a dangling symlink stays)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_NAME = "r" * 297 + ".db"


def runback(*args, cwd: Path) -> subprocess.CompletedProcess:
    # The timeout only guards against the hang this test exists to rule out.
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


@pytest.fixture
def place(tmp_path) -> Path:
    os.mkfifo(tmp_path / "fifo.db")
    (tmp_path / "folder.db").mkdir()
    (tmp_path / "dangling.db").symlink_to(tmp_path / "nowhere.db")
    return tmp_path


@pytest.mark.parametrize("target, words", [
    ("fifo.db", "is a named pipe (FIFO), not a Runback file"),
    ("/dev/null", "is a device, not a Runback file"),
    ("folder.db", "is a folder, not a Runback file"),
    (LONG_NAME, "is 300 characters long"),
], ids=["FIFO", "device", "folder", "300-character name"])
@pytest.mark.parametrize("command", [["check", "--db"], ["export", "--out", "out", "--db"],
                                     ["--db"]], ids=["check", "export", "window"])
def test_a_path_that_is_not_a_file_is_refused_at_once(place, command, target, words):
    result = runback(*command, target, cwd=place)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in place.iterdir()) == ["dangling.db", "fifo.db", "folder.db"]


def test_demo_with_a_300_character_name_says_so(place):
    result = runback("demo", "--db", LONG_NAME, cwd=place)
    assert result.returncode == 2 and "Choose a shorter name" in result.stderr


@pytest.mark.parametrize("target", ["dangling.db", "fifo.db", "folder.db"])
def test_demo_never_deletes_what_it_did_not_create(place, target):
    result = runback("demo", "--db", target, "--weeks", "2", cwd=place)
    assert result.returncode == 2, result.stderr
    assert (place / "dangling.db").is_symlink()
    assert os.readlink(place / "dangling.db") == str(place / "nowhere.db")
    assert (place / "fifo.db").is_fifo() and (place / "folder.db").is_dir()
    assert sorted(p.name for p in place.iterdir()) == ["dangling.db", "fifo.db", "folder.db"]
