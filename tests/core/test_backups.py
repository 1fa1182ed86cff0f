"""Automatic backups (core/file/backups.py): when they are taken, which are kept, what they hold."""

from __future__ import annotations

import datetime as dt

import pytest

from core.file import backups
from core.file.backups import BackupSettings, Keeper, due, thin
from core.runback import Runback

T = dt.datetime


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# --- thinning: (id, today, backups taken, limits, the ones deleted) -----------------------
# 2026-11-29 is a Sunday; weeks run Monday to Sunday.
THINNING = [
    ("nothing to thin", "2026-11-29", [], (12, 10, 9), []),
    ("every backup of today and yesterday is kept", "2026-11-29",
     ["2026-11-29T09:00", "2026-11-29T09:30", "2026-11-28T08:00", "2026-11-28T23:59"],
     (0, 0, 0), []),
    ("before yesterday the newest of each day is kept", "2026-11-29",
     ["2026-11-27T18:00", "2026-11-27T06:00", "2026-11-26T12:00"], (12, 10, 9),
     ["2026-11-27T06:00"]),
    ("days without a backup do not use up a daily place", "2026-11-29",
     ["2026-11-20T10:00", "2026-11-01T10:00", "2026-10-01T10:00"], (3, 0, 0), []),
    ("past the daily places, one a week", "2026-11-29",
     # daily: 26, 25; then week of 16–22 Nov keeps the 22nd, drops the 17th
     ["2026-11-26T10:00", "2026-11-25T10:00", "2026-11-22T10:00", "2026-11-17T10:00"],
     (2, 10, 9), ["2026-11-17T10:00"]),
    ("a week already kept by a daily backup is not kept twice", "2026-11-29",
     # the 24th (daily) is in the week of the 23rd: the 23rd goes
     ["2026-11-24T10:00", "2026-11-23T10:00", "2026-11-15T10:00"], (1, 10, 9),
     ["2026-11-23T10:00"]),
    ("past the weekly places, one a month", "2026-11-29",
     ["2026-11-25T10:00", "2026-11-16T10:00", "2026-11-05T10:00", "2026-10-20T10:00",
      "2026-10-03T10:00", "2026-09-30T10:00"],
     (1, 1, 2), ["2026-11-05T10:00", "2026-10-03T10:00"]),
    ("past every place, the rest go", "2026-11-29",
     ["2026-11-25T10:00", "2026-11-16T10:00", "2026-10-20T10:00", "2025-01-01T10:00"],
     (1, 1, 1), ["2025-01-01T10:00"]),
    ("limits of zero keep only today and yesterday", "2026-11-29",
     ["2026-11-29T10:00", "2026-11-27T10:00", "2026-01-01T10:00"], (0, 0, 0),
     ["2026-11-27T10:00", "2026-01-01T10:00"]),
]


@pytest.mark.parametrize("today, taken, limits, deleted",
                         [pytest.param(*case[1:], id=case[0]) for case in THINNING])
def test_thinning(today, taken, limits, deleted):
    settings = BackupSettings(*limits)
    obsolete = thin([at(t) for t in taken], dt.date.fromisoformat(today), settings)
    assert obsolete == [at(t) for t in deleted]


def test_anki_defaults_keep_a_year_of_daily_backups_to_at_most_33():
    """12 days + 10 weeks + 9 months, plus today and yesterday (Anki's own check)."""
    today = dt.date(2026, 11, 29)
    taken = [T.combine(today - dt.timedelta(days=n), dt.time(10)) for n in range(365)]
    kept = set(taken) - set(thin(taken, today))
    assert len(kept) == 2 + 12 + 10 + 9
    assert max(kept).date() == today and min(kept).date() < today - dt.timedelta(days=240)


# --- when: (id, last backup, now, changed, closing, due?) --------------------------------
DUE = [
    ("no change, no backup", None, "2026-11-29T10:00", False, False, False),
    ("no change, closing: none", "2026-11-29T09:00", "2026-11-29T10:00", False, True, False),
    ("the first change of a file never backed up", None, "2026-11-29T10:00", True, False,
     True),
    ("a change 29 minutes after the last backup waits", "2026-11-29T10:00",
     "2026-11-29T10:29", True, False, False),
    ("a change 30 minutes after", "2026-11-29T10:00", "2026-11-29T10:30", True, False, True),
    ("closing after a change, a minute after the last", "2026-11-29T10:00",
     "2026-11-29T10:01", True, True, True),
    ("the clock went back", "2026-11-29T10:00", "2026-11-29T08:00", True, False, True),
]


@pytest.mark.parametrize("last, now, changed, closing, expected",
                         [pytest.param(*case[1:], id=case[0]) for case in DUE])
def test_due(last, now, changed, closing, expected):
    assert due(at(last) if last else None, at(now), changed, closing) is expected


def test_settings_refuse_what_is_not_a_whole_number():
    with pytest.raises(ValueError, match="daily"):
        BackupSettings(daily=-1)
    with pytest.raises(ValueError, match="weekly"):
        BackupSettings(weekly=2.0)


# --- the keeper, on a real file with a clock moved by hand --------------------------------

class MinuteClock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 29, 9, 0).astimezone()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)


def test_after_changes_at_most_one_backup_every_30_minutes_and_one_on_close(tmp_path):
    clock = MinuteClock()
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    runback.setup("patellofemoral_pain", "left", 3, True)
    keeper = Keeper(tmp_path / "runner.db", clock)
    taken = []
    for minute in range(0, 100, 5):  # a change every 5 minutes, the last at minute 95
        runback.log_sleep(7 + minute / 100)
        taken.append(keeper.after_change(runback.store.conn))
        clock.advance(5)
    at_minutes = [n * 5 for n, path in enumerate(taken) if path is not None]
    assert at_minutes == [0, 30, 60, 90]
    assert keeper.before_close(runback.store.conn) is not None  # changed since 90
    assert keeper.before_close(runback.store.conn) is None  # nothing new
    runback.close()
    assert len(backups.list_backups(tmp_path / "runner.db")) == 5


def test_a_keeper_counts_from_the_newest_backup_already_in_the_folder(runner_file, clock):
    path = runner_file.store.path
    backups.take(runner_file.store.conn, path, clock())
    keeper = Keeper(path, clock)
    runner_file.log_sleep(8)
    assert keeper.after_change(runner_file.store.conn) is None  # same minute as the last
    assert keeper.before_close(runner_file.store.conn) is not None


# --- taking, naming, listing --------------------------------------------------------------

def test_a_backup_is_named_by_its_time_and_says_what_it_holds(runner_file, clock):
    path = runner_file.store.path
    runner_file.log_mobility(20)
    clock.advance(3)
    runner_file.log_mobility(15)
    first = backups.take(runner_file.store.conn, path, clock())
    second = backups.take(runner_file.store.conn, path, clock())  # the same second
    assert first.name == f"runner-{clock.day.isoformat()}T09-00-00.db"
    assert second.name == f"runner-{clock.day.isoformat()}T09-00-01.db"
    assert first.parent == path.parent / "backups"
    listed = backups.list_backups(path)
    assert [info.path for info in listed] == [second, first]  # newest first
    info = listed[0]
    assert (info.sessions, info.last_entry, info.days) == (2, clock.day, 4)
    assert info.size_bytes == second.stat().st_size
    assert "2 sessions, last entry" in info.describe()


def test_backups_of_two_runners_in_one_folder_stay_apart(tmp_path, clock):
    one = Runback.create(tmp_path / "runner.db", clock=clock)
    two = Runback.create(tmp_path / "runner-2.db", clock=clock)
    backups.take(one.store.conn, one.store.path, clock())
    backups.take(two.store.conn, two.store.path, clock())
    assert len(backups.list_backups(one.store.path)) == 1
    assert len(backups.list_backups(two.store.path)) == 1
    one.close()
    two.close()


def test_thinning_removes_old_backups_but_never_one_before_a_restore(runner_file, clock):
    path = runner_file.store.path
    conn = runner_file.store.conn
    for days_ago in (40, 30, 20):
        backups.take(conn, path, clock() - dt.timedelta(days=days_ago))
    backups.take(conn, path, clock() - dt.timedelta(days=30), before_restore=True)
    backups.take(conn, path, clock(), BackupSettings(daily=1, weekly=0, monthly=0))
    names = sorted(info.path.name for info in backups.list_backups(path))
    assert len(names) == 3
    assert any(name.endswith("-before-restore.db") for name in names)
