"""Rows another program broke: one clear message naming the table, the row and the column,
never a crash, and the file left as it was.

DATA.md invites sqlite3, sqlite-utils and Datasette users in. Each case edits one row of a
real demo file with Python's ``sqlite3`` module, as such a user would (the tables' CHECK
constraints still apply, so only what SQLite lets through is tried), then opens it in the
core, exports it from the command line and checks it with ``runback check``.
The window's side (a dialog, the current runner kept, no lock left) is in
tests/ui/test_edited_rows_gui.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import BrokenRow
from core.exchange.demo import create_demo
from core.file.rows import LOADERS
from core.runback import Runback

ROOT = Path(__file__).resolve().parents[2]
END = dt.date(2026, 6, 28)

# (table, column, SQL run by "another program", words the message must hold)
EDITS = [
    pytest.param("profile", "start_date", "UPDATE profile SET start_date = '0001-01-01'",
                 "outside the dates", id="profile: a start date in year 1"),
    pytest.param("profile", "knee_problem", "UPDATE profile SET knee_problem = 'runners knee'",
                 "is not one of", id="profile: an unknown knee problem"),
    pytest.param("check_ins", "date", "UPDATE check_ins SET date = '02/03/2026' "
                 "WHERE date = (SELECT min(date) FROM check_ins)", "ISO form",
                 id="check_ins: a date not in ISO form"),
    pytest.param("sessions", "activity", "UPDATE sessions SET activity = 'rowing' "
                 "WHERE id = (SELECT min(id) FROM sessions WHERE kind = 'cross_training')",
                 "is not one of", id="sessions: an unknown activity"),
    pytest.param("sessions", "date", "UPDATE sessions SET date = 20260302 "
                 "WHERE id = (SELECT max(id) FROM sessions)", "ISO form",
                 id="sessions: a date stored as a number"),
    pytest.param("sessions", "rounds", "UPDATE sessions SET rounds = NULL "
                 "WHERE id = (SELECT min(id) FROM sessions WHERE kind = 'walk_run')",
                 "walk_run session needs it", id="sessions: a walk-run without rounds"),
    pytest.param("exercise_ticks", "reps", "UPDATE exercise_ticks SET reps = NULL, "
                 "hold_seconds = NULL WHERE rowid = (SELECT min(rowid) FROM exercise_ticks)",
                 "needs one", id="exercise_ticks: neither reps nor a hold"),
    pytest.param("exercise_ticks", "done_reps", "UPDATE exercise_ticks SET done_reps = 12 "
                 "WHERE rowid = (SELECT min(rowid) FROM exercise_ticks "
                 "WHERE hold_seconds IS NOT NULL)", "counted in seconds held",
                 id="exercise_ticks: reps done for a hold"),
    pytest.param("readiness_checks", "test", "UPDATE readiness_checks SET test = 'plank' "
                 "WHERE id = (SELECT min(id) FROM readiness_checks)", "is not one of",
                 id="readiness_checks: an unknown test"),
    pytest.param("sleep", "date", "UPDATE sleep SET date = '2026-02-30' "
                 "WHERE date = (SELECT min(date) FROM sleep)", "ISO form",
                 id="sleep: a day that does not exist"),
    pytest.param("cadence_baselines", "date", "UPDATE cadence_baselines SET date = "
                 "'last Monday'", "ISO form", id="cadence_baselines: words for a date"),
    pytest.param("stage_events", "date", "UPDATE stage_events SET date = '2026/03/02' "
                 "WHERE id = (SELECT max(id) FROM stage_events)", "ISO form",
                 id="stage_events: slashes in a date"),
    pytest.param("plan_changes", "value", "UPDATE plan_changes SET value = '{not json' "
                 "WHERE id = (SELECT min(id) FROM plan_changes)", "is not JSON",
                 id="plan_changes: a value that is not JSON"),
    pytest.param("plan_changes", "value", "UPDATE plan_changes SET key = 'pain.threshold', "
                 "value = '\"high\"' WHERE id = (SELECT min(id) FROM plan_changes)",
                 "cannot be applied", id="plan_changes: a value the protocol refuses"),
    pytest.param("plan_changes", "key", "UPDATE plan_changes SET key = 'pain.treshold' "
                 "WHERE id = (SELECT min(id) FROM plan_changes)", "not a protocol setting",
                 id="plan_changes: an unknown setting"),
    pytest.param("surgery_checks", "date", "INSERT INTO surgery_checks (date, recorded_at) "
                 "VALUES ('yesterday', '2026-06-01T00:00:00.000+00:00')", "ISO form",
                 id="surgery_checks: words for a date"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A 16-week demo (every table holds rows), closed: the main file alone holds it."""
    path = tmp_path_factory.mktemp("demo") / "runner.db"
    create_demo(path, end=END).close()
    return path


def edited(demo: Path, folder: Path, sql: str) -> Path:
    folder.mkdir()
    path = folder / "runner.db"
    shutil.copy(demo, path)
    conn = sqlite3.connect(path)  # as a user with Python would
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    return path


def listing(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def runback_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def needs_table(table: str) -> None:
    if table not in {loader[0] for loader in LOADERS.values()} | {"profile", "exercise_ticks"}:
        pytest.skip(f"this version has no {table} table")


@pytest.mark.parametrize("table, column, sql, words", EDITS)
def test_an_edited_row_is_named_never_a_crash_and_the_file_is_left_as_it_was(
        demo, tmp_path, table, column, sql, words):
    needs_table(table)
    path = edited(demo, tmp_path / "received", sql)
    before = listing(path.parent)
    runback = Runback.open(path)
    try:
        with pytest.raises(BrokenRow) as caught:
            runback.log  # noqa: B018 - reading it is what fails
    finally:
        runback.close()
    error = caught.value
    assert (error.table, error.column) == (table, column)
    message = str(error)
    assert f"table {table}, row " in message and f"column {column}: " in message
    assert words in message and "\n" not in message
    assert "restore a backup copy" in message
    assert listing(path.parent) == before  # nothing written, no -wal, -shm or -lock left
    Runback.open(path).close()  # the lock was released: it opens again (and fails again)


@pytest.mark.parametrize("table, column, sql, words", EDITS)
def test_the_command_line_says_which_cell_in_one_line_and_exits_2(
        demo, tmp_path, table, column, sql, words):
    needs_table(table)
    path = edited(demo, tmp_path / "received", sql)
    before = listing(path.parent)
    result = runback_cli("export", "--db", path, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"table {table}, row " in result.stderr and f"column {column}: " in result.stderr
    assert listing(path.parent) == before
    assert not (tmp_path / "out").exists()


def test_check_reports_every_broken_row_of_every_table(demo, tmp_path):
    edits = [param.values[2] for param in EDITS
             if param.values[0] not in ("profile", "plan_changes", "surgery_checks")]
    sql = "; ".join(edits)
    path = tmp_path / "runner.db"
    shutil.copy(demo, path)
    conn = sqlite3.connect(path)
    conn.executescript(sql + "; UPDATE profile SET start_date = '0001-01-01'")
    conn.close()
    before = listing(tmp_path)
    result = runback_cli("check", "--db", path)
    assert result.returncode == 1, result.stderr
    broken = [line for line in result.stdout.splitlines() if line.startswith("broken row:")]
    tables = {line.split("table ")[1].split(",")[0] for line in broken}
    assert tables == {"profile", "check_ins", "sessions", "exercise_ticks",
                      "readiness_checks", "sleep", "cadence_baselines", "stage_events"}
    assert len(broken) == len(edits) + 1  # each edit breaks one row; and the profile
    assert f"rows: {len(edits) + 1} Runback cannot read" in result.stdout
    assert "integrity: ok" in result.stdout  # SQLite's own check cannot see them
    assert listing(tmp_path) == before


def test_check_finds_a_plan_value_the_protocol_refuses(demo, tmp_path):
    (refused,) = [param.values[2] for param in EDITS
                  if param.values[0] == "plan_changes" and "'pain.threshold'" in param.values[2]]
    path = edited(demo, tmp_path / "received", refused)
    result = runback_cli("check", "--db", path)
    assert result.returncode == 1
    assert "broken row: table plan_changes, row id " in result.stdout
    assert "column value:" in result.stdout and "pain.threshold" in result.stdout


def test_check_calls_a_closed_wal_file_wal(demo, tmp_path):
    """A closed file in WAL mode has no -wal beside it, and ``PRAGMA journal_mode`` on a
    read-only connection says "delete"; the header's bytes 18 and 19 say 2 (WAL)."""
    path = tmp_path / "runner.db"
    shutil.copy(demo, path)
    assert path.read_bytes()[18:20] == b"\x02\x02"
    checked = runback_cli("check", "--db", path)
    assert checked.returncode == 0 and "journal: wal" in checked.stdout
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    checked = runback_cli("check", "--db", path)
    assert "journal: delete (rollback journal)" in checked.stdout
    assert "rows: ok" in checked.stdout
