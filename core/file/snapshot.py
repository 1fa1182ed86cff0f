"""A consistent copy of a runner file, whole in one file, that opens anywhere.

"Send to physio…", ``runback copy`` and the automatic backups all write one through
``write_snapshot``. SQLite's backup API copies every page in one step under one read
transaction, so the copy is the file as of one moment even while another connection
writes. The copy is switched to the rollback journal (``journal_mode = DELETE``): a WAL
file would need its ``-wal`` beside it and a writable folder to open, which an e-mailed or
USB-stick copy has not. It is written under a temporary name beside the target, synced,
then renamed, so the target is either the old file or the whole new one, never half; it
is readable by its owner only (it holds health data).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import re
import sqlite3
from pathlib import Path

from core.errors import FileNotWritable

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def write_snapshot(conn: sqlite3.Connection, target: Path) -> Path:
    """Write a consistent copy of ``conn``'s main database to ``target``; return ``target``.

    :param conn: an open connection to the runner file (any journal mode).
    :param target: the file to write; replaced atomically if it exists, refused if it is
        the very file ``conn`` has open.
    :raises FileNotWritable: the folder is missing or read-only, the disk is full, or the
        target is the open file itself. Nothing is left behind.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise FileNotWritable(target, f"The folder {folder} does not exist; the copy was not "
                                      f"written.")
    temporary = folder / f".{target.name}.{os.getpid()}.partial"
    _remove_stale_partials(folder, target.name)
    try:
        _refuse_the_source(conn, target)
        # Made owner-only before SQLite sees it: SQLite keeps an existing file's mode, and
        # gives the journal it creates beside it the same mode.
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        _fsync(temporary)
        os.replace(temporary, target)
        with contextlib.suppress(OSError):  # a folder cannot be opened on Windows
            _fsync(folder)  # the rename itself survives a power cut
    except (OSError, sqlite3.Error) as error:
        for leftover in (temporary, temporary.with_name(temporary.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        reason = getattr(error, "strerror", None) or str(error)
        raise FileNotWritable(target, f"Could not write the copy {target}: {reason}. Nothing "
                                      f"was left behind.") from None
    return target


def _remove_stale_partials(folder: Path, name: str) -> None:
    """Remove what a copy killed mid-write left beside the same target: a temporary file
    (and its journal) named for a process that no longer runs. A live writer's is kept."""
    for leftover in folder.glob(f".{glob.escape(name)}.*.partial*"):
        pid_text = leftover.name[len(name) + 2:].split(".", 1)[0]
        if not pid_text.isdigit() or _running(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            leftover.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or cannot tell: leave its file alone
    return True


def copy_for_physio(conn: sqlite3.Connection, out: Path, day: dt.date,
                    replace: bool = False) -> Path:
    """"Send to physio…": a snapshot into the folder ``out`` (named with the runner and
    ``day``), or to the file ``out``.

    :param replace: replace an existing file (the window's save dialog asked first);
        otherwise an existing file is refused. The open runner file itself never is.
    :raises FileNotWritable: ``out`` exists and may not be replaced, or cannot be written.
    """
    out = Path(out)
    target = out / snapshot_name(runner_label(conn), day) if out.is_dir() else out
    if not replace and (target.exists() or target.is_symlink()):
        raise FileNotWritable(target, f"{target} already exists; choose another name (it "
                                      f"was left as it was).")
    return write_snapshot(conn, target)


def runner_label(conn: sqlite3.Connection) -> str:
    """What names the runner in a copy's name: their goal, else their knee problem."""
    try:
        row = conn.execute("SELECT goal, knee_problem FROM profile").fetchone()
    except sqlite3.Error:
        row = None
    if row is None:
        return "runner"
    goal, problem = row
    return str(goal).strip() if goal and str(goal).strip() else str(problem or "runner")


def snapshot_name(label: str, day: dt.date) -> str:
    """A file name for a copy: ``Runback-<label>-<date>.db`` in characters any disk takes.

    :param label: what names the runner (their goal, or their knee problem).
    """
    safe = _UNSAFE.sub("-", label).strip("-._")[:60].rstrip("-._") or "runner"
    return f"Runback-{safe}-{day.isoformat()}.db"


def _refuse_the_source(conn: sqlite3.Connection, target: Path) -> None:
    """Replacing the open file by its copy would cut the open connection off from the
    file the runner sees: every later entry would go to a deleted file."""
    source = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"),
                  "")
    if not source or not target.exists():
        return
    with contextlib.suppress(OSError):
        if os.path.samefile(source, target):
            raise FileNotWritable(target, f"{target} is the runner file itself; choose another "
                                          f"name for the copy.")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
