"""A logout (SIGHUP) or a polite kill (SIGTERM) closes the window's file as quitting does.

The real program (``main.main`` with ``--db``, offscreen, through tests/app_child.py,
which only says when the window is up) is started as a runner starts it and sent the
signal: it exits 0, the write-ahead log is merged and removed (the main file alone is
the whole file), the lock is released (the file opens again at once) and nothing is left
beside the file, as after File → Quit.
"""

from __future__ import annotations

import os

import pytest

from core.runback import Runback
from tests.app_child import signal_and_wait, start_app, wait_ready
from tests.reliability.writer import NOW

DEADLINE_SECONDS = 60


def holds_lock(lock, pid: int) -> bool:
    try:
        return lock.read_text() == str(pid)
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_logout_signal_closes_the_file_cleanly(path, tmp_path, signal_name):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    process, ready = start_app(["--db", str(path)], env)
    lock, wal = path.with_name("runner.db-lock"), path.with_name("runner.db-wal")
    try:
        assert wait_ready(process, ready, DEADLINE_SECONDS), "the window never came up"
        assert holds_lock(lock, process.pid) and wal.exists()  # the file is open
    finally:
        out, err = signal_and_wait(process, signal_name, DEADLINE_SECONDS)
    assert process.returncode == 0, err
    assert (out, err) == ("", "")
    assert not wal.exists()  # merged into the main file, then removed by the last close
    assert not path.with_name("runner.db-shm").exists()
    assert not lock.exists()
    assert [p.name for p in path.parent.glob("runner.db*")] == ["runner.db"]  # nothing beside
    again = Runback.open(path, clock=lambda: NOW)  # the lock is released
    again.close()
