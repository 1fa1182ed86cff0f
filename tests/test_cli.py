"""The command line, run as a user would run it: a real process, real files."""

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from core.file import schema

ROOT = Path(__file__).resolve().parent.parent


def runback(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_demo_then_export_gives_a_physio_spreadsheets_named_for_the_runner(tmp_path):
    db, out = tmp_path / "Zoë's knee.db", tmp_path / "o"
    made = runback("demo", "--db", db)
    assert made.returncode == 0, made.stderr
    exported = runback("export", "--db", db, "--out", out)
    assert exported.returncode == 0, exported.stderr
    today = dt.date.today().isoformat()
    names = [f"runback-Zoë-s-knee-{today}-{end}.csv"
             for end in ("summary", "sessions", "scores", "checkins")]
    assert exported.stdout.splitlines() == [str(out / name) for name in names]
    with (out / names[0]).open(encoding="utf-8-sig", newline="") as handle:
        weeks = list(csv.DictReader(handle))
    assert len(weeks) >= 8
    with (out / names[1]).open(encoding="utf-8-sig", newline="") as handle:
        assert any(row["decision"] == "step_back" for row in csv.DictReader(handle))
    with (out / names[3]).open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) >= 8 * 7 - 7  # a check-in most days
    assert made.stderr == exported.stderr == ""


def test_export_never_replaces_a_file_without_force(tmp_path):
    db, out = tmp_path / "d.db", tmp_path / "o"
    assert runback("demo", "--db", db, "--weeks", "3").returncode == 0
    assert runback("export", "--db", db, "--out", out, "--format", "xlsx").returncode == 0
    (book,) = out.iterdir()
    book.write_bytes(b"the physio's own notes")
    again = runback("export", "--db", db, "--out", out, "--format", "xlsx")
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr == (f"runback: {book.name} already exists in {out}; nothing was "
                            f"written. Add --force to replace it.\n")
    assert book.read_bytes() == b"the physio's own notes"
    forced = runback("export", "--db", db, "--out", out, "--format", "xlsx", "--force")
    assert forced.returncode == 0, forced.stderr
    assert book.read_bytes().startswith(b"PK") and list(out.iterdir()) == [book]


def test_check_reports_integrity_and_format(tmp_path):
    db = tmp_path / "d.db"
    assert runback("demo", "--db", db, "--weeks", "3").returncode == 0
    checked = runback("check", "--db", db)
    assert checked.returncode == 0
    assert "integrity: ok" in checked.stdout
    assert f"format version: {schema.latest_version()}" in checked.stdout


def write_garbage(path):
    path.write_bytes(b"\x00garbage" * 100)


@pytest.mark.parametrize("args, words", [
    (["export", "--db", "{tmp}/missing.db", "--out", "{tmp}/o"], "There is no file"),
    (["check", "--db", "{tmp}/garbage.db"], "not a Runback file"),
    (["export", "--db", "{tmp}/garbage.db", "--out", "{tmp}/o"], "not a Runback file"),
    (["demo", "--db", "{tmp}/garbage.db"], "already exists"),
    (["demo", "--db", "{tmp}/new.db", "--weeks", "0"], "Weeks must be"),
    (["demo", "--db", "{tmp}/new.db", "--weeks", "many"], "invalid int value"),
    (["demo", "--db", "{tmp}/no/such/folder/new.db"], "does not exist"),
    (["demo"], "required: --db"),
    (["frobnicate"], "invalid choice"),
    (["export", "--db", "{tmp}/garbage.db"], "required: --out"),
], ids=["missing file", "check a non-database", "export a non-database",
        "demo over an existing file", "zero weeks", "weeks not a number",
        "folder missing", "no --db", "unknown command", "no --out"])
def test_user_mistakes_exit_2_with_one_line_and_no_traceback(tmp_path, args, words):
    write_garbage(tmp_path / "garbage.db")
    before = (tmp_path / "garbage.db").read_bytes()
    result = runback(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "garbage.db").read_bytes() == before
    assert not (tmp_path / "new.db").exists()
    assert not (tmp_path / "o").exists()
