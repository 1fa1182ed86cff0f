"""Two windows on one file: the second is refused with a message, never left to write.

Why refuse rather than share: each window acts on what it last read. A second window
that has not seen the first one's tick would start a second strength session for the day
(the schema refuses it), record a plan change against a stale 'previous' value, or
suggest a stage move twice. SQLite alone would keep the file sound; the runner's entries
would not be. So ``Store.open`` holds ``<file>-lock`` (flock) while the file is open, and a
second open, in this process or another, raises ``FileInUse``. The OS drops the lock when
a process ends, however it ends, so a crash never leaves a file locked. Reading without
writing (``runback check``) is not refused. The window's side is in
tests/ui/test_reliability_gui.py.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest

from core.errors import FileInUse
from core.file.opening import configure
from core.file.store import Store
from core.runback import Runback
from tests.reliability.damage import ROOT
from tests.reliability.writer import NOW, START
from tests.test_cli import runback as cli


def test_a_second_open_in_the_same_process_is_refused_until_the_first_closes(path):
    first = Runback.open(path, clock=lambda: NOW)
    with pytest.raises(FileInUse, match=rf"already open in Runback \(process {os.getpid()}\)"):
        Runback.open(path, clock=lambda: NOW)
    first.check_in(4, "first window", date=START, replace=True)  # the first is not disturbed
    lock = path.with_name("runner.db-lock")
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    first.close()
    assert not lock.exists()
    second = Runback.open(path, clock=lambda: NOW)
    assert second.log.check_ins[-1].notes == "first window"
    second.close()


@pytest.fixture
def writer(path):
    """Another process with the file open, writing."""
    process = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(path),
                                "1", "7"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "opening\n"
    assert process.stdout.readline() == "ready\n"
    yield process
    process.kill()
    process.wait()
    process.stdout.close()


def test_a_file_open_in_another_process_is_refused_and_free_once_it_dies(path, writer):
    with pytest.raises(FileInUse, match=rf"\(process {writer.pid}\)"):
        Runback.open(path)
    seen = []  # until it has confirmed a few actions besides ticks (no fixed sleep)
    while sum(line.startswith("done") and " tick " not in line for line in seen) < 3:
        seen.append(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)  # no clean-up at all: the OS drops the lock
    writer.wait()
    done = [line.split() for line in seen + writer.stdout.read().splitlines(keepends=True)
            if line.startswith("done") and line.endswith("\n")]
    reopened = Runback.open(path, clock=lambda: NOW)
    notes = {entry.notes for entry in (*reopened.log.check_ins, *reopened.log.sessions)}
    reopened.close()
    noted = [f"a{index}" for _, index, kind, *_ in done if kind != "tick"]
    assert noted and set(noted) <= notes


def test_the_command_line_refuses_to_export_a_file_open_elsewhere_but_can_check_it(
        path, writer, tmp_path):
    exported = cli("export", "--db", path, "--out", tmp_path / "out")
    assert exported.returncode == 2 and exported.stderr.count("\n") == 1
    assert "is already open in Runback" in exported.stderr
    assert not (tmp_path / "out").exists()
    checked = cli("check", "--db", path)  # reading is safe beside a writer (WAL)
    assert checked.returncode == 0 and "integrity: ok" in checked.stdout, checked.stderr


def test_only_one_opener_ever_holds_the_file_while_others_race_to_open_and_close(path):
    """Two openers in a tight loop, each closing (which removes the lock file) as the other
    opens: the lock is never held twice, however the open and the removal interleave.

    They go on until each outcome has happened more than 50 times (counted, not timed);
    the deadline only turns a hang into a failure."""
    holders: list[int] = []
    overlaps: list[int] = []
    counts = {"held": 0, "refused": 0}
    guard = threading.Lock()
    deadline = time.monotonic() + 120

    errors: list[BaseException] = []

    def enough() -> bool:
        with guard:
            return min(counts.values()) > 50

    def opener(name: int) -> None:
        while not enough() and not errors:
            if time.monotonic() > deadline:
                errors.append(TimeoutError(f"fewer than 51 of each in 120 s: {counts}"))
                return
            try:
                store = Store.open(path)
            except FileInUse:
                with guard:
                    counts["refused"] += 1
                continue
            except BaseException as error:  # anything else is a failure, not a refusal
                errors.append(error)
                return
            with guard:
                holders.append(name)
                if len(holders) > 1:
                    overlaps.append(len(holders))
                counts["held"] += 1
            time.sleep(0.0005)
            with guard:
                holders.remove(name)
            store.close()

    threads = [threading.Thread(target=opener, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and overlaps == []
    assert counts["held"] > 50 and counts["refused"] > 50, counts
    print(f"\nopen/close race: {counts}")


def test_why_a_second_window_is_refused(path):
    """What the lock prevents: past it (a Store made by hand, as a second window would
    have), a window acts on what it last read. Its first tick of a day the other window
    already started makes a second strength session, which the file refuses."""
    first = Runback.open(path, clock=lambda: NOW)
    conn = sqlite3.connect(path, isolation_level=None)
    second = Runback(Store(configure(conn), path), clock=lambda: NOW)
    try:
        assert second.strength_session(START) is None  # what the second window has read
        first.tick_exercise("plank", date=START)
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            second.tick_exercise("glute_bridge", date=START)
    finally:
        second.close()
        first.close()
