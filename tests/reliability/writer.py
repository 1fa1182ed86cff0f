"""A runner using Runback as fast as they can, for test_crash.py to kill at random.

Run as ``python -m tests.reliability.writer FILE FIRST SEED``. It prints ``opening`` before
it opens the file and ``ready`` once it has. Every action goes through
the facade, as the app's would. Before an action it prints ``begin N``; only after the
facade call has returned (committed) does it print ``done N KIND DAY [EXERCISE]``, so a
``done`` line is an action the runner was told was saved.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from core.rules import protocol
from core.runback import Runback

START = dt.date(2001, 1, 1)
# Far ahead of START, so each action can have a day of its own: a check-in per day is
# kept (a second one the same day corrects the first), and these must all be findable.
NOW = dt.datetime(2099, 12, 31, 9, 0).astimezone()  # the last day Runback keeps
KINDS = ("check_in", "tick", "walk_run", "run")
EXERCISES = tuple(e.key for e in protocol.default().exercises)


def day_of(index: int) -> dt.date:
    return START + dt.timedelta(days=index)


class Writer:
    def __init__(self, runback: Runback, rng: random.Random):
        self.rb = runback
        self.rng = rng
        self.strength_day: dt.date | None = None  # the day whose exercises are being ticked
        self.unticked: list[str] = []

    def act(self, index: int, kind: str) -> str:
        """Do one action; return what identifies it in the file (besides its note)."""
        rng, rb, day, note = self.rng, self.rb, day_of(index), f"a{index}"
        if kind == "check_in":
            rb.check_in(rng.randint(0, 10), note, date=day, replace=True)
        elif kind == "walk_run":
            rb.log_walk_run(rng.randint(1, 8), rng.choice((1, 1.5, 2, 3)), rng.choice((1, 2)),
                            rng.randint(0, 4), rng.randint(3, 5), notes=note, date=day)
        elif kind == "run":
            rb.log_run("easy", rng.randint(10, 45), rng.randint(3, 6), rng.randint(0, 3),
                       distance_km=rng.choice((None, 3.5, 5.0)), notes=note, date=day)
        else:
            if not self.unticked or rng.random() < 0.4:  # a new strength day
                self.strength_day, self.unticked = day, list(EXERCISES)
                rng.shuffle(self.unticked)
            key = self.unticked.pop()
            rb.tick_exercise(key, pain=rng.choice((None, 0, 1, 2)), date=self.strength_day)
            return f"{self.strength_day.isoformat()} {key}"
        return day.isoformat()


def main(argv: list[str]) -> None:
    path, first, seed = Path(argv[0]), int(argv[1]), int(argv[2])
    print("opening", flush=True)  # a kill on this line lands in the open (and recovery)
    runback = Runback.open(path, clock=lambda: NOW)
    # sqlite-utils is loaded before the first action (the window loads it on the first
    # save), so the kills land among actions, not in a ~0.1-0.3 s import.
    runback.store.db  # noqa: B018
    writer = Writer(runback, random.Random(seed))
    print("ready", flush=True)
    index = first
    while True:
        kind = writer.rng.choice(KINDS)
        print(f"begin {index}", flush=True)
        what = writer.act(index, kind)
        print(f"done {index} {kind} {what}", flush=True)
        index += 1


if __name__ == "__main__":
    main(sys.argv[1:])
