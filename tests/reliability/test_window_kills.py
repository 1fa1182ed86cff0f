"""Crash safety through the real window: a ``MainWindow`` (offscreen) driven through its
widgets (tests/reliability/window_writer.py: check-ins, ticks and unticks, walk–run logs,
cross-training, the physio's level and stage changes) is killed with SIGKILL at random
moments, over and over, on one runner file; after every kill each action the window had
shown saved is in the file, and in the main file alone (a copy of ``runner.db`` without
its ``-wal``, as a runner copying it to a USB stick would take).

The kill moments are events, never timings: the window prints ``begin N …`` before an
action and ``done N …`` once the window shows it saved; the parent kills after a random
number of ``done`` lines, right after one (the next action starting) or right after the
next ``begin`` (the click being handled, the commit under way), or at once after
``ready`` (the window just built, its first paint). The kill then lands wherever the
window has got to by the time the signal arrives.

Checked after every kill, on the copy of the main file and on the file itself (after the
app's own open, which replays the log): ``PRAGMA integrity_check``; every confirmed entry
(its note or reason ``aN``) present; every exercise's tick state as the window last showed
it (an action in flight at the kill may have landed or not, never half); no entry that was
never begun; every strength day whole.

Settings: RUNBACK_WINDOW_KILLS (default 200) and RUNBACK_WINDOW_SEED (default 2026).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.file.datafile import check_file
from core.runback import Runback
from tests.reliability.damage import ROOT
from tests.reliability.writer import EXERCISES, NOW, day_of

KILLS = int(os.environ.get("RUNBACK_WINDOW_KILLS", "200"))
SEED = int(os.environ.get("RUNBACK_WINDOW_SEED", "2026"))
MOST_CONFIRMED = 12  # a window confirms 0..12 actions before its kill is triggered
DEADLINE_SECONDS = 120  # for any one line from a window: a hang, not a slow machine


@dataclass
class Tally:
    kills: int = 0
    at_start: int = 0  # kills sent as the window came up (right after "ready")
    mid_action: int = 0  # kills that landed between an action's begin and done
    confirmed: dict[int, str] = field(default_factory=dict)  # index: kind (noted entries)
    ticks: dict[tuple[str, str], bool] = field(default_factory=dict)  # (day, key): shown
    confirmed_ticks: int = 0  # tick and untick actions shown saved
    in_flight: set[int] = field(default_factory=set)  # noted entries begun, never confirmed
    tick_in_flight: tuple[str, str] | None = None  # the tick begun when the last kill came
    next_index: int = 0

    @property
    def actions(self) -> int:
        return len(self.confirmed) + self.confirmed_ticks


class Window:
    """A window_writer process: started ahead (its imports done) and told to go."""

    def __init__(self, path: Path, settings: Path, seed: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.window_writer", str(path),
             str(settings), str(seed)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.lines: list[str] = []

    def readline(self) -> str:
        """The window's next line; a window silent for DEADLINE_SECONDS is hung: killed,
        and the test fails."""
        watchdog = threading.Timer(DEADLINE_SECONDS, self.process.kill)
        watchdog.start()
        try:
            line = self.process.stdout.readline()
        finally:
            watchdog.cancel()
        if not line.endswith("\n"):
            pytest.fail(f"the window ended (code {self.process.wait()}) after "
                        f"{self.lines[-3:]} {line!r}")
        if line.startswith("fail"):
            pytest.fail(f"the window did not show an action saved: {line}")
        self.lines.append(line)
        return line

    def go(self, first: int) -> None:
        assert self.readline() == "loaded\n"
        self.process.stdin.write(f"go {first}\n")
        self.process.stdin.flush()
        self.process.stdin.close()
        assert self.readline() == "ready\n"

    def kill(self) -> list[list[str]]:
        """SIGKILL it; every whole line it printed, split."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        rest = self.process.stdout.read()
        self.process.stdout.close()
        assert self.process.returncode == -signal.SIGKILL
        whole = self.lines + rest.splitlines(keepends=True)
        if whole and not whole[-1].endswith("\n"):
            whole.pop()  # cut off by the kill: confirms nothing
        assert not any(line.startswith("fail") for line in whole), whole
        return [line.split() for line in whole]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if not pipe.closed:
                pipe.close()


def run_and_kill(window: Window, tally: Tally, rng: random.Random) -> None:
    """Let ``window`` go, kill it on a random event, and record what it confirmed."""
    window.go(tally.next_index)
    confirmations = rng.randint(0, MOST_CONFIRMED)
    after_begin = confirmations > 0 and rng.random() < 0.5
    done = 0
    while done < confirmations:
        if window.readline().startswith("done "):
            done += 1
    if after_begin:
        while not window.readline().startswith("begin "):
            pass
    words = window.kill()
    tally.kills += 1
    tally.at_start += confirmations == 0
    begun: list[str] | None = None
    for word, *rest in words:
        if word == "begin":
            begun = rest
            tally.next_index = int(rest[0]) + 1
        elif word == "done":
            index, kind = int(rest[0]), rest[1]
            if kind in ("tick", "untick"):
                tally.ticks[(rest[2], rest[3])] = kind == "tick"
                tally.confirmed_ticks += 1
            else:
                tally.confirmed[index] = kind
            begun = None
    tally.tick_in_flight = None
    if begun is not None:
        tally.mid_action += 1
        if begun[1] in ("tick", "untick"):
            tally.tick_in_flight = (begun[2], begun[3])
        else:
            tally.in_flight.add(int(begun[0]))


def stored(path: Path) -> tuple[set[str], dict[tuple[str, str], bool]]:
    """The notes and reasons in a file, and each exercise's tick, read with plain sqlite3;
    the file must pass ``PRAGMA integrity_check`` and hold every strength day whole."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        notes = {note for (note,) in conn.execute(
            "SELECT notes FROM check_ins UNION ALL SELECT notes FROM sessions "
            "UNION ALL SELECT reason FROM plan_changes UNION ALL SELECT reason FROM stage_events")}
        ticks = {(day, key): bool(ticked) for day, key, ticked in conn.execute(
            "SELECT sessions.date, exercise_key, ticked FROM exercise_ticks "
            "JOIN sessions ON sessions.id = session_id")}
        days = conn.execute("SELECT count(*) FROM exercise_ticks GROUP BY session_id")
        assert {count for (count,) in days} <= {len(EXERCISES)}  # a strength day is whole
    finally:
        conn.close()
    return notes, ticks


def verify(path: Path, tally: Tally, what: str) -> None:
    """Every action the window showed saved is in the file at ``path``; nothing that was
    never begun is; an action in flight at the kill is whole or absent."""
    notes, ticks = stored(path)
    missing = sorted(index for index in tally.confirmed if f"a{index}" not in notes)
    assert not missing, f"{what}, kill {tally.kills}: confirmed, not found: {missing[:5]}"
    unconfirmed = {int(note[1:]) for note in notes if note[:1] == "a" and note[1:].isdigit()
                   } - set(tally.confirmed)
    assert unconfirmed <= tally.in_flight, (what, unconfirmed - tally.in_flight)
    wrong = {spot: shown for spot, shown in tally.ticks.items()
             if ticks.get(spot, False) != shown and spot != tally.tick_in_flight}
    assert not wrong, f"{what}, kill {tally.kills}: ticks not as shown: {wrong}"
    strays = {spot for spot, ticked in ticks.items() if ticked
              and spot not in tally.ticks and spot != tally.tick_in_flight}
    assert not strays, f"{what}: ticked, never clicked: {strays}"


def check_after_kill(path: Path, tally: Tally, copies: Path) -> None:
    copy = copies / f"main-file-alone-{tally.kills}.db"
    shutil.copyfile(path, copy)  # the main file alone, no -wal, before anything opens it
    verify(copy, tally, "the main file alone")
    copy.unlink()
    report = check_file(path)  # `runback check`: read-only, the log included
    assert "integrity: ok" in report and "foreign keys: ok" in report, report
    Runback.open(path, clock=lambda: NOW).close()  # the app's open (and recovery) works
    verify(path, tally, "the file")
    # The file is now the truth for an action in flight at the kill: landed or not.
    _, ticks = stored(path)
    if tally.tick_in_flight is not None:
        tally.ticks[tally.tick_in_flight] = ticks.get(tally.tick_in_flight, False)


def kill_windows(path: Path, tmp_path: Path, kills: int, seed: int) -> Tally:
    """Start, drive and kill ``kills`` windows in turn on the file at ``path``, checking the
    file after each kill; return the tally."""
    rng = random.Random(seed)
    tally = Tally()
    copies = tmp_path / "copies"
    copies.mkdir()
    settings = tmp_path / "settings.ini"
    started = time.perf_counter()
    windows = [Window(path, settings, rng.randrange(2**32))]
    try:
        while tally.kills < kills:
            # The next window loads its modules while this one runs and its file is
            # checked; it opens the file only when told to go.
            windows.append(Window(path, settings, rng.randrange(2**32)))
            run_and_kill(windows[0], tally, rng)
            windows.pop(0).stop()
            check_after_kill(path, tally, copies)
    finally:
        for window in windows:
            window.stop()
    print(f"\nwindow kills (seed {seed}): {tally.kills} SIGKILLs of the real window "
          f"({tally.mid_action} mid-action, {tally.at_start} as it came up), "
          f"{tally.actions} actions shown saved ({tally.confirmed_ticks} ticks and unticks), "
          f"all found, 0 lost, in the file and in the main file alone; "
          f"{time.perf_counter() - started:.0f} s")
    assert tally.kills == kills
    return tally


@pytest.mark.slow
def test_sigkill_of_the_real_window_loses_no_action_it_showed_saved(path, tmp_path):
    tally = kill_windows(path, tmp_path, KILLS, SEED)
    assert tally.mid_action > KILLS // 3  # many kills cut an action short
    assert len(set(tally.confirmed.values())) == 5  # every kind of noted entry was shown
    assert tally.confirmed_ticks > KILLS // 2


def test_a_few_sigkills_of_the_real_window_lose_nothing(path, tmp_path):
    """The same proof, short, for the default run (a developer's loop)."""
    tally = kill_windows(path, tmp_path, 8, SEED + 1)
    assert tally.actions > 8


def test_the_check_sees_a_lost_action_a_wrong_tick_or_a_phantom(path):
    """The verification itself: a confirmed entry missing, a tick not as shown, an entry or
    a tick nobody began, each fails it; an action in flight may be there or not."""
    runback = Runback.open(path, clock=lambda: NOW)
    runback.check_in(2, "a0", date=day_of(0), replace=True)
    runback.tick_exercise(EXERCISES[0], date=day_of(1))
    runback.close()
    spot = (day_of(1).isoformat(), EXERCISES[0])
    verify(path, Tally(confirmed={0: "check_in"}, ticks={spot: True}), "sound")
    verify(path, Tally(in_flight={0}, tick_in_flight=spot), "in flight")
    for wrong in (Tally(confirmed={0: "check_in", 5: "cross"}, ticks={spot: True}),
                  Tally(confirmed={0: "check_in"}, ticks={spot: False}),
                  Tally(confirmed={0: "check_in"},
                        ticks={spot: True, (spot[0], EXERCISES[1]): True}),
                  Tally(ticks={spot: True}),
                  Tally(confirmed={0: "check_in"})):
        with pytest.raises(AssertionError):
            verify(path, wrong, "wrong")
