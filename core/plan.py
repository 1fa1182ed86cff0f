"""A runner's plan: the default protocol with their physio's dated changes applied.

A change takes effect from its date on, so a decision made last month keeps the
thresholds it was made with: the history never rewrites itself.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from core.model import PlanChange
from core.protocol import Protocol

# Plan keys that are not protocol settings: a physio placing the runner on a ladder level.
LEVEL_KEY = "walk_run.level"


class Plan:
    def __init__(self, base: Protocol, changes: tuple[PlanChange, ...] = ()):
        self.base = base
        self.changes = tuple(sorted(changes, key=lambda c: (c.date, c.id)))
        self._protocol_changes = tuple(c for c in self.changes if c.key != LEVEL_KEY)
        self.level_sets: tuple[PlanChange, ...] = tuple(
            c for c in self.changes if c.key == LEVEL_KEY)
        self._on = lru_cache(maxsize=64)(self._protocol_with)

    def on(self, day: dt.date) -> Protocol:
        """The protocol in force on ``day``."""
        count = sum(1 for c in self._protocol_changes if c.date <= day)
        return self._on(count)

    @property
    def current(self) -> Protocol:
        return self._on(len(self._protocol_changes))

    def _protocol_with(self, count: int) -> Protocol:
        protocol = self.base
        for change in self._protocol_changes[:count]:
            protocol = protocol.with_override(change.key, change.value)
        return protocol
