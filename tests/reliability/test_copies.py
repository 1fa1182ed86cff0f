"""A copy of the main file alone (no -wal, no -shm) holds every confirmed action.

A runner copies ``runner.db`` to a USB stick, or mails it to their physio, while the app
is open or after a logout killed it. Entries that sat in ``runner.db-wal`` were silently
missing from such a copy, which still passed ``integrity_check``. ``Store.transaction``
now checkpoints the log into the main file after each action (core/file/store.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core.runback import Runback
from tests.reliability.damage import ROOT
from tests.reliability.writer import EXERCISES, START

NOW = dt.datetime(2030, 6, 1, 9, 0).astimezone()  # after every entry's day

# Each kind of confirmed action, and the query that finds it in a copy.
ACTIONS = {
    "check-in": (lambda rb: rb.check_in(4, "copied check-in", date=START + dt.timedelta(1)),
                 "SELECT count(*) FROM check_ins WHERE notes = 'copied check-in'"),
    "tick": (lambda rb: rb.tick_exercise(EXERCISES[0], 1, date=START + dt.timedelta(2)),
             f"SELECT count(*) FROM exercise_ticks JOIN sessions ON sessions.id = session_id "
             f"WHERE exercise_key = '{EXERCISES[0]}' AND ticked = 1 "
             f"AND sessions.date = '{START + dt.timedelta(2)}'"),
    "session": (lambda rb: rb.log_run("easy", 25, 4, 1, notes="copied run",
                                      date=START + dt.timedelta(3)),
                "SELECT count(*) FROM sessions WHERE notes = 'copied run'"),
    "plan change": (lambda rb: rb.change_plan("pain.threshold", 3, "copied plan change"),
                    "SELECT count(*) FROM plan_changes WHERE reason = 'copied plan change'"),
    "stage move": (lambda rb: rb.set_stage(3, "copied stage move"),
                   "SELECT count(*) FROM stage_events WHERE reason = 'copied stage move'"),
}


def copy_alone(path: Path, folder: Path) -> Path:
    """The main file copied as a runner would, without its companions."""
    folder.mkdir(exist_ok=True)
    copy = folder / path.name
    shutil.copy(path, copy)
    assert not any(folder.glob("*-wal")) and not any(folder.glob("*-shm"))
    return copy


def count(copy: Path, query: str) -> int:
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("kind", list(ACTIONS))
def test_a_copy_of_the_main_file_alone_holds_the_action_just_confirmed(path, tmp_path, kind):
    action, query = ACTIONS[kind]
    runback = Runback.open(path, clock=lambda: NOW)
    try:
        action(runback)  # returned: the window would now show it saved
        copy = copy_alone(path, tmp_path / "usb")
        assert count(copy, query) == 1
    finally:
        runback.close()


def test_a_copy_holds_every_action_in_a_row_while_the_file_stays_open(path, tmp_path):
    runback = Runback.open(path, clock=lambda: NOW)
    try:
        for number, (action, _) in enumerate(ACTIONS.values()):
            action(runback)
            copy = copy_alone(path, tmp_path / f"usb{number}")
            for _, earlier in list(ACTIONS.values())[:number + 1]:
                assert count(copy, earlier) == 1
        assert runback.store.checkpoint()  # nothing left unmerged
    finally:
        runback.close()


CHILD = """
import random, sys
from pathlib import Path
from core.runback import Runback
import datetime as dt
from tests.reliability.writer import Writer

NOW = dt.datetime(2030, 6, 1, 9, 0).astimezone()
writer = Writer(Runback.open(Path(sys.argv[1]), clock=lambda: NOW), random.Random(5))
print("ready", flush=True)
for line in sys.stdin:
    kind, index = line.split()
    what = writer.act(int(index), kind)
    print(f"done {index} {kind} {what}", flush=True)
"""


def test_a_copy_made_while_another_process_has_the_file_open_holds_what_it_confirmed(
        path, tmp_path):
    """The app's process keeps the file open (and its lock, -wal and -shm) while the
    runner copies the main file: every action it confirmed is in the copy."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline().strip() == "ready"
        kinds = ["check_in", "tick", "walk_run", "run"] * 3
        for index, kind in enumerate(kinds, start=1):
            child.stdin.write(f"{kind} {index}\n")
            child.stdin.flush()
            done = child.stdout.readline().split()  # waits for the confirmation itself
            assert done[:3] == ["done", str(index), kind]
            assert path.with_name("runner.db-wal").exists()  # the app still has it open
            copy = copy_alone(path, tmp_path / f"usb{index}")
            if kind == "tick":
                day, key = done[3], done[4]
                query = (f"SELECT count(*) FROM exercise_ticks JOIN sessions "
                         f"ON sessions.id = session_id WHERE sessions.date = '{day}' "
                         f"AND exercise_key = '{key}' AND ticked = 1")
            else:
                query = (f"SELECT (SELECT count(*) FROM check_ins WHERE notes = 'a{index}') "
                         f"+ (SELECT count(*) FROM sessions WHERE notes = 'a{index}')")
            assert count(copy, query) == 1, (kind, index)
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    assert child.returncode == 0


def test_a_transaction_left_open_never_turns_an_action_into_an_uncommitted_savepoint(path):
    """sqlite-utils nests ``atomic()`` as a savepoint inside an open transaction: an
    action run inside one no action opened would return "saved" with nothing committed
    (a SIGKILL then loses it). The store closes such a transaction first."""
    runback = Runback.open(path, clock=lambda: NOW)
    try:
        runback.store.conn.execute("BEGIN")  # left open by something that is not an action
        runback.check_in(2, "inside a stray transaction", date=START + dt.timedelta(5))
        assert not runback.store.conn.in_transaction
        other = sqlite3.connect(path)  # another connection sees it: committed
        assert other.execute("SELECT count(*) FROM check_ins WHERE notes = ?",
                             ("inside a stray transaction",)).fetchone()[0] == 1
        other.close()
    finally:
        runback.close()
