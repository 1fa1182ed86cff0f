"""A runner's plan: the default protocol with their physio's dated changes applied.

A change takes effect from its date on, so a decision made last month keeps the
thresholds it was made with: the history never rewrites itself.
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import lru_cache

from core.model import PlanChange
from core.rules.protocol import Protocol

# Plan keys that are not protocol settings: a physio placing the runner on a ladder level.
LEVEL_KEY = "walk_run.level"


class Plan:
    def __init__(self, base: Protocol, changes: tuple[PlanChange, ...] = ()):
        self.base = base
        self.changes = tuple(sorted(changes, key=lambda c: (c.date, c.id)))
        # Changes saved by one action (same date and moment) apply together.
        groups: dict[tuple[dt.date, str], dict[str, object]] = {}
        for change in self.changes:
            if change.key != LEVEL_KEY:
                groups.setdefault((change.date, change.recorded_at), {})[change.key] = \
                    change.value
        self._groups = tuple(groups.items())
        self._dates = [date for date, _ in groups]  # in date order, as the changes
        self.level_sets: tuple[PlanChange, ...] = tuple(
            c for c in self.changes if c.key == LEVEL_KEY)
        self._on = lru_cache(maxsize=64)(self._protocol_with)

    def on(self, day: dt.date) -> Protocol:
        """The protocol in force on ``day``."""
        # Asked for every week and every run of a summary: a search, not a pass.
        return self._on(bisect.bisect_right(self._dates, day))

    @property
    def change_dates(self) -> tuple[dt.date, ...]:
        """The days the protocol in force changes, in order (the same day may repeat)."""
        return tuple(self._dates)

    @property
    def current(self) -> Protocol:
        return self._on(len(self._groups))

    def _protocol_with(self, count: int) -> Protocol:
        protocol = self.base
        for _, changes in self._groups[:count]:
            protocol = protocol.with_overrides(changes)
        return protocol
