"""A log's entries of one kind, as a sorted tuple that finds an entry by its key, or a
range of dates, without a pass over the history; and sessions, kept apart by kind too.

``core.model.Log`` holds its entries this way. The values themselves are the model's.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

if TYPE_CHECKING:
    import datetime as dt

    from core.model import Session, SessionKind

# How entries told apart by each key are sorted.
_BY_DATE = operator.attrgetter("date")
_SORT_ORDER = {"date": _BY_DATE, "id": operator.attrgetter("date", "id")}

E = TypeVar("E")  # the entries' type: CheckIn, Session …


class Entries(tuple[E, ...], Generic[E]):
    """Log entries of one kind, sorted by date (then id), each found by its key (its date or
    its id) in constant time and a range of dates in logarithmic time.

    A write replaces a few entries (``spliced``): the lookup is carried over with only those
    changed, so a write costs the same with a week or ten years of history. A tuple still:
    equal to the plain tuple of the same entries.
    """

    key: str  # "date" or "id"
    _by_key: dict[Any, E]

    def __new__(cls, entries: Iterable[E] = (), key: str = "id") -> Self:
        made = super().__new__(cls, entries)
        made.key = key
        made._by_key = {getattr(entry, key): entry for entry in made}
        return made

    def __reduce__(self) -> tuple[type[Self], tuple[tuple[E, ...], str]]:
        return type(self), (tuple(self), self.key)

    def get(self, key: object) -> E | None:
        """The entry whose key (date or id) is ``key``, if any."""
        return self._by_key.get(key)

    def since(self, day: dt.date) -> tuple[E, ...]:
        """The entries dated ``day`` or later."""
        return self[bisect.bisect_left(self, day, key=_BY_DATE):]

    def between(self, first: dt.date, last: dt.date) -> tuple[E, ...]:
        """The entries dated from ``first`` to ``last``, both included."""
        return self[bisect.bisect_left(self, first, key=_BY_DATE):
                    bisect.bisect_right(self, last, key=_BY_DATE)]

    def before(self, day: dt.date) -> E | None:
        """The latest entry dated before ``day``, if any."""
        index = bisect.bisect_left(self, day, key=_BY_DATE)
        return self[index - 1] if index else None

    def spliced(self, fresh: Iterable[E], keys: Iterable[object]) -> Self:
        """These entries with those of ``keys`` replaced by ``fresh`` (gone if not in it)."""
        order = _SORT_ORDER[self.key]
        items, by_key = list(self), dict(self._by_key)
        for entry in [by_key.pop(key) for key in keys if key in by_key]:
            index = bisect.bisect_left(items, order(entry), key=order)
            if index == len(items) or items[index] is not entry:  # not sorted as it should be
                index = items.index(entry)
            del items[index]
        for entry in fresh:
            bisect.insort(items, entry, key=order)
            by_key[getattr(entry, self.key)] = entry
        made = tuple.__new__(type(self), items)
        made.key, made._by_key = self.key, by_key
        return made


class Sessions(Entries["Session"]):
    """Sessions, with those of each kind kept apart as well (and spliced alike)."""

    _kinds: dict[SessionKind, Entries[Session]]

    def __new__(cls, entries: Iterable[Session] = (), key: str = "id") -> Self:
        made = super().__new__(cls, entries, key)
        groups: dict[SessionKind, list[Session]] = {}
        for session in made:
            groups.setdefault(session.kind, []).append(session)
        made._kinds = {kind: Entries(group) for kind, group in groups.items()}
        return made

    def of(self, kind: SessionKind) -> Entries[Session]:
        return self._kinds.get(kind, _NO_SESSIONS)

    def latest(self, kinds: Iterable[SessionKind], count: int) -> list[Session]:
        """The last ``count`` sessions of these kinds, in date order (read from the end of
        each kind, not from every session)."""
        if count <= 0:
            return []
        latest = [session for kind in set(kinds) for session in self.of(kind)[-count:]]
        return sorted(latest, key=_SORT_ORDER["id"])[-count:]

    def spliced(self, fresh: Iterable[Session], keys: Iterable[object]) -> Self:
        fresh, keys = list(fresh), set(keys)
        gone = [session for session in map(self.get, keys) if session is not None]
        made = super().spliced(fresh, keys)
        made._kinds = dict(self._kinds)
        for kind in {session.kind for session in (*gone, *fresh)}:
            made._kinds[kind] = self.of(kind).spliced(
                [s for s in fresh if s.kind is kind], [s.id for s in gone if s.kind is kind])
        return made


_NO_SESSIONS: Entries[Session] = Entries()
