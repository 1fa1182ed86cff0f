"""Automatic rotating backups of a runner file, like Anki's (docs/DATA.md, "Backups").

Each backup is a consistent snapshot (``core.file.snapshot.write_snapshot``: SQLite's backup
API, one file, owner-only) in a ``backups`` folder beside the runner file, named
``<file>-<local time>.db`` so the names sort by time. While a file is open one is taken
after a change at most every ``minimum_interval_minutes``, and one when it closes if it
changed since (``Keeper``; the window drives it). Old ones are thinned as Anki does
(``thin``): all of today's and yesterday's are kept, then the newest of each of the next
``daily`` days that have one, of ``weekly`` weeks before those, of ``monthly`` months.

A restore backs up the current file first (a ``-before-restore`` backup, never thinned),
or sets it aside as ``<file>.damaged-<time>`` when it is damaged; nothing is deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from core.errors import DataFileError, FileMissing, FileNotWritable, NotARunbackFile
from core.file import schema
from core.file.datafile import SQLITE_HEADER, companions, connect, hold_lock, unlock
from core.file.snapshot import write_snapshot

FOLDER = "backups"
STAMP = "%Y-%m-%dT%H-%M-%S"
BEFORE_RESTORE = "-before-restore"
_STAMP_PATTERN = r"(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d)"


@dataclass(frozen=True)
class BackupSettings:
    """The backup settings, declared once, with Anki's defaults."""

    daily: int = 12  # keep the newest backup of each of this many days (after yesterday)
    weekly: int = 10  # then of this many weeks (Monday to Sunday)
    monthly: int = 9  # then of this many calendar months
    minimum_interval_minutes: int = 30  # between backups while changes are made

    def __post_init__(self) -> None:
        for name in ("daily", "weekly", "monthly", "minimum_interval_minutes"):
            value = getattr(self, name)
            if type(value) is not int or not 0 <= value <= 10_000:
                raise ValueError(f"backup setting {name} must be a whole number from 0 to "
                                 f"10000, not {value!r}")


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the Backups list shows it. The counts are None when it cannot be read."""

    path: Path
    taken: dt.datetime  # local time, from its name
    size_bytes: int
    before_restore: bool = False  # the file as it was just before a restore
    sessions: int | None = None
    days: int | None = None  # from the first entry (or the start date) to the last
    last_entry: dt.date | None = None
    problem: str = ""  # why its contents could not be read

    def describe(self) -> str:
        """``29 Nov 2026 15:40 (42 sessions, last entry 28 Nov 2026)``."""
        if self.problem:
            return f"{_when(self.taken)} (unreadable: {self.problem})"
        last = f", last entry {_day(self.last_entry)}" if self.last_entry else ", no entries"
        sessions = f"{self.sessions} session{'' if self.sessions == 1 else 's'}"
        return f"{_when(self.taken)} ({sessions}{last})"


@dataclass(frozen=True)
class Restored:
    """What a restore did with the file it replaced."""

    kept: Path | None = None  # its backup, taken just before (a sound file)
    set_aside: Path | None = None  # where it was moved (a damaged file)


# --- when -------------------------------------------------------------------------------

def due(last_backup: dt.datetime | None, now: dt.datetime, changed: bool, closing: bool,
        settings: BackupSettings = BackupSettings()) -> bool:
    """Whether to take a backup now: only of a file changed since its last backup; on
    closing at once, otherwise once ``minimum_interval_minutes`` have passed (or the clock
    went back past the last one)."""
    if not changed:
        return False
    if closing or last_backup is None:
        return True
    interval = dt.timedelta(minutes=settings.minimum_interval_minutes)
    return now - last_backup >= interval or now < last_backup


class Keeper:
    """Backs up one open runner file at the moments ``due`` says.

    :param clock: the facade's clock (aware local time), so tests can move it.
    """

    def __init__(self, path: Path, clock: Callable[[], dt.datetime],
                 settings: BackupSettings = BackupSettings()):
        self.path = _real(path)
        self.clock = clock
        self.settings = settings
        self.changed = False
        newest = max(_taken_times(self.path), default=None)
        self.last = newest.astimezone() if newest else None

    def after_change(self, conn: sqlite3.Connection) -> Path | None:
        """Call after each saved change; returns the backup taken, if one was due."""
        self.changed = True
        return self._maybe(conn, closing=False)

    def before_close(self, conn: sqlite3.Connection) -> Path | None:
        """Call while the file is still open, just before closing it."""
        return self._maybe(conn, closing=True)

    def _maybe(self, conn: sqlite3.Connection, closing: bool) -> Path | None:
        now = self.clock()
        if not due(self.last, now, self.changed, closing, self.settings):
            return None
        # Even a failed attempt waits its interval: a full disk is not retried at every tick.
        self.last = now
        taken = take(conn, self.path, now, self.settings)
        self.changed = False
        return taken


# --- taking and thinning ----------------------------------------------------------------

def folder_of(path: Path) -> Path:
    """The backups folder: beside the file's real path (a symlink to it is followed)."""
    return _real(path).parent / FOLDER


def take(conn: sqlite3.Connection, path: Path, now: dt.datetime | None = None,
         settings: BackupSettings = BackupSettings(), before_restore: bool = False) -> Path:
    """Write a backup of ``conn``'s file (the runner file ``path``) now, then thin the old.

    :raises FileNotWritable: the backups folder cannot be made or written (nothing left).
    """
    now = (now or dt.datetime.now()).astimezone()
    path = _real(path)
    folder = _make_folder(path)
    target = _free_name(folder, path.stem, now.replace(tzinfo=None), before_restore)
    write_snapshot(conn, target)
    for old in thin(_taken_times(path), now.date(), settings):
        with contextlib.suppress(OSError):  # one left over is retried at the next backup
            (folder / _name(path.stem, old)).unlink()
    return target


def take_of_file(path: Path, now: dt.datetime | None = None,
                 settings: BackupSettings = BackupSettings()) -> Path:
    """A backup of a runner file that may be open in Runback meanwhile (``runback backup``):
    read through its own read-only connection, which SQLite keeps consistent."""
    path = Path(path)
    conn = _read(path)
    try:
        return take(conn, path, now, settings)
    finally:
        conn.close()


def thin(taken: Iterable[dt.datetime], today: dt.date,
         settings: BackupSettings = BackupSettings()) -> list[dt.datetime]:
    """The backups to delete, newest first, of those taken at ``taken`` (local times).

    Anki's rule (rslib/src/collection/backup.rs): every backup of today and yesterday is
    kept; going back from there, the newest of each day is kept for ``daily`` days that
    have one, then the newest of each week (Monday to Sunday) for ``weekly`` weeks, then
    of each month for ``monthly`` months; the rest go.
    """
    left = {"day": settings.daily, "week": settings.weekly, "month": settings.monthly}
    kept: dict[str, object] = {}
    obsolete = []
    for moment in sorted(taken, reverse=True):
        day = moment.date()
        keys = {"day": day, "week": day - dt.timedelta(days=day.weekday()),
                "month": (day.year, day.month)}
        stage = next((s for s in ("day", "week", "month") if left[s] > 0), None)
        if day >= today - dt.timedelta(days=1):
            stage = None  # recent: always kept
        elif stage is None or keys[stage] == kept.get(stage):
            obsolete.append(moment)
            continue
        else:
            left[stage] -= 1
        kept = keys
    return obsolete


# --- reading ----------------------------------------------------------------------------

def list_backups(path: Path) -> list[BackupInfo]:
    """The backups of the runner file ``path``, newest first, with what each holds."""
    found = []
    for backup, taken, before in _backups(_real(path)):
        try:
            size = backup.stat().st_size
        except OSError:
            continue  # thinned by another Runback as we looked
        found.append(_described(backup, taken, size, before))
    return sorted(found, key=lambda info: (info.taken, info.before_restore), reverse=True)


def newest_good(path: Path) -> BackupInfo | None:
    """The newest backup of ``path`` that passes ``verify`` (for a damaged file)."""
    for info in list_backups(path):
        if info.problem:
            continue
        try:
            verify(info.path)
        except DataFileError:
            continue
        return info
    return None


def verify(backup: Path) -> int:
    """Check that ``backup`` is a whole Runback file this version can open; its format.

    :raises FileMissing, NotARunbackFile: with a one-line message naming what is wrong.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise FileMissing(backup, f"There is no backup file at {backup}.")
    refused = f"{backup} cannot be restored: it"
    try:
        with backup.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise NotARunbackFile(backup, f"{refused} cannot be read ({error.strerror}).") from None
    if header != SQLITE_HEADER:
        raise NotARunbackFile(backup, f"{refused} is not a Runback file (not a SQLite "
                                      f"database). Nothing was changed.")
    try:
        conn = _read(backup)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotARunbackFile(backup, f"{refused} is damaged ({error}). Nothing was changed."
                              ) from None
    if app_id != schema.APPLICATION_ID:
        raise NotARunbackFile(backup, f"{refused} is not a Runback file (another "
                                      f"application's database). Nothing was changed.")
    if version > schema.latest_version():
        raise NotARunbackFile(backup, f"{refused} was saved by a newer version of Runback "
                                      f"(format {version}). Nothing was changed.")
    if problems != ["ok"]:
        raise NotARunbackFile(backup, f"{refused} is damaged (integrity check: "
                                      f"{'; '.join(problems[:3])}). Nothing was changed.")
    return version


# --- restoring --------------------------------------------------------------------------

def restore(path: Path, backup: Path, now: dt.datetime | None = None) -> Restored:
    """Replace the runner file ``path`` (closed) by ``backup``.

    The file as it is is backed up first (``-before-restore``, never thinned); a damaged
    one is renamed ``<file>.damaged-<time>`` with its ``-wal`` instead. Nothing is deleted.

    :raises FileInUse: the file is open in a Runback window or process.
    :raises NotARunbackFile, FileMissing: the backup is not a sound Runback file.
    :raises FileNotWritable: the folder cannot be written; the file is as it was.
    """
    # The real file is replaced, never a symlink to it (the link stays, and sees it).
    path, backup = _real(path), Path(backup)
    now = (now or dt.datetime.now()).astimezone()
    verify(backup)
    with contextlib.suppress(OSError):
        if path.exists() and os.path.samefile(path, backup):
            raise NotARunbackFile(backup, f"{backup} is the runner file itself; choose one "
                                          f"of its backups.")
    lock = hold_lock(path)
    try:
        kept = set_aside = None
        if path.exists():
            if _sound(path):
                kept = _keep(path, now)  # a disk that refuses it stops the restore here
            else:
                set_aside = _set_aside(path, now)
        # The old file's write-ahead log must never be applied to the restored file.
        for companion in companions(path):
            companion.unlink(missing_ok=True)
        source = _read(backup)
        try:
            write_snapshot(source, path)
        finally:
            source.close()
    except OSError as error:
        raise FileNotWritable(path, f"Could not restore {path}: {error.strerror}. It was "
                                    f"left as it was.") from None
    finally:
        unlock(lock, path)
    return Restored(kept, set_aside)


def _sound(path: Path) -> bool:
    try:
        verify(path)
    except DataFileError:
        return False
    return True


def _keep(path: Path, now: dt.datetime) -> Path:
    """Back up the sound file about to be replaced; its connection's close checkpoints it."""
    conn = connect(str(path))
    try:
        return take(conn, path, now, before_restore=True)
    finally:
        conn.close()


def _set_aside(path: Path, now: dt.datetime) -> Path:
    aside = path.with_name(f"{path.name}.damaged-{now.strftime(STAMP)}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{now.strftime(STAMP)}-{n}")
    os.replace(path, aside)
    for companion, moved in zip(companions(path), companions(aside), strict=True):
        if companion.exists():
            os.replace(companion, moved)  # kept as a pair: SQLite finds a log by name
    return aside


# --- helpers ----------------------------------------------------------------------------

def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _read(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves nothing beside the file.

    A file in WAL mode opened read-only gets a ``-wal`` and ``-shm`` made beside it and
    left there, unless it is opened as immutable; that is safe only while no one has it
    open, which is while neither exists (then Runback's own open would have made them).
    """
    immutable = "" if any(p.exists() for p in companions(path)) else "&immutable=1"
    return connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)


def _make_folder(path: Path) -> Path:
    folder = folder_of(path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)  # owner-only whatever the umask, or an older folder's mode
    except OSError as error:
        raise FileNotWritable(folder, f"Could not make the backups folder {folder}: "
                                      f"{error.strerror}.") from None
    return folder


def _name(stem: str, taken: dt.datetime, before_restore: bool = False) -> str:
    return f"{stem}-{taken.strftime(STAMP)}{BEFORE_RESTORE if before_restore else ''}.db"


def _free_name(folder: Path, stem: str, taken: dt.datetime, before_restore: bool) -> Path:
    """A name not yet used: a second backup within the same second is named a second on."""
    while (folder / _name(stem, taken, before_restore)).exists():
        taken += dt.timedelta(seconds=1)
    return folder / _name(stem, taken, before_restore)


def _backups(path: Path) -> list[tuple[Path, dt.datetime, bool]]:
    """(file, local time taken, before a restore) of every backup of ``path``."""
    folder = folder_of(path)
    pattern = re.compile(rf"{re.escape(_real(path).stem)}-{_STAMP_PATTERN}"
                         rf"({re.escape(BEFORE_RESTORE)})?\.db")
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = pattern.fullmatch(name)
        if match:
            with contextlib.suppress(ValueError):
                found.append((folder / name, dt.datetime.strptime(match[1], STAMP),
                              bool(match[2])))
    return found


def _taken_times(path: Path) -> list[dt.datetime]:
    """When the thinned (automatic) backups of ``path`` were taken."""
    return [taken for _, taken, before in _backups(path) if not before]


ENTRY_DATES = " UNION ALL ".join(
    f"SELECT date FROM {table}" for table in
    ("check_ins", "sessions", "sleep", "readiness_checks", "cadence_baselines"))


def _described(backup: Path, taken: dt.datetime, size: int, before: bool) -> BackupInfo:
    try:
        conn = _read(backup)
        try:
            sessions = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
            first, last = conn.execute(f"SELECT min(date), max(date) FROM ({ENTRY_DATES})"
                                       ).fetchone()
            start = conn.execute("SELECT min(start_date) FROM profile").fetchone()[0]
        finally:
            conn.close()
        first_day = min(filter(None, (_parse(first), _parse(start))), default=None)
        last_day = _parse(last)
    except sqlite3.DatabaseError as error:
        return BackupInfo(backup, taken, size, before, problem=str(error))
    days = (last_day - first_day).days + 1 if first_day and last_day else 0
    return BackupInfo(backup, taken, size, before, sessions, days, last_day)


def _parse(text: object) -> dt.date | None:
    """A stored date, or None for one another tool broke (the list still shows the rest)."""
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _when(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%b %Y %H:%M}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"
