"""Opening and creating a runner file: the connection a ``Store`` owns, made safely.

A new file is written whole under a temporary name and linked into place, so a crash
leaves no half file; an existing one is recognised and locked first, and upgraded (after
a backup) by core/file/schema.py; a file that cannot be opened is left exactly as it was,
with nothing this attempt made left beside it (docs/RELIABILITY.md). ``Store.create``,
``Store.open`` and ``Store.recreate_empty`` (core/file/store.py) call these.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from core.errors import FileMissing, FileNotWritable, NotARunbackFile
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

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
BUSY_TIMEOUT_MS = 5000


def configure(conn: sqlite3.Connection) -> sqlite3.Connection:
    """``conn`` as a ``Store`` uses it: WAL with full sync, foreign keys, a busy timeout."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def create(path: Path) -> None:
    """Create a new, empty runner file (readable by its owner only).

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


def empty_again(path: Path) -> None:
    """Remove an empty runner file (a first creation an older Runback left cut short), to
    create it again: only while it is still empty, which means nothing was ever saved."""
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


def open_connection(path: Path) -> tuple[sqlite3.Connection, Path | None, HeldLock]:
    """The connection to an existing runner file, configured and locked, upgraded from an
    older format after a backup; with that backup, if one was taken, and the held lock."""
    path = Path(path)
    version = inspect(path)
    check_writable(path)
    lock = hold_lock(path)
    fresh = [p for p in companions(path) if not p.exists()]
    conn = None
    try:
        conn = connect(str(path))
        configure(conn)
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
    return conn, backup, lock


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
