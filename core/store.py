"""The runner's file: the only module that speaks SQL.

One SQLite file per runner, in WAL mode with full sync, so each committed action survives
a crash. A file that is missing, not a database, damaged, another app's, or from a newer
Runback is refused with a clear message and left exactly as it was. A save that the disk
refuses (full, read-only, gone) raises ``FileNotWritable`` and leaves nothing half-written.
One file is open in one Runback at a time: a second window or process is refused
(``FileInUse``) rather than left to overwrite entries it has not seen (docs/RELIABILITY.md).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from core import schema
from core.errors import (
    DataFileError,
    FileInUse,
    FileMissing,
    FileNotWritable,
    FileTooNew,
    NotARunbackFile,
)
from core.model import (
    Activity,
    Actor,
    CadenceBaseline,
    CheckIn,
    ExerciseTick,
    KneeProblem,
    Log,
    PlanChange,
    Profile,
    ReadinessCheck,
    ReadinessTest,
    RunType,
    Session,
    SessionKind,
    Side,
    Sleep,
    Stage,
    StageEvent,
    StageEventKind,
)

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite's primary result codes (an extended code's low byte) that say why a write failed.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 10, 11, 13, 26


def _connect(target: str, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: no hidden transactions; an action's writes are grouped
    # explicitly in Store.transaction().
    return sqlite3.connect(target, uri=uri, isolation_level=None)


def inspect(path: Path) -> int:
    """The schema version of a Runback file; raises if the file must not be opened."""
    if not path.exists():
        raise FileMissing(path, f"There is no file at {path}. Check the name, or create a "
                                f"new runner file.")
    if path.is_dir():
        raise NotARunbackFile(path, f"{path} is a folder, not a Runback file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise NotARunbackFile(path, f"Cannot read {path}: {error.strerror}.") from None
    if not header:
        raise NotARunbackFile(path, f"{path} is empty, not a Runback file. Open another file "
                                    f"or create a new one; this one was left as it was.")
    if header != SQLITE_HEADER:
        raise NotARunbackFile(path, f"{path} is not a Runback file (it is not a SQLite "
                                    f"database). It was left as it was.")
    if _cut_short(path):
        raise NotARunbackFile(path, f"{path} is damaged: it is shorter than its own header "
                                    f"says (cut off while copying or saving?). It was left as "
                                    f"it was; restore a backup copy if you have one.")
    try:
        conn = _read_only(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotARunbackFile(path, f"{path} is damaged and cannot be read ({error}). It was "
                                    f"left as it was; restore a backup copy if you have one."
                              ) from None
    if app_id != schema.APPLICATION_ID:
        what = "an empty SQLite database" if not tables else "another application's database"
        raise NotARunbackFile(path, f"{path} is {what}, not a Runback file. It was left as "
                                    f"it was.")
    if version > schema.latest_version():
        raise FileTooNew(path, f"{path} was saved by a newer version of Runback (file format "
                               f"{version}; this version reads up to "
                               f"{schema.latest_version()}). Update Runback to open it; the "
                               f"file was not changed.")
    return version


def _cut_short(path: Path) -> bool:
    """Whether the file is shorter than the page count its header records.

    SQLite trusts that count only while the header's "valid-for" number equals its change
    counter, and a write-ahead log may hold pages past the end, so both are checked.
    """
    if _size(_companions(path)[0]):
        return False
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] != header[92:96] or not pages:
        return False
    return path.stat().st_size < pages * page_size


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file or leave -wal/-shm files beside it.

    With a write-ahead log present (a crash before a checkpoint, or another Runback has the
    file open), SQLite must read it, so the file is opened read-only but not immutable.
    """
    wal, index = _companions(path)
    # Immutable (no locks, no reading of the log) only while no one has the file open,
    # which is while its shared-memory index is absent too.
    immutable = "" if _size(wal) or index.exists() else "&immutable=1"
    return _connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)


def _size(path: Path) -> int:
    """A file's size, 0 if it is missing (another process may remove it as we look)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _check_writable(path: Path) -> None:
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        raise FileNotWritable(path, f"{path} is read-only, and Runback saves every entry at "
                                    f"once. Make it writable or copy it somewhere you can "
                                    f"write; it was left as it was.")
    if not os.access(folder, os.W_OK):
        raise FileNotWritable(path, f"The folder {folder} is read-only; Runback needs to write "
                                    f"beside the file. Move the file to a folder you can "
                                    f"write.")


def _write_error(path: Path | None, error: sqlite3.Error, outcome: str) -> DataFileError:
    """The runner's message for a write SQLite could not do, by SQLite's result code.

    ``outcome`` says what became of the action; the error's ``reason`` is the cause alone.
    """
    name = path or "the runner file"
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code == SQLITE_IOERR and path is not None and _nearly_full(path.parent):
        code = SQLITE_FULL  # growing the shared-memory index says "I/O error", not "full"
    if code == SQLITE_FULL:
        kind, reason, advice = FileNotWritable, f"the disk holding {name} is full", (
            "Free some space and try again")
    elif code in (SQLITE_READONLY, SQLITE_PERM):
        kind, reason, advice = FileNotWritable, f"{name} has become read-only", (
            "Make it writable again")
    elif code in (SQLITE_BUSY, SQLITE_LOCKED):
        kind, reason, advice = FileInUse, f"another program is using {name}", (
            "Close it and try again")
    elif code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        kind, reason, advice = NotARunbackFile, f"{name} is damaged ({error})", (
            "Restore a backup copy if you have one")
    else:
        kind, reason, advice = FileNotWritable, (
            f"could not write to {name} ({error}; is the disk still connected?)"), (
            "Check the disk and try again")
    failure = kind(path, f"{reason[0].upper()}{reason[1:]}: {outcome}. {advice}.")
    failure.reason = reason
    return failure


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def _lock(path: Path):
    """Hold ``<file>-lock`` while the file is open, so a second Runback is refused.

    Two windows on one file would each act on what they last read (a strength session the
    other already started, a plan value it already changed). The OS drops the lock when
    the process ends, however it ends, so a crash never leaves the file locked.
    """
    lock_path = path.with_name(path.name + "-lock")
    while True:
        try:
            # Unbuffered: nothing is left to flush (and fail on a full disk) at close.
            handle = os.fdopen(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600), "rb+",
                               buffering=0)
        except OSError as error:
            raise FileNotWritable(path, f"Could not open {path}: cannot write its lock file "
                                        f"({error.strerror}).") from None
        if not _try_lock(handle):
            holder = handle.read(20).decode("ascii", "replace").strip()
            handle.close()
            where = f" (process {holder})" if holder.isdigit() else ""
            raise FileInUse(path, f"{path} is already open in Runback{where}. Use that window, "
                                  f"or close it and open the file again; a second window "
                                  f"could overwrite its entries. Nothing was changed.")
        try:  # the holder before us may have removed the file between our open and lock
            same = os.stat(lock_path).st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            with contextlib.suppress(OSError):  # who holds it is for the message only
                handle.truncate(0)
                handle.write(str(os.getpid()).encode("ascii"))
            return handle
        handle.close()


def _try_lock(handle) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle, path: Path) -> None:
    # Removed while still held: whoever opened it meanwhile sees it gone and starts again.
    with contextlib.suppress(OSError):
        os.unlink(path.with_name(path.name + "-lock"))
    handle.close()


class Store:
    """Reads and writes one runner file. Use ``Store.open``, ``Store.create`` or ``memory``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, backup: Path | None = None,
                 lock=None):
        self.conn = conn
        self._db = None
        self.path = path
        self.backup = backup  # the copy taken before a migration, if one ran
        self._lock = lock  # held while open: see _lock()
        self._touched: list[tuple[str, object]] = []  # rows written since last taken

    @property
    def db(self):
        """sqlite-utils over this connection, for writes. Imported on first use: it costs
        about 80 ms, which start-up need not pay (reads use the connection directly)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def _query(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=False)) for row in cursor]

    @classmethod
    def create(cls, path: Path) -> Store:
        """Create a new, empty runner file (readable by its owner only)."""
        path = Path(path)
        if path.exists():
            raise FileNotWritable(path, f"{path} already exists; open it instead of creating "
                                        f"it, or choose another name.")
        if not path.parent.is_dir():
            raise FileMissing(path, f"The folder {path.parent} does not exist.")
        _check_writable(path)
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except OSError as error:
            raise FileNotWritable(path, f"Could not create {path}: {error.strerror}.") from None
        conn = lock = None
        try:
            lock = _lock(path)
            conn = cls._configure(_connect(str(path)))
            schema.migrate(conn, path, 0)
        except (OSError, sqlite3.Error, DataFileError) as error:
            # The file is ours (O_EXCL above): remove all of it, not leave half a file.
            if conn is not None:
                conn.close()
            for leftover in (path, *_companions(path)):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            if lock is not None:
                _unlock(lock, path)
            if isinstance(error, DataFileError):
                raise
            if isinstance(error, sqlite3.Error):
                raise _write_error(path, error, "the file was not created, and nothing was "
                                                "left behind") from None
            raise FileNotWritable(path, f"Could not create {path}: {error.strerror}. Nothing "
                                        f"was left behind.") from None
        return cls(conn, path, lock=lock)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing runner file, upgrading an older format after a backup."""
        path = Path(path)
        version = inspect(path)
        _check_writable(path)
        lock = _lock(path)
        fresh = [p for p in _companions(path) if not p.exists()]
        conn = None
        try:
            conn = _connect(str(path))
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
            _unlock(lock, path)
            if not isinstance(error, sqlite3.DatabaseError):
                raise
            code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
            if code in (SQLITE_CORRUPT, SQLITE_NOTADB, 0, 1):  # 1: an SQL error in a step
                raise NotARunbackFile(path, f"{path} could not be opened ({error}). It was "
                                            f"left as it was.") from None
            raise _write_error(path, error, "it was not opened, and was left as it was"
                               ) from None
        return cls(conn, path, backup, lock)

    @classmethod
    def memory(cls) -> Store:
        conn = cls._configure(_connect(":memory:"))
        schema.migrate(conn, None, 0)
        return cls(conn, None)

    @staticmethod
    def _configure(conn: sqlite3.Connection) -> sqlite3.Connection:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        return conn

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            _unlock(self._lock, self.path)
            self._lock = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action: all its writes commit together or not at all.

        A write the disk refuses (full, read-only, gone) is rolled back and raised as
        ``FileNotWritable`` (or ``FileInUse``, ``NotARunbackFile``) with a message to show.
        A broken constraint is a bug, not the disk: it is raised as it is.
        """
        try:
            with self.db.atomic():
                yield
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError):
            raise
        except sqlite3.DatabaseError as error:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise _write_error(self.path, error, "this entry was not saved, and everything "
                                                 "saved before is kept") from None

    @property
    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def check(self) -> list[str]:
        """SQLite's integrity check: ``['ok']`` for a sound file."""
        return [row[0] for row in self.conn.execute("PRAGMA integrity_check")]

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in self.db.table_names()}

    # --- writes -------------------------------------------------------------------------

    def save_profile(self, profile: Profile, now: str) -> None:
        self.db["profile"].upsert({
            "id": 1, "knee_problem": profile.knee_problem.value,
            "affected_side": profile.affected_side.value,
            "start_date": profile.start_date.isoformat(), "goal": profile.goal,
            "created_at": now}, pk="id")
        self._touched.append(("profile", 1))

    def save_check_in(self, check_in: CheckIn, now: str) -> None:
        self.db["check_ins"].upsert({
            "date": check_in.date.isoformat(), "pain": check_in.pain,
            "notes": check_in.notes, "recorded_at": now}, pk="date")
        self._touched.append(("check_ins", check_in.date))

    def add_session(self, fields: dict[str, Any], now: str) -> int:
        row = {key: _to_sql(value) for key, value in fields.items()}
        row["recorded_at"] = now
        session_id = self.db["sessions"].insert(row).last_pk
        self._touched.append(("sessions", session_id))
        return session_id

    def update_session(self, session_id: int, fields: dict[str, Any]) -> None:
        self.db["sessions"].update(session_id, {k: _to_sql(v) for k, v in fields.items()})
        self._touched.append(("sessions", session_id))

    def delete_session(self, session_id: int) -> None:
        self.db["sessions"].delete(session_id)
        self._touched.append(("sessions", session_id))

    def add_exercises(self, session_id: int, exercises: tuple[ExerciseTick, ...]) -> None:
        self.db["exercise_ticks"].insert_all(
            {"session_id": session_id, "position": position, "exercise_key": e.key,
             "name": e.name, "sets": e.sets, "reps": e.reps, "hold_seconds": e.hold_seconds,
             "ticked": int(e.ticked), "pain": e.pain}
            for position, e in enumerate(exercises))
        self._touched.append(("sessions", session_id))

    def set_tick(self, session_id: int, key: str, ticked: bool, pain: int | None,
                 now: str) -> None:
        self.db["exercise_ticks"].update((session_id, key), {
            "ticked": int(ticked), "pain": pain, "ticked_at": now if ticked else None})
        self._touched.append(("sessions", session_id))

    def add_readiness(self, check: ReadinessCheck, now: str) -> int:
        check_id = self.db["readiness_checks"].insert({
            "date": check.date.isoformat(), "test": check.test.value,
            "completed": int(check.completed), "pain": check.pain, "notes": check.notes,
            "recorded_at": now}).last_pk
        self._touched.append(("readiness", check_id))
        return check_id

    def save_sleep(self, sleep: Sleep, now: str) -> None:
        self.db["sleep"].upsert({"date": sleep.date.isoformat(), "hours": sleep.hours,
                                 "recorded_at": now}, pk="date")
        self._touched.append(("sleep", sleep.date))

    def add_cadence_baseline(self, baseline: CadenceBaseline, now: str) -> None:
        table = self.db["cadence_baselines"].insert({
            "date": baseline.date.isoformat(), "steps_per_minute": baseline.steps_per_minute,
            "recorded_at": now})
        self._touched.append(("cadence_baselines", table.last_pk))

    def add_stage_event(self, date: dt.date, kind: StageEventKind, from_stage: Stage | None,
                        to_stage: Stage, reason: str, actor: Actor, now: str) -> None:
        table = self.db["stage_events"].insert({
            "date": date.isoformat(), "kind": kind.value,
            "from_stage": int(from_stage) if from_stage else None, "to_stage": int(to_stage),
            "reason": reason, "actor": actor.value, "recorded_at": now})
        self._touched.append(("stage_events", table.last_pk))

    def add_plan_change(self, date: dt.date, key: str, value: Any, previous: Any, reason: str,
                        actor: Actor, now: str) -> None:
        table = self.db["plan_changes"].insert({
            "date": date.isoformat(), "key": key, "value": json.dumps(value),
            "previous": json.dumps(previous), "reason": reason, "actor": actor.value,
            "recorded_at": now})
        self._touched.append(("plan_changes", table.last_pk))

    # --- reads --------------------------------------------------------------------------

    def load(self) -> Log:
        """Everything in the file, sorted by date."""
        try:
            return self._load()
        except sqlite3.DatabaseError as error:
            raise NotARunbackFile(self.path, f"{self.path} is damaged and could not be read "
                                             f"({error}).") from None

    def _rows(self, sql: str) -> list[dict[str, Any]]:
        return self._query(sql)

    def _load(self) -> Log:
        return Log(profile=self._profile(), **{
            field: tuple(self._entries(field, "")) for field in LOADERS})

    def _profile(self) -> Profile | None:
        rows = self._rows("SELECT * FROM profile")
        if not rows:
            return None
        p = rows[0]
        return Profile(KneeProblem(p["knee_problem"]), Side(p["affected_side"]),
                       _date(p["start_date"]), p["goal"])

    def _entries(self, field: str, where: str, params: tuple = ()) -> list:
        """The domain values of one table, in date order, optionally filtered."""
        table, key, convert = LOADERS[field]
        rows = self._query(f"SELECT * FROM {table} {where} ORDER BY {key}", params)
        if field != "sessions":
            return [convert(row) for row in rows]
        ticks: dict[int, list[ExerciseTick]] = {}
        ids = [row["id"] for row in rows]
        tick_where = "" if not where else (
            f"WHERE session_id IN ({', '.join('?' * len(ids))})")
        if ids or not where:
            for t in self._query(f"SELECT * FROM exercise_ticks {tick_where} "
                                 f"ORDER BY session_id, position", ids if where else ()):
                ticks.setdefault(t["session_id"], []).append(ExerciseTick(
                    t["exercise_key"], t["name"], t["sets"], t["reps"], t["hold_seconds"],
                    bool(t["ticked"]), t["pain"]))
        return [_session(row, ticks.get(row["id"], ())) for row in rows]

    def take_touched(self) -> list[tuple[str, object]]:
        """What was written since the last call: (Log field, key) pairs."""
        touched, self._touched = self._touched, []
        return touched

    def refreshed(self, log: Log, touched: list[tuple[str, object]]) -> Log:
        """``log`` with the rows in ``touched`` read again: a write's cost does not grow
        with the history."""
        changes: dict[str, object] = {}
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
                changes[field] = _splice(getattr(log, field), fresh, column, set(keys))
        except sqlite3.DatabaseError as error:
            raise NotARunbackFile(self.path, f"{self.path} is damaged and could not be read "
                                             f"({error}).") from None
        return replace(log, **changes)


def _companions(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory index beside a file."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _splice(entries: tuple, fresh: list, column: str, keys: set) -> tuple:
    """Entries with those of ``keys`` replaced by ``fresh`` (gone if deleted), still sorted."""
    kept = [e for e in entries if getattr(e, column) not in keys]
    order = (lambda e: e.date) if column == "date" else (lambda e: (e.date, e.id))
    for entry in fresh:
        bisect.insort(kept, entry, key=order)
    return tuple(kept)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _to_sql(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def _session(row: dict[str, Any], exercises) -> Session:
    def flag(name: str) -> bool | None:
        return None if row[name] is None else bool(row[name])

    return Session(
        id=row["id"], date=_date(row["date"]), kind=SessionKind(row["kind"]),
        minutes=row["minutes"], effort=row["effort"], pain_during=row["pain_during"],
        notes=row["notes"], activity=Activity(row["activity"]) if row["activity"] else None,
        level=row["level"], planned_run_minutes=row["planned_run_minutes"],
        planned_walk_minutes=row["planned_walk_minutes"], planned_rounds=row["planned_rounds"],
        run_minutes=row["run_minutes"], walk_minutes=row["walk_minutes"],
        rounds=row["rounds"], limp=bool(row["limp"]), swelling=bool(row["swelling"]),
        run_type=RunType(row["run_type"]) if row["run_type"] else None,
        distance_km=row["distance_km"], cadence=row["cadence"],
        cue_under_body=flag("cue_under_body"), cue_tall_trunk=flag("cue_tall_trunk"),
        exercises=tuple(exercises), recorded_at=row["recorded_at"])


def check_file(path: Path) -> list[str]:
    """A read-only report on a runner file: format, integrity and row counts.

    Raises the same errors as opening it when the file is not a usable Runback file.
    """
    path = Path(path)
    version = inspect(path)
    conn = _read_only(path)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                  for name in tables}
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise NotARunbackFile(path, f"{path} is damaged and cannot be read ({error}). It was "
                                    f"left as it was.") from None
    finally:
        conn.close()
    upgrade = (f" (will be upgraded to {schema.latest_version()} when opened)"
               if version < schema.latest_version() else "")
    lines = [f"file: {path}", f"format version: {version}{upgrade}", f"journal: {journal}",
             "integrity: " + ("ok" if problems == ["ok"] else "; ".join(problems)),
             "foreign keys: " + ("ok" if not foreign else f"{len(foreign)} broken references")]
    lines += [f"rows in {name}: {count}" for name, count in counts.items()]
    return lines


def _readiness(r) -> ReadinessCheck:
    return ReadinessCheck(r["id"], _date(r["date"]), ReadinessTest(r["test"]),
                          bool(r["completed"]), r["pain"], r["notes"])


def _stage_event(r) -> StageEvent:
    return StageEvent(r["id"], _date(r["date"]), StageEventKind(r["kind"]),
                      Stage(r["from_stage"]) if r["from_stage"] else None,
                      Stage(r["to_stage"]), r["reason"], Actor(r["actor"]))


def _plan_change(r) -> PlanChange:
    return PlanChange(r["id"], _date(r["date"]), r["key"], json.loads(r["value"]),
                      r["reason"], Actor(r["actor"]), r["recorded_at"],
                      json.loads(r["previous"]) if r["previous"] else None)


# Log field -> (table, sort order, row converter). Sessions also read their exercise ticks.
LOADERS = {
    "check_ins": ("check_ins", "date", lambda r: CheckIn(_date(r["date"]), r["pain"],
                                                         r["notes"])),
    "sessions": ("sessions", "date, id", None),
    "readiness": ("readiness_checks", "date, id", _readiness),
    "sleep": ("sleep", "date", lambda r: Sleep(_date(r["date"]), r["hours"])),
    "cadence_baselines": ("cadence_baselines", "date, id",
                          lambda r: CadenceBaseline(_date(r["date"]), r["steps_per_minute"],
                                                    r["id"])),
    "stage_events": ("stage_events", "date, id", _stage_event),
    "plan_changes": ("plan_changes", "date, id", _plan_change),
}
