"""The runner's file, opened and written: the one object the rest of core asks for it.

A ``Store`` opens or creates the file (made safely by core/file/opening.py) and owns its
connection; each user action is one transaction, and the rows it writes are written here.
Over the same connection, the reads that turn rows into the ``Log`` are in
core/file/reading.py, and undo's record of the rows each action wrote, before and after,
in core/file/steps.py.

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
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.changes import RowChange
from core.errors import FileNotWritable
from core.file import opening, schema
from core.file.datafile import HeldLock, connect, unlock, write_error
from core.file.opening import BUSY_TIMEOUT_MS
from core.file.reading import Reader
from core.file.rows import to_sql
from core.file.steps import StepRecorder, touched_by
from core.model import (
    Actor,
    CadenceBaseline,
    CheckIn,
    Discharge,
    ExerciseTick,
    Log,
    Profile,
    Questionnaire,
    ReadinessCheck,
    Sleep,
    Stage,
    StageEventKind,
    SurgeryCheck,
)

if TYPE_CHECKING:  # imported on first write (Store.db): it costs start-up about 80 ms
    from sqlite_utils import Database

    from core.rules.reach import Reach


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
        self._reader = Reader(conn, path)  # the reads, and a read in slices under way
        self._steps = StepRecorder()  # for undo: the rows each action wrote

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, for writes and whole-file work (backups, copies): a read of the
        file in slices is finished first, so nothing writes while it reads."""
        if self._reader.under_way:
            self._reader.finish()
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

    @classmethod
    def create(cls, path: Path) -> Store:
        """Create a new, empty runner file (readable by its owner only), then open it: see
        core/file/opening.py ``create``."""
        path = Path(path)
        opening.create(path)
        return cls.open(path)

    @classmethod
    def recreate_empty(cls, path: Path) -> Store:
        """Create a runner file in place of an empty one (a first creation an older Runback
        left cut short): only while it is still empty, which means nothing was ever saved."""
        path = Path(path)
        opening.empty_again(path)
        return cls.create(path)

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing runner file, upgrading an older format after a backup."""
        path = Path(path)
        conn, backup, lock = opening.open_connection(path)
        store = cls(conn, path, backup, lock)
        store.checkpoint()  # a migration's writes, or a log a crash left, into the file
        opening.remove_leftovers(path)
        return store

    @classmethod
    def memory(cls) -> Store:
        conn = opening.configure(connect(":memory:"))
        schema.migrate(conn, None, 0)
        return cls(conn, None)

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
            self._steps.start(self.conn)
        written: tuple[RowChange, ...] = ()
        try:
            with self.db.atomic():
                yield
                if outermost:
                    written = self._steps.rows_written(self.conn)
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
                self._steps.stop()
        if outermost:
            self._steps.keep(written)
            if self.conn.in_transaction:  # never shown as saved unless committed
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise FileNotWritable(self.path, "This entry was not saved: its transaction "
                                                 "did not commit. Everything saved before "
                                                 "is kept; try again.")
            self.checkpoint()

    # --- undo: the rows an action wrote, before and after (core/file/steps.py) ---------

    def take_written(self) -> tuple[RowChange, ...]:
        """The rows the last action (the outermost ``transaction``) wrote, each as it was
        before and after it; then forgotten."""
        return self._steps.take_written()

    def rows_differing(self, rows: tuple[RowChange, ...], undo: bool) -> list[RowChange]:
        """The rows of a step not as it left them (``undo``: as they were after it; else
        as they were before it): the file changed since, by another action."""
        return self._steps.rows_differing(self.conn, rows, undo)

    def put_rows(self, rows: tuple[RowChange, ...], undo: bool) -> None:
        """Put every row of a step back as it was before it (``undo``) or after it (redo),
        in one action's transaction."""
        self._steps.put_rows(self.conn, rows, undo)
        for row in rows:
            self._touched.extend(touched_by(row))

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
        return self._reader.query(
            "SELECT session_id, content_sha256, start_utc, seconds, distance_m, sport, source "
            "FROM imported_activities WHERE content_sha256 = ? OR start_utc BETWEEN ? AND ?",
            (content_sha256, _utc_text(start_utc - dt.timedelta(seconds=seconds)),
             _utc_text(start_utc + dt.timedelta(seconds=seconds))))

    def imported_count(self) -> int:
        return self._reader.query("SELECT count(*) FROM imported_activities")[0][0]

    # --- reads (core/file/reading.py) -----------------------------------------------------

    def load(self) -> Log:
        """Everything in the file, sorted by date (the rest of a read begun in slices, if
        one is under way)."""
        return self._reader.load()

    def load_first(self, reach_of: Callable[[Log], Reach]) -> Log:
        """What the first view reads (core/rules/reach.py), without the rest of the history:
        a bounded read, whatever the length of the history.

        :raises NotARunbackFile, BrokenRow: as ``load``.
        """
        return self._reader.load_first(reach_of)

    def start_reading(self) -> None:
        """Begin reading the whole file in slices (``read_more``), in one read transaction.
        Anything that needs the connection first finishes the read (``conn``)."""
        self._reader.start_reading()

    def read_more(self, seconds: float) -> bool:
        """Read on for about ``seconds``; True once the whole file is read (``load`` then
        returns it at once).

        :raises NotARunbackFile, BrokenRow: as ``load``.
        """
        return self._reader.read_more(seconds)

    def stop_reading(self) -> None:
        """Drop a read under way, or one finished and not yet taken (the file changed, or
        closes)."""
        self._reader.stop_reading()

    def take_touched(self) -> list[tuple[str, object]]:
        """What was written since the last call: (Log field, key) pairs."""
        touched, self._touched = self._touched, []
        return touched

    def refreshed(self, log: Log, touched: list[tuple[str, object]]) -> Log:
        """``log`` with the rows in ``touched`` read again: a write's cost does not grow
        with the history."""
        return self._reader.refreshed(log, touched)


# What a tick records as done (schema version 7), as ExerciseTick names it.
DONE_COLUMNS = ("done_sets", "done_reps", "done_hold_seconds", "load_kg")


def _utc_text(moment: dt.datetime) -> str:
    """A moment as UTC text to the second: its string order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
