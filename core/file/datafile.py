"""The runner's file on disk: recognising it, refusing what must not be opened, locking
it to one Runback at a time, turning a refused write into a clear message, and the
read-only check.

A file that is missing, not a database, damaged, another app's, or from a newer Runback
is refused with a clear message and left exactly as it was (docs/RELIABILITY.md).
"""


import contextlib
import errno
import os
import shutil
import sqlite3
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from core.errors import (
    DataFileError,
    EmptyRunnerFile,
    FileHasLinks,
    FileInUse,
    FileMissing,
    FileNotWritable,
    FileTooNew,
    NotARunbackFile,
    UnusablePath,
)
from core.file import schema

SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite's primary result codes (an extended code's low byte) that say why a write failed.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 10, 11, 13, 26


def connect(target: str, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: no hidden transactions; an action's writes are grouped
    # explicitly in Store.transaction().
    return sqlite3.connect(target, uri=uri, isolation_level=None)


def inspect(path: Path) -> int:
    """The schema version of a Runback file; raises if the file must not be opened."""
    refuse_unusable(path)
    if not path.exists():
        raise FileMissing(path, f"There is no file at {path}. Check the name, or create a "
                                f"new runner file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise NotARunbackFile(path, f"Cannot read {path}: {error.strerror}.") from None
    if not header:
        raise EmptyRunnerFile(path, f"{path} is empty: its creation was cut short (a crash "
                                    f"on the first start of an older Runback), and nothing "
                                    f"was ever saved in it. Open it in the Runback window to "
                                    f"create a new runner file in its place, or delete it "
                                    f"and start again; it was left as it was.")
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


def refuse_unusable(path: Path) -> None:
    """Refuse at once a path that can never be a runner file: a folder, a FIFO (opening it
    would wait for a writer forever), a device or a socket, or a name longer than the file
    system allows. Looked at with ``stat`` before anything opens it. A missing file passes
    (opening says it is missing; creating makes it)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            name = path.name if len(path.name) <= 40 else f"{path.name[:20]}…{path.name[-12:]}"
            raise UnusablePath(path, f"The file name {name!r} is {len(path.name)} characters "
                                     f"long; file systems allow at most 255 bytes (and the "
                                     f"whole path 4,096). Choose a shorter name.") from None
        if error.errno in (errno.ENOTDIR, errno.ELOOP):
            return  # as good as missing: opening says so
        raise UnusablePath(path, f"Cannot look at {path}: {error.strerror}.") from None
    if stat.S_ISREG(mode):
        return
    what = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    raise UnusablePath(path, f"{path} is {what}, not a Runback file. Give the path of a "
                             f"runner file (.db); nothing was opened.")


def _cut_short(path: Path) -> bool:
    """Whether the file is shorter than the page count its header records.

    SQLite trusts that count only while the header's "valid-for" number equals its change
    counter, and a write-ahead log may hold pages past the end, so both are checked.
    """
    if _size(companions(path)[0]):
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


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that reads a runner file without changing it, taking no lock: it works
    beside the app holding the file open (``runback check``, ``runback copy``).

    Raises the same errors as opening it when the file is not a usable Runback file.
    """
    inspect(path)
    return _read_only(path)


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file or leave -wal/-shm files beside it.

    With a write-ahead log present (a crash before a checkpoint, or another Runback has the
    file open), SQLite must read it, so the file is opened read-only but not immutable.
    """
    wal, index = companions(path)
    # Immutable (no locks, no reading of the log) only while no one has the file open,
    # which is while its shared-memory index is absent too.
    immutable = "" if _size(wal) or index.exists() else "&immutable=1"
    return connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)


def _size(path: Path) -> int:
    """A file's size, 0 if it is missing (another process may remove it as we look)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def check_writable(path: Path) -> None:
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        raise FileNotWritable(path, f"{path} is read-only, and Runback saves every entry at "
                                    f"once. Make it writable or copy it somewhere you can "
                                    f"write; it was left as it was.")
    if not os.access(folder, os.W_OK):
        raise FileNotWritable(path, f"The folder {folder} is read-only; Runback needs to write "
                                    f"beside the file. Move the file to a folder you can "
                                    f"write.")


def write_error(path: Path | None, error: sqlite3.Error, outcome: str) -> DataFileError:
    """The runner's message for a write SQLite could not do, by SQLite's result code.

    ``outcome`` says what became of the action; the error's ``reason`` is the cause alone.
    """
    name = path or "the runner file"
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code == SQLITE_IOERR and path is not None and _nearly_full(path.parent):
        code = SQLITE_FULL  # growing the shared-memory index says "I/O error", not "full"
    kind: type[DataFileError]
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


class HeldLock:
    """What ``hold_lock`` holds: the lock file beside the file's real path, and the file
    itself (its device and inode), both with ``flock``."""

    def __init__(self, handle: BinaryIO, lock_path: Path, inode_fd: int | None = None):
        self.handle, self.lock_path, self.inode_fd = handle, lock_path, inode_fd


def hold_lock(path: Path) -> HeldLock:
    """Hold ``<file>-lock`` while the file is open, so a second Runback is refused, by
    whatever path it reaches the file.

    Two windows on one file would each act on what they last read (a strength session the
    other already started, a plan value it already changed). The OS drops the lock when
    the process ends, however it ends, so a crash never leaves the file locked.

    The lock file sits beside the file's real path (symlinks, a symlinked folder and
    ``./`` resolved), and the file itself is locked too (``flock`` locks its device and
    inode, so a bind mount or a name made later cannot get round it). A file with more
    than one name (hard links) is refused: another name is another folder, with its own
    ``-wal``, which SQLite would not see. The lock file is opened without following a
    symlink, so a link planted in its place never truncates what it points to.
    """
    real = Path(os.path.realpath(path))
    _refuse_hard_links(path, real)
    lock_path = real.with_name(real.name + "-lock")
    while True:
        try:
            # Unbuffered: nothing is left to flush (and fail on a full disk) at close.
            handle = os.fdopen(os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600),
                               "rb+", buffering=0)
        except OSError as error:
            if lock_path.is_symlink():
                raise FileNotWritable(path, f"Could not open {path}: its lock file {lock_path} "
                                            f"is a symbolic link, which Runback never follows. "
                                            f"Remove that link and open the file again; "
                                            f"nothing was changed.") from None
            raise FileNotWritable(path, f"Could not open {path}: cannot write its lock file "
                                        f"({error.strerror}).") from None
        if not _try_lock(handle):
            holder = handle.read(20).decode("ascii", "replace").strip()
            handle.close()
            raise _in_use(path, holder)
        try:  # the holder before us may have removed the file between our open and lock
            same = os.stat(lock_path, follow_symlinks=False).st_ino == os.fstat(
                handle.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()
    held = HeldLock(handle, lock_path)
    try:
        held.inode_fd = _lock_inode(real)
    except FileInUse:
        handle.close()  # (not unlinked: the lock file may be the other holder's)
        raise _in_use(path, "") from None
    with contextlib.suppress(OSError):  # who holds it is for the message only
        handle.truncate(0)
        handle.write(str(os.getpid()).encode("ascii"))
    return held


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _in_use(path: Path, holder: str) -> FileInUse:
    where = f" (process {holder})" if holder.isdigit() else ""
    return FileInUse(path, f"{path} is already open in Runback{where}. Use that window, or "
                           f"close it and open the file again; a second window could "
                           f"overwrite its entries. Nothing was changed.")


def _refuse_hard_links(path: Path, real: Path) -> None:
    try:
        names = os.stat(real).st_nlink
    except OSError:
        return  # not there yet (being created) or unreadable: opening it says which
    if names > 1:
        raise FileHasLinks(path, f"{path} has {names} names on this disk (hard links), so "
                                 f"Runback cannot make sure only one window writes to it. "
                                 f"Give it a file of its own (copy it to a new name and "
                                 f"open the copy, or delete its other names); it was left "
                                 f"as it was.")


def _lock_inode(real: Path) -> int | None:
    """``flock`` on the file itself: held by whoever holds it, by any name or mount.

    SQLite locks with ``fcntl`` byte ranges, which ``flock`` does not touch. This
    descriptor must stay open until SQLite's connection is closed: closing any descriptor
    of a file drops the process's ``fcntl`` locks on it (``unlock`` closes it last).
    """
    try:
        import fcntl
    except ImportError:  # Windows: byte-range locks there are mandatory; the lock file only
        return None
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_CLOEXEC | _NOFOLLOW)
    except OSError:
        return None  # not there yet (being created): the lock file alone holds it
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise FileInUse(real, "") from None
    return descriptor


def _try_lock(handle: BinaryIO) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def unlock(held: HeldLock, path: Path | None) -> None:
    """Release ``hold_lock``'s locks: after the file's SQLite connection is closed."""
    del path  # the lock file is found by the real path it was made for
    # Removed while still held: whoever opened it meanwhile sees it gone and starts again.
    with contextlib.suppress(OSError):
        if os.stat(held.lock_path, follow_symlinks=False).st_ino == os.fstat(
                held.handle.fileno()).st_ino:
            os.unlink(held.lock_path)
    held.handle.close()
    if held.inode_fd is not None:
        os.close(held.inode_fd)
        held.inode_fd = None


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents owner-only (0700) whatever the umask;
    a folder that already exists is left as it is (it may be shared on purpose)."""
    folder = Path(folder)
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile: left as it is
            made.mkdir(mode=0o700)
            os.chmod(made, 0o700)  # mkdir's mode passes through the umask


def make_private_file(path: Path) -> None:
    """Make ``path`` exist and be owner-only (0600) before another library writes it
    (Qt's settings keep an existing file's mode when they rewrite it)."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | _NOFOLLOW, 0o600))
    os.chmod(path, 0o600)


def companions(path: Path) -> tuple[Path, Path]:
    """SQLite's write-ahead log and shared-memory index beside a file."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


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
        broken = _broken_rows(conn, path, version)
    except sqlite3.DatabaseError as error:
        raise NotARunbackFile(path, f"{path} is damaged and cannot be read ({error}). It was "
                                    f"left as it was.") from None
    finally:
        conn.close()
    upgrade = (f" (will be upgraded to {schema.latest_version()} when opened)"
               if version < schema.latest_version() else "")
    lines = [f"file: {path}", f"format version: {version}{upgrade}",
             f"journal: {journal_mode(path)}",
             "integrity: " + ("ok" if problems == ["ok"] else "; ".join(problems)),
             "foreign keys: " + ("ok" if not foreign else f"{len(foreign)} broken references")]
    if broken is None:
        lines.append("rows: checked once the file is upgraded (open it in Runback)")
    else:
        lines.append("rows: ok" if not broken else f"rows: {len(broken)} Runback cannot read "
                     f"(changed by another program; correct them or restore a backup copy)")
        lines += [f"broken row: {line}" for line in broken]
    lines += [f"rows in {name}: {count}" for name, count in counts.items()]
    return lines


def journal_mode(path: Path) -> str:
    """The journal mode the file itself records. ``PRAGMA journal_mode`` on a read-only
    connection to a closed file says "delete" even for a WAL file; the header does not:
    bytes 18 and 19 (the read and write versions) are 2 in WAL mode, 1 otherwise."""
    with path.open("rb") as handle:
        header = handle.read(20)
    wal = len(header) == 20 and header[18] == 2 and header[19] == 2
    return "wal" if wal else "delete (rollback journal)"


def _broken_rows(conn: sqlite3.Connection, path: Path, version: int) -> list[str] | None:
    """Every row the app could not read, as the app reads them (None: an older format,
    whose rows the upgrade reshapes first)."""
    if version < schema.latest_version():
        return None
    from core.file.row_checks import plan_problems, row_problems
    from core.file.rows import plan_change_from_row
    from core.rules import protocol

    problems = row_problems(conn, path)
    if problems:
        return problems
    changes = [plan_change_from_row(row) for row in _rows(conn, "plan_changes")]
    return [f"table plan_changes, row id {change.id}, column {column}: {problem}"
            for change, column, problem in plan_problems(protocol.default(), changes)]


def _rows(conn: sqlite3.Connection, table: str) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(f'SELECT * FROM "{table}"').fetchall()
