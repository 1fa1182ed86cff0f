"""The runner's file: the only module that speaks SQL.

One SQLite file per runner, in WAL mode with full sync, so each committed action survives
a crash. A file that is missing, not a database, damaged, another app's, or from a newer
Runback is refused with a clear message and left exactly as it was. A save that the disk
refuses (full, read-only, gone) raises ``FileNotWritable`` and leaves nothing half-written.
One file is open in one Runback at a time: a second window or process is refused
(``FileInUse``) rather than left to overwrite entries it has not seen (docs/RELIABILITY.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import sqlite3
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.changes import Row, RowChange
from core.entries import Entries, Sessions
from core.errors import (
    FileMissing,
    FileNotWritable,
    NotARunbackFile,
)
from core.file import schema
from core.file.datafile import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    HeldLock,
    check_writable,
    companions,
    connect,
    hold_lock,
    inspect,
    unlock,
    write_error,
)
from core.file.row_checks import first_broken
from core.file.rows import (
    CONVERSION_ERRORS,
    LOADERS,
    exercise_from_row,
    profile_from_row,
    session_from_row,
    splice,
    to_sql,
)
from core.model import (
    ENTRY_KEYS,
    Actor,
    CadenceBaseline,
    CheckIn,
    Discharge,
    ExerciseTick,
    Log,
    Profile,
    Questionnaire,
    ReadinessCheck,
    SessionKind,
    Sleep,
    Stage,
    StageEventKind,
    SurgeryCheck,
)

if TYPE_CHECKING:  # imported on first write (Store.db): it costs start-up about 80 ms
    from sqlite_utils import Database

    from core.rules.reach import Reach

# A read in slices turns this many rows into entries between two turns of the event loop
# (a few milliseconds).
BATCH_ROWS = 200
# Tables of a few rows a month, read whole for the first view (core/rules/reach.py).
SMALL_TABLES = ("readiness", "cadence_baselines", "stage_events", "plan_changes",
                "surgery_checks", "questionnaires", "discharges")
ONE_DAY = dt.timedelta(days=1)


def creating_path(path: Path) -> Path:
    """Where ``Store.create`` writes a new file before it is whole (hidden, same folder)."""
    return path.with_name(f".{path.name}-creating")


def _write_new(staging: Path) -> None:
    """The schema, in a new owner-only file at ``staging``, synced to the disk."""
    # A creation cut short before left this: it was never the runner's file (O_EXCL after).
    for leftover in (staging, *companions(staging),
                     staging.with_name(staging.name + "-journal")):
        leftover.unlink(missing_ok=True)
    os.close(os.open(staging, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW, 0o600))
    conn = connect(str(staging))
    try:
        conn.execute("PRAGMA synchronous = FULL")
        schema.migrate(conn, None, 0)
    finally:
        conn.close()
    descriptor = os.open(staging, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def place_new(staging: Path, path: Path) -> None:
    """Give the whole file its name: a hard link fails if the name was taken meanwhile
    (a rename would replace it); where links are not supported (FAT), a rename."""
    try:
        os.link(staging, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists() or path.is_symlink():
            raise FileExistsError(17, "File exists", str(path)) from None
        os.replace(staging, path)
    else:
        staging.unlink()
    with contextlib.suppress(OSError):  # a folder cannot be opened on Windows
        descriptor = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # the new name survives a power cut
        finally:
            os.close(descriptor)


# Files an older Runback left beside the runner file and no longer reads: the saved first
# screen (``runner.db-today``, and one half-written). Removed when the file is opened.
LEFTOVERS = ("-today", "-today.new")


def remove_leftovers(path: Path) -> None:
    """Remove what an older Runback left beside ``path`` (best effort: never read again)."""
    for suffix in LEFTOVERS:
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
BUSY_TIMEOUT_MS = 5000


class Store:
    """Reads and writes one runner file. Use ``Store.open``, ``Store.create`` or ``memory``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, backup: Path | None = None,
                 lock: HeldLock | None = None):
        self._conn = conn
        self._db: Database | None = None
        self.path = path
        self.backup = backup  # the copy taken before a migration, if one ran
        self._lock = lock  # held while open: see hold_lock()
        self._touched: list[tuple[str, object]] = []  # rows written since last taken
        self._depth = 0  # actions under way: only the outermost commits and checkpoints
        self._reading: Generator[None, None, Log] | None = None  # the file read in slices
        self._read: Log | None = None  # ... and what it read, until ``load`` takes it
        # Undo (``written``): each table's columns, once its rows are watched; during an
        # action, each row it wrote as it was before (None: not there); after it, the rows.
        self._columns: dict[str, tuple[str, ...]] | None = None
        self._before: dict[tuple[str, int], Row | None] | None = None
        self._written: tuple[RowChange, ...] = ()

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, for writes and whole-file work (backups, copies): a read of the
        file in slices is finished first, so nothing writes while it reads."""
        if self._reading is not None:
            self._finish_reading()
        return self._conn

    @property
    def db(self) -> Database:
        """sqlite-utils over this connection, for writes. Imported on first use: it costs
        about 80 ms, which start-up need not pay (reads use the connection directly), and
        which on a thread of its own paused the window while it read the rest of the file."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def _query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Rows read by column name (``sqlite3.Row``: no dict built per row)."""
        cursor = self._conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params).fetchall()

    @classmethod
    def create(cls, path: Path) -> Store:
        """Create a new, empty runner file (readable by its owner only), then open it.

        The schema is written under a temporary name in the same folder (``.<name>-
        creating``) and linked into place once whole: a crash or a full disk midway leaves
        no runner file at all (the next start creates it again), never an empty or half
        file that locks the runner out.
        """
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise FileNotWritable(path, f"{path} already exists; open it instead of creating "
                                        f"it, or choose another name.")
        if not path.parent.is_dir():
            raise FileMissing(path, f"The folder {path.parent} does not exist.")
        check_writable(path)
        lock = hold_lock(path)  # two Runbacks creating one file: the second is refused
        staging = creating_path(path)
        try:
            if path.exists() or path.is_symlink():
                raise FileNotWritable(path, f"{path} already exists; open it instead of "
                                            f"creating it, or choose another name.")
            _write_new(staging)
            place_new(staging, path)
        except (OSError, sqlite3.Error) as error:
            for leftover in (staging, *companions(staging),
                             staging.with_name(staging.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            if isinstance(error, sqlite3.Error):
                raise write_error(path, error, "the file was not created, and nothing was "
                                                "left behind") from None
            raise FileNotWritable(path, f"Could not create {path}: {error.strerror}. Nothing "
                                        f"was left behind.") from None
        finally:
            unlock(lock, path)
        return cls.open(path)

    @classmethod
    def recreate_empty(cls, path: Path) -> Store:
        """Create a runner file in place of an empty one (a first creation an older Runback
        left cut short): only while it is still empty, which means nothing was ever saved."""
        path = Path(path)
        lock = hold_lock(path)
        try:
            if not path.is_file() or path.is_symlink() or path.stat().st_size:
                raise FileNotWritable(path, f"{path} is no longer empty; it was left as it "
                                            f"was.")
            for leftover in (path, *companions(path)):
                leftover.unlink(missing_ok=True)
        except OSError as error:
            raise FileNotWritable(path, f"Could not replace {path}: {error.strerror}.") from None
        finally:
            unlock(lock, path)
        return cls.create(path)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing runner file, upgrading an older format after a backup."""
        path = Path(path)
        version = inspect(path)
        check_writable(path)
        lock = hold_lock(path)
        fresh = [p for p in companions(path) if not p.exists()]
        conn = None
        try:
            conn = connect(str(path))
            cls._configure(conn)
            backup = schema.migrate(conn, path, version)
        except BaseException as error:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            for companion in fresh:  # only what this attempt made, and nothing it wrote
                with contextlib.suppress(OSError):
                    if companion.name.endswith("-shm") or not companion.stat().st_size:
                        companion.unlink()
            unlock(lock, path)
            if not isinstance(error, sqlite3.DatabaseError):
                raise
            code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
            if code in (SQLITE_CORRUPT, SQLITE_NOTADB, 0, 1):  # 1: an SQL error in a step
                raise NotARunbackFile(path, f"{path} could not be opened ({error}). It was "
                                            f"left as it was.") from None
            raise write_error(path, error, "it was not opened, and was left as it was"
                               ) from None
        store = cls(conn, path, backup, lock)
        store.checkpoint()  # a migration's writes, or a log a crash left, into the file
        remove_leftovers(path)
        return store

    @classmethod
    def memory(cls) -> Store:
        conn = cls._configure(connect(":memory:"))
        schema.migrate(conn, None, 0)
        return cls(conn, None)

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    def close(self) -> None:
        self.stop_reading()
        self.checkpoint()  # closing merges the log too, unless another connection reads
        self.conn.close()
        if self._lock is not None:
            unlock(self._lock, self.path)
            self._lock = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action: all its writes commit together or not at all.

        A write the disk refuses (full, read-only, gone) is rolled back and raised as
        ``FileNotWritable`` (or ``FileInUse``, ``NotARunbackFile``) with a message to show.
        A broken constraint is a bug, not the disk: it is raised as it is.
        """
        outermost = self._depth == 0
        if outermost and self.conn.in_transaction:
            # A transaction no action opened would turn this action's COMMIT into a
            # savepoint released inside it: "saved" shown, nothing committed. Nothing in it
            # was confirmed (every confirmed write commits here), so it is rolled back.
            self.conn.execute("ROLLBACK")
        self._depth += 1
        if outermost:
            self._watch_rows()
            self._before, self._written = {}, ()
        written: tuple[RowChange, ...] = ()
        try:
            with self.db.atomic():
                yield
                if outermost:
                    written = self._rows_written()
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.DatabaseError as error:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise write_error(self.path, error, "this entry was not saved, and everything "
                                                 "saved before is kept") from None
        finally:
            self._depth -= 1
            if outermost:
                self._before = None
        if outermost:
            self._written = written
            if self.conn.in_transaction:  # never shown as saved unless committed
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise FileNotWritable(self.path, "This entry was not saved: its transaction "
                                                 "did not commit. Everything saved before "
                                                 "is kept; try again.")
            self.checkpoint()

    # --- undo: the rows an action wrote, before and after (core/changes.py Step) -------

    def take_written(self) -> tuple[RowChange, ...]:
        """The rows the last action (the outermost ``transaction``) wrote, each as it was
        before and after it; then forgotten."""
        written, self._written = self._written, ()
        return written

    def _watch_rows(self) -> None:
        """Temporary triggers (this connection only, never in the file) that hand every
        row about to change, with its old values, to ``_row_changed``: every write is
        seen, a cascade's too (a session deleted takes its ticks with it)."""
        if self._columns is not None:
            return
        conn = self.conn
        conn.create_function("runback_row_changed", -1, self._row_changed)
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid")]
        columns: dict[str, tuple[str, ...]] = {}
        for table in tables:
            names = tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
            columns[table] = names
            old = ", ".join(f'OLD."{name}"' for name in names)
            conn.executescript(f"""
                CREATE TEMP TRIGGER IF NOT EXISTS "undo {table} insert" AFTER INSERT
                ON main."{table}" BEGIN SELECT runback_row_changed('{table}', NEW.rowid, 0);
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS "undo {table} update" BEFORE UPDATE
                ON main."{table}" BEGIN
                SELECT runback_row_changed('{table}', OLD.rowid, 1, {old});
                SELECT runback_row_changed('{table}', NEW.rowid, 0) WHERE NEW.rowid != OLD.rowid;
                END;
                CREATE TEMP TRIGGER IF NOT EXISTS "undo {table} delete" BEFORE DELETE
                ON main."{table}" BEGIN
                SELECT runback_row_changed('{table}', OLD.rowid, 1, {old}); END;""")
        self._columns = columns  # tables in the order they were made: parents first

    def _row_changed(self, table: str, rowid: int, existed: int, *values: Any) -> None:
        before = self._before
        if before is not None and (table, rowid) not in before:
            assert self._columns is not None  # set before any trigger exists
            before[(table, rowid)] = (dict(zip(self._columns[table], values, strict=True))
                                      if existed else None)

    def _rows_now(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], Row | None]:
        """The rows at ``keys`` (table, rowid) as they are now (None: not there)."""
        assert self._columns is not None
        found: dict[tuple[str, int], Row | None] = dict.fromkeys(keys)
        by_table: dict[str, list[int]] = {}
        for table, rowid in keys:
            by_table.setdefault(table, []).append(rowid)
        for table, rowids in by_table.items():
            names = self._columns[table]
            listed = ", ".join(f'"{name}"' for name in names)
            for rowid, *values in self.conn.execute(
                    f'SELECT rowid, {listed} FROM "{table}" WHERE rowid IN '
                    f'(SELECT value FROM json_each(?))', (json.dumps(rowids),)):
                found[(table, rowid)] = dict(zip(names, values, strict=True))
        return found

    def _rows_written(self) -> tuple[RowChange, ...]:
        before = self._before or {}
        after = self._rows_now(list(before))
        return tuple(RowChange(table, rowid, row, after[(table, rowid)])
                     for (table, rowid), row in before.items()
                     if row != after[(table, rowid)])

    def rows_differing(self, rows: tuple[RowChange, ...], undo: bool) -> list[RowChange]:
        """The rows of a step not as it left them (``undo``: as they were after it; else
        as they were before it): the file changed since, by another action."""
        now = self._rows_now([(row.table, row.rowid) for row in rows])
        return [row for row in rows
                if now[(row.table, row.rowid)] != (row.after if undo else row.before)]

    def put_rows(self, rows: tuple[RowChange, ...], undo: bool) -> None:
        """Put every row of a step back as it was before it (``undo``) or after it (redo),
        in one action's transaction: deletions first, children before their parents, so
        no unique index or foreign key sees a half state; then the rest, parents first."""
        self._watch_rows()
        assert self._columns is not None
        order = {table: position for position, table in enumerate(self._columns)}
        wanted = [(row, row.before if undo else row.after) for row in rows]
        gone = sorted((row for row, target in wanted if target is None),
                      key=lambda row: -order[row.table])
        for row in gone:
            self.conn.execute(f'DELETE FROM "{row.table}" WHERE rowid = ?', (row.rowid,))
        kept = sorted(((row, target) for row, target in wanted if target is not None),
                      key=lambda pair: order[pair[0].table])
        for row, target in kept:
            names = [f'"{name}"' for name in target]
            updated = self.conn.execute(
                f'UPDATE "{row.table}" SET {", ".join(f"{name} = ?" for name in names)} '
                f"WHERE rowid = ?", (*target.values(), row.rowid))
            if not updated.rowcount:
                self.conn.execute(
                    f'INSERT INTO "{row.table}" (rowid, {", ".join(names)}) '
                    f"VALUES ({', '.join('?' * (len(names) + 1))})",
                    (row.rowid, *target.values()))
        for row in rows:
            self._touched.extend(_touched_by(row))

    def checkpoint(self) -> bool:
        """Merge the write-ahead log into the main file, so that file alone holds every
        saved action: a copy of it (to a USB stick, an e-mail) made at any moment is whole.
        Returns whether every committed page is now in the main file.

        Run after each action's commit rather than when idle: it costs about 0.45 ms an
        action here, 1-2 ms on a busy disk (``python -m bench``: "the checkpoint after each
        action", against a 16 ms save budget), and an idle timer would leave a second or
        two in which a copy lacks the last entry, and would need Qt in core.

        TRUNCATE, with the busy timeout off meanwhile: the log is emptied (0 bytes), so the
        next save needs new space on the disk, and a full disk refuses it with a message
        rather than the save landing in the log's old space while the main file cannot
        take it. With the timeout off it never waits on the window's thread for a reader
        (``runback copy`` or a backup reading the file): SQLite then merges what it can,
        as PASSIVE would, and the next action's checkpoint (or closing) merges the rest. A
        checkpoint that fails leaves the action saved (it is durable in the log, which
        SQLite reads on the next open); so it is not reported as a failed save.
        """
        if self.path is None:
            return True
        try:
            self.conn.execute("PRAGMA busy_timeout = 0")
            try:
                busy, logged, merged = self.conn.execute(
                    "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlite3.Error:
            return False
        return not busy and logged == merged

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def check(self) -> list[str]:
        """SQLite's integrity check: ``['ok']`` for a sound file."""
        return [row[0] for row in self.conn.execute("PRAGMA integrity_check")]

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in self.db.table_names()}

    # --- writes -------------------------------------------------------------------------

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert ``row`` into ``table``: the id SQLite gave it."""
        new_id = self.db.table(table).insert(row).last_pk
        if new_id is None:  # sqlite-utils sets it after every insert
            raise RuntimeError(f"no id for the row inserted into {table}")
        return new_id

    def save_profile(self, profile: Profile, now: str) -> None:
        self.db.table("profile").upsert({
            "id": 1, "knee_problem": profile.knee_problem.value,
            "affected_side": profile.affected_side.value,
            "start_date": profile.start_date.isoformat(), "goal": profile.goal,
            "surgery_date": to_sql(profile.surgery_date), "created_at": now}, pk="id")
        self._touched.append(("profile", 1))

    def save_check_in(self, check_in: CheckIn, now: str) -> None:
        self.db.table("check_ins").upsert({
            "date": check_in.date.isoformat(), "pain": check_in.pain,
            "notes": check_in.notes, "taken": to_sql(check_in.taken),
            "swelling": int(check_in.swelling), "stiffness": int(check_in.stiffness),
            "recorded_at": now}, pk="date")
        self._touched.append(("check_ins", check_in.date))

    def add_session(self, fields: dict[str, Any], now: str) -> int:
        row = {key: to_sql(value) for key, value in fields.items()}
        row["recorded_at"] = now
        session_id = self._insert("sessions", row)
        self._touched.append(("sessions", session_id))
        return session_id

    def update_session(self, session_id: int, fields: dict[str, Any]) -> None:
        self.db.table("sessions").update(session_id, {k: to_sql(v) for k, v in fields.items()})
        self._touched.append(("sessions", session_id))

    def delete_session(self, session_id: int) -> None:
        self.db.table("sessions").delete(session_id)
        self._touched.append(("sessions", session_id))

    def delete_check_in(self, day: dt.date) -> None:
        self.db.table("check_ins").delete(day.isoformat())
        self._touched.append(("check_ins", day))

    def delete_readiness(self, check_id: int) -> None:
        self.db.table("readiness_checks").delete(check_id)
        self._touched.append(("readiness", check_id))

    def delete_sleep(self, day: dt.date) -> None:
        self.db.table("sleep").delete(day.isoformat())
        self._touched.append(("sleep", day))

    def add_exercises(self, session_id: int, exercises: tuple[ExerciseTick, ...]) -> None:
        self.db.table("exercise_ticks").insert_all(
            {"session_id": session_id, "position": position, "exercise_key": e.key,
             "name": e.name, "sets": e.sets, "reps": e.reps, "hold_seconds": e.hold_seconds,
             "ticked": int(e.ticked), "pain": e.pain, "variant": e.variant.value}
            for position, e in enumerate(exercises))
        self._touched.append(("sessions", session_id))

    def set_tick(self, session_id: int, key: str, ticked: bool, pain: int | None,
                 now: str, done: ExerciseTick | None = None) -> None:
        """Tick (or untick) one exercise; ``done`` carries what was done (its done_*
        and load_kg fields; None: as the dose, no load)."""
        self.db.table("exercise_ticks").update((session_id, key), {
            "ticked": int(ticked), "pain": pain, "ticked_at": now if ticked else None,
            **{column: getattr(done, column, None) for column in DONE_COLUMNS}})
        self._touched.append(("sessions", session_id))

    def add_readiness(self, check: ReadinessCheck, now: str) -> int:
        check_id = self._insert("readiness_checks", {
            "date": check.date.isoformat(), "test": check.test.value,
            "completed": int(check.completed), "pain": check.pain, "notes": check.notes,
            "recorded_at": now})
        self._touched.append(("readiness", check_id))
        return check_id

    def add_surgery_check(self, check: SurgeryCheck, now: str) -> int:
        check_id = self._insert("surgery_checks", {
            "date": check.date.isoformat(), "full_extension": to_sql(check.full_extension),
            "flexion_percent": check.flexion_percent, "effusion": to_sql(check.effusion),
            "pain": check.pain, "quadriceps_symmetry_percent": check.quadriceps_symmetry_percent,
            "hop_symmetry_percent": check.hop_symmetry_percent, "notes": check.notes,
            "recorded_at": now})
        self._touched.append(("surgery_checks", check_id))
        return check_id

    def save_sleep(self, sleep: Sleep, now: str) -> None:
        self.db.table("sleep").upsert({"date": sleep.date.isoformat(), "hours": sleep.hours,
                                 "recorded_at": now}, pk="date")
        self._touched.append(("sleep", sleep.date))

    def add_cadence_baseline(self, baseline: CadenceBaseline, now: str) -> None:
        table = self.db.table("cadence_baselines").insert({
            "date": baseline.date.isoformat(), "steps_per_minute": baseline.steps_per_minute,
            "recorded_at": now})
        self._touched.append(("cadence_baselines", table.last_pk))

    def add_stage_event(self, date: dt.date, kind: StageEventKind, from_stage: Stage | None,
                        to_stage: Stage, reason: str, actor: Actor, now: str) -> None:
        table = self.db.table("stage_events").insert({
            "date": date.isoformat(), "kind": kind.value,
            "from_stage": int(from_stage) if from_stage else None, "to_stage": int(to_stage),
            "reason": reason, "actor": actor.value, "recorded_at": now})
        self._touched.append(("stage_events", table.last_pk))

    def add_plan_change(self, date: dt.date, key: str, value: Any, previous: Any, reason: str,
                        actor: Actor, now: str) -> None:
        table = self.db.table("plan_changes").insert({
            "date": date.isoformat(), "key": key, "value": json.dumps(value),
            "previous": json.dumps(previous), "reason": reason, "actor": actor.value,
            "recorded_at": now})
        self._touched.append(("plan_changes", table.last_pk))

    def add_questionnaire(self, questionnaire: Questionnaire, now: str) -> int:
        questionnaire_id = self._insert("questionnaires", {
            "date": questionnaire.date.isoformat(), "instrument": questionnaire.instrument.value,
            "answers": json.dumps(questionnaire.answers, ensure_ascii=False),
            "notes": questionnaire.notes, "recorded_at": now})
        self._touched.append(("questionnaires", questionnaire_id))
        return questionnaire_id

    def replace_questionnaire(self, questionnaire_id: int, questionnaire: Questionnaire,
                              now: str) -> None:
        """New answers and notes for a questionnaire already stored (its id and day kept)."""
        self.db.table("questionnaires").update(questionnaire_id, {
            "answers": json.dumps(questionnaire.answers, ensure_ascii=False),
            "notes": questionnaire.notes, "recorded_at": now})
        self._touched.append(("questionnaires", questionnaire_id))

    def delete_questionnaire(self, questionnaire_id: int) -> None:
        self.db.table("questionnaires").delete(questionnaire_id)
        self._touched.append(("questionnaires", questionnaire_id))

    def set_instruments(self, keys: tuple[str, ...]) -> None:
        """The questionnaires this runner's physio uses (``profile.instruments``)."""
        self.db.table("profile").update(1, {"instruments": json.dumps(list(keys))})
        self._touched.append(("profile", 1))

    def add_discharge(self, discharge: Discharge, now: str) -> None:
        """The programme finished (the one discharge in force: ``one_discharge_in_force``)."""
        discharge_id = self._insert("discharges", {
            "date": discharge.date.isoformat(), "note": discharge.note,
            "actor": discharge.actor.value, "recorded_at": now})
        self._touched.append(("discharges", discharge_id))

    def reopen(self, discharge_id: int, day: dt.date, now: str) -> None:
        """The discharge ``discharge_id`` undone on ``day``: its row kept, dated."""
        self.db.table("discharges").update(discharge_id, {"reopened_on": day.isoformat(),
                                                          "reopened_at": now})
        self._touched.append(("discharges", discharge_id))

    # --- activities imported from watch files (core/exchange/watch) ----------------------

    def add_imported(self, session_id: int, content_sha256: str, start_utc: dt.datetime,
                     seconds: float, distance_m: float | None, sport: str, source: str,
                     now: str) -> None:
        """Remember that the session ``session_id`` came from this watch activity."""
        self.db.table("imported_activities").insert({
            "session_id": session_id, "content_sha256": content_sha256,
            "start_utc": _utc_text(start_utc), "seconds": float(seconds),
            "distance_m": distance_m, "sport": sport, "source": source, "imported_at": now})

    def imported_near(self, content_sha256: str, start_utc: dt.datetime, seconds: float
                      ) -> list[sqlite3.Row]:
        """Imported activities with this content, or starting within ``seconds`` of
        ``start_utc``: the candidates for a duplicate (columns as in the table)."""
        return self._query(
            "SELECT session_id, content_sha256, start_utc, seconds, distance_m, sport, source "
            "FROM imported_activities WHERE content_sha256 = ? OR start_utc BETWEEN ? AND ?",
            (content_sha256, _utc_text(start_utc - dt.timedelta(seconds=seconds)),
             _utc_text(start_utc + dt.timedelta(seconds=seconds))))

    def imported_count(self) -> int:
        return self._query("SELECT count(*) FROM imported_activities")[0][0]

    # --- reads --------------------------------------------------------------------------

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
        return self._finish_reading()

    def start_reading(self) -> None:
        """Begin reading the whole file in slices (``read_more``), in one read transaction:
        the entries come from one state of the file even if another program writes to it
        meanwhile. Anything that needs the connection first finishes the read (``conn``)."""
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

    def _finish_reading(self) -> Log:
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
            log = Log(profile=self._profile(), **entries)
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

    def load_first(self, reach_of: Callable[[Log], Reach]) -> Log:
        """What the first view reads (core/rules/reach.py), without the rest of the history:
        the small tables whole, then the entries ``reach_of`` them names. A bounded read,
        whatever the length of the history.

        :raises NotARunbackFile, BrokenRow: as ``load``.
        """
        try:
            small: dict[str, Any] = {field: tuple(self._entries(field, ""))
                                     for field in SMALL_TABLES}
            log = Log(profile=self._profile(), **small)
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
        sessions = self._entries(
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
        check_ins = self._entries(
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

    def _profile(self) -> Profile | None:
        rows = self._query("SELECT * FROM profile")
        if not rows:
            return None
        try:
            return profile_from_row(rows[0])
        except CONVERSION_ERRORS as error:
            raise first_broken(self.path, "profile", rows, profile_from_row, error) from None

    def _entries(self, field: str, where: str, params: tuple = ()) -> list:
        """The domain values of one table, in date order, optionally filtered."""
        table, key, convert = LOADERS[field]
        rows = self._query(f"SELECT * FROM {table} {where} ORDER BY {key}", params)
        if convert is not None:  # all but sessions
            return self._converted(table, rows, convert)
        ticks: dict[int, list[ExerciseTick]] = {}
        ids = [row["id"] for row in rows]
        tick_where = "" if not where else (
            f"WHERE session_id IN ({', '.join('?' * len(ids))})")
        if ids or not where:
            tick_rows = self._query(f"SELECT * FROM exercise_ticks {tick_where} "
                                    f"ORDER BY session_id, position", ids if where else ())
            for row, tick in zip(tick_rows, self._converted("exercise_ticks", tick_rows,
                                                            exercise_from_row), strict=True):
                ticks.setdefault(row["session_id"], []).append(tick)
        return self._sessions(rows, ticks)

    def take_touched(self) -> list[tuple[str, object]]:
        """What was written since the last call: (Log field, key) pairs."""
        touched, self._touched = self._touched, []
        return touched

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
                    changes["profile"] = self._profile()
                    continue
                _, key_column, _ = LOADERS[field]
                column = key_column.split(",")[-1].strip()  # date, or id
                values = [k.isoformat() if isinstance(k, dt.date) else k for k in keys]
                fresh = self._entries(field, f"WHERE {column} IN "
                                             f"({', '.join('?' * len(values))})", tuple(values))
                changes[field] = splice(getattr(log, field), fresh, column, set(keys))
        except sqlite3.DatabaseError as error:
            raise NotARunbackFile(self.path, f"{self.path} is damaged and could not be read "
                                             f"({error}).") from None
        return replace(log, **changes)


# Each table's Log field and key column (core/file/rows.py LOADERS); a tick belongs to
# its session, the profile is one row; imported activities are not in the Log.
TABLE_FIELDS: dict[str, tuple[str, str]] = {
    **{table: (field, key.split(",")[-1].strip())
       for field, (table, key, _) in LOADERS.items()},
    "exercise_ticks": ("sessions", "session_id"), "profile": ("profile", "id")}


def _touched_by(row: RowChange) -> list[tuple[str, object]]:
    """The (Log field, key) pairs of a row put back, as the write methods note theirs."""
    if row.table not in TABLE_FIELDS:
        return []
    field, column = TABLE_FIELDS[row.table]
    keys = {image[column] for image in (row.before, row.after) if image is not None}
    if column == "date":
        return [(field, dt.date.fromisoformat(key)) for key in keys]
    return [(field, key) for key in keys]


# What a tick records as done (schema version 7), as ExerciseTick names it.
DONE_COLUMNS = ("done_sets", "done_reps", "done_hold_seconds", "load_kg")


def _utc_text(moment: dt.datetime) -> str:
    """A moment as UTC text to the second: its string order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
