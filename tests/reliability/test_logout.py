"""A logout (SIGHUP) or a polite kill (SIGTERM) closes the window's file as quitting does.

The real program (``main.py --db``, offscreen) is started as a runner starts it and sent
the signal: it exits 0, the write-ahead log is merged and removed (the main file alone is
the whole file), the lock is released (the file opens again at once) and nothing is left
beside the file, as after File → Quit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from core.runback import Runback
from tests.reliability.damage import ROOT
from tests.reliability.writer import NOW

DEADLINE_SECONDS = 60


def wait_for(condition, what: str, process: subprocess.Popen) -> None:
    """Poll ``condition`` until true; fail if the process ends first or the deadline
    passes (a hang, not a slow machine: the deadline is generous)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the app ended before {what}: {process.communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {DEADLINE_SECONDS} s")
        time.sleep(0.02)  # a poll interval, not a wait for something to happen


def holds_lock(lock, pid: int) -> bool:
    try:
        return lock.read_text() == str(pid)
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_logout_signal_closes_the_file_cleanly(path, tmp_path, signal_name):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(path)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    lock, wal = path.with_name("runner.db-lock"), path.with_name("runner.db-wal")
    try:
        wait_for(lambda: holds_lock(lock, process.pid) and wal.exists(), "file opened",
                 process)
        process.send_signal(getattr(signal, signal_name))
        out, err = process.communicate(timeout=DEADLINE_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert (out, err) == ("", "")
    assert not wal.exists()  # merged into the main file, then removed by the last close
    assert not path.with_name("runner.db-shm").exists()
    assert not lock.exists()
    assert [p.name for p in path.parent.glob("runner.db*")] == ["runner.db"]  # nothing beside
    again = Runback.open(path, clock=lambda: NOW)  # the lock is released
    again.close()
