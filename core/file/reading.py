"""Reading the runner file into a ``Log``: all the SQL that turns rows into entries.

Two reads over the store's connection: the bounded first view (``load_first``: the small
tables whole, then only the entries core/rules/reach.py names, whatever the length of the
history), and the whole file read in slices between turns of a window's event loop
(``start_reading``, ``read_more``; ``load`` finishes it). After an action, only the rows
it wrote are read again (``refreshed``). A damaged table raises ``NotARunbackFile``, a
broken row ``BrokenRow`` naming it (core/file/row_checks.py). The writes, and the store
that owns the connection, are in core/file/store.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import sqlite3
import time
from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.entries import Entries, Sessions
from core.errors import NotARunbackFile
from core.file.row_checks import first_broken
from core.file.rows import (
    CONVERSION_ERRORS,
    LOADERS,
    exercise_from_row,
    profile_from_row,
    session_from_row,
    splice,
)
from core.model import ENTRY_KEYS, ExerciseTick, Log, Profile, SessionKind

if TYPE_CHECKING:
    from core.rules.reach import Reach

# A read in slices turns this many rows into entries between two turns of the event loop
# (a few milliseconds).
BATCH_ROWS = 200
# Tables of a few rows a month, read whole for the first view (core/rules/reach.py).
SMALL_TABLES = ("readiness", "cadence_baselines", "stage_events", "plan_changes",
                "surgery_checks", "questionnaires", "discharges")
ONE_DAY = dt.timedelta(days=1)


class Reader:
    """Reads one runner file's entries over its store's connection (``Store`` delegates
    to it); holds the read in slices under way, if any, and what it read until taken."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self._conn = conn
        self.path = path
        self._reading: Generator[None, None, Log] | None = None  # the file read in slices
        self._read: Log | None = None  # ... and what it read, until ``load`` takes it

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Rows read by column name (``sqlite3.Row``: no dict built per row)."""
        cursor = self._conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    def _converted(self, table: str, rows: list[sqlite3.Row], convert: Callable) -> list:
        # A cell another program broke raises in its converter; only then are the rows
        # looked at again, to name the one at fault (loading stays one pass).
        try:
            return [convert(row) for row in rows]
        except CONVERSION_ERRORS as error:
            raise first_broken(self.path, table, rows, convert, error) from None

    def _sessions(self, rows: list[sqlite3.Row], ticks: dict[int, list[ExerciseTick]]
                  ) -> list:
        try:
            return [session_from_row(row, ticks.get(row["id"], ())) for row in rows]
        except CONVERSION_ERRORS as error:
            raise first_broken(self.path, "sessions", rows,
                               lambda row: session_from_row(row, ()), error) from None

    def profile(self) -> Profile | None:
        rows = self.query("SELECT * FROM profile")
        if not rows:
            return None
        try:
            return profile_from_row(rows[0])
        except CONVERSION_ERRORS as error:
            raise first_broken(self.path, "profile", rows, profile_from_row, error) from None

    def entries(self, field: str, where: str, params: tuple = ()) -> list:
        """The domain values of one table, in date order, optionally filtered."""
        table, key, convert = LOADERS[field]
        rows = self.query(f"SELECT * FROM {table} {where} ORDER BY {key}", params)
        if convert is not None:  # all but sessions
            return self._converted(table, rows, convert)
        ticks: dict[int, list[ExerciseTick]] = {}
        ids = [row["id"] for row in rows]
        tick_where = "" if not where else (
            f"WHERE session_id IN ({', '.join('?' * len(ids))})")
        if ids or not where:
            tick_rows = self.query(f"SELECT * FROM exercise_ticks {tick_where} "
                                    f"ORDER BY session_id, position", ids if where else ())
            for row, tick in zip(tick_rows, self._converted("exercise_ticks", tick_rows,
                                                            exercise_from_row), strict=True):
                ticks.setdefault(row["session_id"], []).append(tick)
        return self._sessions(rows, ticks)

    # --- the bounded first view -------------------------------------------------------

    def load_first(self, reach_of: Callable[[Log], Reach]) -> Log:
        """What the first view reads (core/rules/reach.py), without the rest of the history:
        the small tables whole, then the entries ``reach_of`` them names. A bounded read,
        whatever the length of the history.

        :raises NotARunbackFile, BrokenRow: as ``load``.
        """
        try:
            small: dict[str, Any] = {field: tuple(self.entries(field, ""))
                                     for field in SMALL_TABLES}
            log = Log(profile=self.profile(), **small)
            return replace(log, **self._reached(reach_of(log)))
        except sqlite3.DatabaseError as error:
            raise NotARunbackFile(self.path, f"{self.path} is damaged and could not be read "
                                             f"({error}).") from None

    def _reached(self, reach: Reach) -> dict[str, Any]:
        """The big tables' entries ``reach`` names (each query an index seek or range)."""
        since = reach.since.isoformat()
        ids = {row[0] for row in self._conn.execute(
            "SELECT id FROM sessions WHERE kind = 'walk_run' "
            "OR (kind = 'strength' AND date >= ?)",
            (reach.strength_since and reach.strength_since.isoformat(),))}
        firsts_and_lasts = " UNION ALL ".join(
            f"SELECT * FROM (SELECT id FROM sessions WHERE kind = '{kind.value}' "
            f"ORDER BY date {order}, id {order} LIMIT 1)"
            for kind in SessionKind for order in ("ASC", "DESC"))
        ids.update(row[0] for row in self._conn.execute(firsts_and_lasts))
        ids.update(row[0] for row in self._conn.execute(
            "SELECT id FROM sessions WHERE kind = 'run' ORDER BY date DESC, id DESC LIMIT ?",
            (reach.latest_runs,)))
        ids.update(row[0] for row in self._conn.execute(
            "SELECT id FROM sessions WHERE kind = 'run' AND effort > 0 AND minutes > 0 "
            "ORDER BY date, id LIMIT 1"))
        if reach.comfortable is not None:
            ids.update(self._comfortable_runs(*reach.comfortable))
        # One indexed read each, joined (an OR of them would scan the whole table).
        sessions = self.entries(
            "sessions", "WHERE id IN (SELECT id FROM sessions WHERE date >= ? AND (date >= ? "
                        "OR kind IN ('walk_run', 'run')) UNION ALL SELECT value FROM "
                        "json_each(?))",
            (since, reach.all_kinds_since.isoformat(), json.dumps(sorted(ids))))
        # Check-ins around each walk–run: the days before it, and the next morning.
        spans: list[list[dt.date]] = []
        before = dt.timedelta(days=reach.check_ins_before_walk_runs)
        for day in sorted({s.date for s in sessions if s.kind is SessionKind.WALK_RUN}):
            if spans and day - before <= spans[-1][1] + ONE_DAY:
                spans[-1][1] = day + ONE_DAY
            else:
                spans.append([day - before, day + ONE_DAY])
        around = "".join(" UNION ALL SELECT date FROM check_ins WHERE date BETWEEN ? AND ?"
                         for _ in spans)
        check_ins = self.entries(
            "check_ins", f"WHERE date IN (SELECT date FROM check_ins WHERE date >= ? "
                         f"UNION ALL SELECT * FROM (SELECT date FROM check_ins ORDER BY date "
                         f"DESC LIMIT ?){around})",
            (since, reach.latest_check_ins,
             *(day.isoformat() for span in spans for day in span)))
        return {"sessions": sessions, "check_ins": check_ins}

    def _comfortable_runs(self, since: dt.date, pain: int, needed: int,
                          run_types: tuple[str, ...]) -> list[int]:
        """The first ``needed`` runs of each of ``run_types`` since ``since`` at pain
        ``pain`` or less: read from ``since`` on only until each type has them."""
        counts = dict.fromkeys(run_types, 0)
        found = []
        cursor = self._conn.execute(
            "SELECT id, run_type FROM sessions WHERE kind = 'run' AND date >= ? "
            "AND coalesce(pain_during, 0) <= ? ORDER BY date, id", (since.isoformat(), pain))
        for session_id, run_type in cursor:
            if min(counts.values(), default=needed) >= needed:
                break
            if counts.get(run_type, needed) < needed:
                counts[run_type] += 1
                found.append(session_id)
        cursor.close()
        return found

    # --- the whole file, in slices ----------------------------------------------------

    @property
    def under_way(self) -> bool:
        """Whether a read in slices has begun and not yet reached the end of the file."""
        return self._reading is not None

    def load(self) -> Log:
        """Everything in the file, sorted by date (the rest of a read begun in slices, if
        one is under way).

        The cyclic garbage collector is paused meanwhile: the tens of thousands of objects
        made here would each count towards its passes, and the full ones rescan everything
        made so far (at 50 years ``python -m bench`` saw 0.9 s with it, 0.5 s without). The
        log holds no reference cycles; collection resumes as it was when the load ends, and
        skips what was alive then (``gc.freeze``)."""
        if self._reading is None:
            self.start_reading()
        return self.finish()

    def start_reading(self) -> None:
        """Begin reading the whole file in slices (``read_more``), in one read transaction:
        the entries come from one state of the file even if another program writes to it
        meanwhile. Anything that needs the connection first finishes the read
        (``Store.conn``)."""
        if self._reading is None and self._read is None:
            self._reading = self._read_in_slices()

    def read_more(self, seconds: float) -> bool:
        """Read on for about ``seconds`` (a slice between two turns of a window's event
        loop); True once the whole file is read (``load`` then returns it at once).

        :raises NotARunbackFile, BrokenRow: as ``load``.
        """
        if self._reading is None:
            return True
        ends = time.perf_counter() + seconds
        try:
            next(self._reading)  # at least one batch, however short the slice
            while time.perf_counter() < ends:
                next(self._reading)
        except StopIteration as done:
            self._reading, self._read = None, done.value
            return True
        except BaseException:
            self._reading = None
            raise
        return False

    def stop_reading(self) -> None:
        """Drop a read under way, or one finished and not yet taken (the file changed, or
        closes)."""
        reading, self._reading, self._read = self._reading, None, None
        if reading is not None:
            reading.close()  # its transaction ends, the garbage collector resumes

    def finish(self) -> Log:
        """The read under way, read to its end (taken: ``load`` starts another)."""
        while not self.read_more(60.0):
            pass
        read, self._read = self._read, None
        assert read is not None  # read_more returned True: the read is whole
        return read

    def _read_in_slices(self) -> Generator[None, None, Log]:
        """Every table, a batch of rows at a time (``None`` yielded between batches)."""
        collecting = gc.isenabled()
        gc.disable()
        began = not self._conn.in_transaction
        try:
            if began:
                self._conn.execute("BEGIN")
            entries: dict[str, Any] = {}
            for field in LOADERS:
                found = yield from self._entries_in_slices(field)
                # Sorted and found by key (core/entries.py): one table's index a slice.
                entries[field] = (Sessions if field == "sessions" else Entries)(
                    found, ENTRY_KEYS[field])
                yield
            log = Log(profile=self.profile(), **entries)
            # The entries live as long as the file is open and hold no reference cycles:
            # kept out of every later collection, or the first ones after the read would
            # walk them all (at 50 years a 70 ms and a 150 ms pause of the window).
            gc.freeze()
            return log
        except sqlite3.DatabaseError as error:
            raise NotARunbackFile(self.path, f"{self.path} is damaged and could not be read "
                                             f"({error}).") from None
        finally:
            if began and self._conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("COMMIT")  # a read: nothing to keep or lose
            if collecting:
                gc.enable()

    def _batches(self, sql: str, params: tuple | list = ()
                 ) -> Generator[list[sqlite3.Row], None, None]:
        cursor = self._conn.cursor()
        cursor.row_factory = sqlite3.Row
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH_ROWS):
            yield rows

    def _entries_in_slices(self, field: str) -> Generator[None, None, list]:
        """The domain values of one table, in date order, a batch at a time."""
        table, key, convert = LOADERS[field]
        entries: list = []
        if convert is not None:  # all but sessions
            for rows in self._batches(f"SELECT * FROM {table} ORDER BY {key}"):
                entries += self._converted(table, rows, convert)
                yield
            return entries
        ticks: dict[int, list[ExerciseTick]] = {}
        for rows in self._batches("SELECT * FROM exercise_ticks ORDER BY session_id, position"):
            for row, tick in zip(rows, self._converted("exercise_ticks", rows,
                                                       exercise_from_row), strict=True):
                ticks.setdefault(row["session_id"], []).append(tick)
            yield
        for rows in self._batches(f"SELECT * FROM {table} ORDER BY {key}"):
            entries += self._sessions(rows, ticks)
            yield
        return entries

    # --- after an action: the rows it wrote, read again -------------------------------

    def refreshed(self, log: Log, touched: list[tuple[str, object]]) -> Log:
        """``log`` with the rows in ``touched`` read again: a write's cost does not grow
        with the history."""
        changes: dict[str, Any] = {}  # Log field -> its new value
        by_field: dict[str, set] = {}
        for field, key in touched:
            by_field.setdefault(field, set()).add(key)
        try:
            for field, keys in by_field.items():
                if field == "profile":
                    changes["profile"] = self.profile()
                    continue
                _, key_column, _ = LOADERS[field]
                column = key_column.split(",")[-1].strip()  # date, or id
                values = [k.isoformat() if isinstance(k, dt.date) else k for k in keys]
                fresh = self.entries(field, f"WHERE {column} IN "
                                             f"({', '.join('?' * len(values))})", tuple(values))
                changes[field] = splice(getattr(log, field), fresh, column, set(keys))
        except sqlite3.DatabaseError as error:
            raise NotARunbackFile(self.path, f"{self.path} is damaged and could not be read "
                                             f"({error}).") from None
        return replace(log, **changes)
