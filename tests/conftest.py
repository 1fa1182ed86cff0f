"""Shared fixtures. Qt tests run headless: the offscreen platform is set before Qt loads."""

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from core.runback import Runback

START = dt.date(2026, 3, 2)  # a Monday


class Clock:
    """A settable clock for the facade: tests move days forward by hand."""

    def __init__(self, day: dt.date = START):
        self.day = day

    def __call__(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(9, 0)).astimezone()

    def advance(self, days: int = 1) -> dt.date:
        self.day += dt.timedelta(days=days)
        return self.day


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def runner_file(tmp_path, clock):
    """A real runner file on disk, set up in stage 1, with the test clock."""
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=4, can_walk_30_min=False,
                  goal="Run 10 km")
    yield runback
    runback.close()
