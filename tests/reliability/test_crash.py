"""Crash safety: a writer process is killed with SIGKILL at random moments, over and over,
on one runner file that keeps growing; after every kill the file is sound, opens in the
app, and holds every action the writer had been told was saved.

The writer (tests/reliability/writer.py) makes real user actions through the facade:
check-ins, exercise ticks (the first of a day creates the session and its exercises in
the same transaction), walk–run sessions and runs. SIGKILL ends a process at once, with
no clean-up: what SQLite's WAL and full sync promise is that a committed action is kept
and an uncommitted one leaves no trace. (A power cut is stronger than SIGKILL: synchronous
= FULL is what covers it, and it is not simulated here.)

Settings: RUNBACK_CRASH_KILLS (default 120) and RUNBACK_CRASH_SEED (default 2026).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.file.datafile import check_file
from core.runback import Runback
from tests.reliability.writer import EXERCISES, NOW, START

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("RUNBACK_CRASH_KILLS", "120"))
SEED = int(os.environ.get("RUNBACK_CRASH_SEED", "2026"))
EARLY_KILLS = 0.1  # the share of kills sent as the writer opens the file (and recovers it)
MOST_CONFIRMED = 60  # otherwise a kill follows 0..60 confirmed actions


@dataclass
class Tally:
    kills: int = 0
    before_ready: int = 0  # kills while the writer was still starting (opening the file)
    mid_action: int = 0  # kills that landed between an action's begin and done
    confirmed: dict[int, tuple[str, str]] = field(default_factory=dict)  # index: kind, what
    in_flight: set[int] = field(default_factory=set)  # begun, never confirmed
    next_index: int = 0
    awaited: int = 0  # the confirmations the kills waited for (all were confirmed)


def run_and_kill(path: Path, tally: Tally, rng: random.Random) -> None:
    """Start the writer, kill it on a random event, and record what it confirmed.

    The moments are events read from the writer, never timings: right after it says it is
    opening the file, or after a random number of confirmed actions, then at once (the next
    action starting) or right after the next ``begin`` (that action under way)."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(path), str(tally.next_index),
         str(rng.randrange(2**32))], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    read = []

    def line() -> str:
        read.append(writer.stdout.readline())
        assert read[-1].endswith("\n"), f"the writer ended: {read[-3:]}"
        return read[-1]

    try:
        assert line() == "opening\n"
        if rng.random() >= EARLY_KILLS:
            assert line() == "ready\n"
            awaited = rng.randint(0, MOST_CONFIRMED)
            tally.awaited += awaited
            done = 0
            while done < awaited:
                done += line().startswith("done ")
            if rng.random() < 0.5:
                while not line().startswith("begin "):
                    pass
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait()
    output = "".join(read) + writer.stdout.read()
    writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    tally.kills += 1
    lines = [line.split() for line in output.splitlines(keepends=True)
             if line.endswith("\n")]  # a line cut off by the kill confirms nothing
    if ["ready"] not in lines:
        tally.before_ready += 1
    begun = None
    for word, *rest in lines[1:]:
        if word == "begin":
            begun = int(rest[0])
            tally.next_index = begun + 1
        elif word == "done":
            tally.confirmed[int(rest[0])] = (rest[1], " ".join(rest[2:]))
            begun = None
    if begun is not None:
        tally.mid_action += 1
        tally.in_flight.add(begun)


def verify(path: Path, tally: Tally) -> int:
    """The file after a kill: sound, opens in the app, every confirmed action in it.

    :return: how many confirmed actions were found (all of them, or the test fails).
    """
    report = check_file(path)  # the read-only check of `runback check`, before any open
    assert "integrity: ok" in report and "foreign keys: ok" in report, report
    runback = Runback.open(path, clock=lambda: NOW)
    try:
        assert runback.store.check() == ["ok"]
        log = runback.log
        notes = {entry.notes for entry in (*log.check_ins, *log.sessions)}
        ticked = {f"{s.date.isoformat()} {e.key}" for s in log.sessions for e in s.exercises
                  if e.ticked}
        for session in log.sessions:
            if session.exercises:  # a strength day is created whole, with every exercise
                assert len(session.exercises) == len(EXERCISES), session
        missing = [(index, kind, what) for index, (kind, what) in tally.confirmed.items()
                   if (what not in ticked if kind == "tick" else f"a{index}" not in notes)]
        assert not missing, f"confirmed actions lost after kill {tally.kills}: {missing[:5]}"
        # Nothing appears that was not at least begun: an unconfirmed action is either
        # whole (its commit finished just before the kill) or absent.
        unconfirmed = {int(n[1:]) for n in notes if n.startswith("a")} - set(tally.confirmed)
        assert unconfirmed <= tally.in_flight, unconfirmed - tally.in_flight
        return len(tally.confirmed)
    finally:
        runback.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_confirmed_action(tmp_path):
    path = tmp_path / "runner.db"
    runback = Runback.create(path, clock=lambda: NOW)
    runback.setup("patellofemoral_pain", "left", 3, True, start_date=START)
    runback.close()
    rng = random.Random(SEED)
    tally = Tally()
    started = time.perf_counter()  # reported, never asserted
    found = 0
    while tally.kills < KILLS:
        run_and_kill(path, tally, rng)
        found = verify(path, tally)
    seconds = time.perf_counter() - started
    print(f"\ncrash test (seed {SEED}): {tally.kills} kills ({tally.mid_action} during an "
          f"action, {tally.before_ready} while starting), {len(tally.confirmed)} confirmed "
          f"actions, {found} found, {len(tally.confirmed) - found} lost, "
          f"{len(tally.in_flight)} in flight; {seconds:.0f} s")
    assert tally.kills == KILLS  # 120 unless RUNBACK_CRASH_KILLS says otherwise
    # Every confirmation a kill waited for was read, so at least that many were confirmed,
    # whatever the machine's speed; and every one of them was found.
    assert found == len(tally.confirmed) >= tally.awaited > 10 * KILLS
    assert tally.mid_action > KILLS // 2  # most kills cut an action short


def test_the_check_sees_a_lost_or_phantom_action(tmp_path):
    """The verification itself: a confirmed action missing from the file fails it, and so
    does an entry that no writer ever began."""
    path = tmp_path / "runner.db"
    runback = Runback.create(path, clock=lambda: NOW)
    runback.setup("patellofemoral_pain", "left", 3, True, start_date=START)
    runback.check_in(2, "a0", date=START, replace=True)
    runback.close()
    lost = Tally(confirmed={0: ("check_in", ""), 1: ("check_in", "")})
    with pytest.raises(AssertionError, match="lost"):
        verify(path, lost)
    with pytest.raises(AssertionError):
        verify(path, Tally())  # a0 is there, but was never begun
    assert verify(path, Tally(confirmed={0: ("check_in", "")})) == 1
