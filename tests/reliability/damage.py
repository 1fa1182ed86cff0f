"""Damaged and foreign runner files, and the hostile places a file can sit in.

Shared by the command-line tests (tests/reliability/test_damaged_files.py) and the
window's (tests/ui/test_reliability_gui.py). The tests run as root here and in CI, and
root writes through permission bits, so a read-only file is made three honest ways:
- another user: the command runs as ``nobody`` (``setpriv``) on a file it owns, mode 0444;
  as a non-root developer the permission bits are enough on their own;
- ``chattr +i`` (immutable): refused even to root, for the tests inside this process;
- a full disk is a small tmpfs mounted for the test (root only), or a file-size limit
  (``RLIMIT_FSIZE``) on a child process, which needs no privilege.
Each helper skips its test, saying why, where the machine cannot do it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pwd
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.file import schema
from core.file.store import Store

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> dict[str, str]:
    """Every file in a folder with its hash: 'unchanged' means this is equal."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def runner_file(path: Path, rows: int = 300) -> None:
    """A real Runback file with some history, checkpointed so all of it is in the file."""
    store = Store.create(path)
    with store.transaction():
        for day in range(rows):
            # real ISO dates: ``runback check`` reads every row as the app would
            date = (dt.date(2000, 1, 1) + dt.timedelta(days=day)).isoformat()
            store.db["sleep"].insert({"date": date, "hours": 7.0,
                                      "recorded_at": "2026-01-01T08:00:00"})
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def empty(path: Path) -> None:
    path.write_bytes(b"")


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(5).randbytes(16384))


def truncated(path: Path) -> None:
    runner_file(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def page_overwritten(path: Path) -> None:
    """A sound header and the right length, but a table page is noise (a bad sector)."""
    runner_file(path)
    data = bytearray(path.read_bytes())
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sleep'").fetchone()[0]
    conn.close()
    page_size = 4096
    start = (root - 1) * page_size
    data[start:start + page_size] = random.Random(6).randbytes(page_size)
    path.write_bytes(bytes(data))


def other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    conn.commit()
    conn.close()


def newer_version(path: Path) -> None:
    runner_file(path, rows=3)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    conn.close()


# (id, how the file is made, words the message must hold)
DAMAGED = [
    ("empty file", empty, "is empty"),
    ("random bytes", random_bytes, "not a SQLite database"),
    ("truncated database", truncated, "shorter than its own header says"),
    ("a table page overwritten", page_overwritten, "damaged"),
    ("another app's SQLite file", other_app, "another application's database"),
    ("a newer schema version", newer_version, "newer version of Runback"),
]
DAMAGED_PARAMS = [pytest.param(make, words, id=name) for name, make, words in DAMAGED]


# --- read-only ----------------------------------------------------------------------------

@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """``chattr +i``: the paths cannot be written, renamed or (a folder) added to, by root
    either. Skips where the file system or the process cannot set the flag."""
    done: list[Path] = []
    try:
        for path in paths:
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True,
                                    text=True)
            if result.returncode:
                pytest.skip(f"chattr +i is not possible here: {result.stderr.strip()}")
            done.append(path)
        yield
    finally:
        for path in reversed(done):
            subprocess.run(["chattr", "-i", str(path)], check=True)


def other_user() -> tuple[int, int] | None:
    """The uid and gid to run a command as so permission bits apply (None: we are not root,
    they already do)."""
    if os.geteuid() != 0:
        return None
    user = pwd.getpwnam("nobody")
    return user.pw_uid, user.pw_gid


@contextlib.contextmanager
def shared_folder() -> Iterator[Path]:
    """A folder the other user owns, reachable from /tmp (pytest's own is root's, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="runback-ro-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.iterdir()):
            os.chmod(path, 0o700)
        shutil.rmtree(folder)


def run_cli_as_other_user(*args: object) -> subprocess.CompletedProcess:
    """``main.py`` as a user whom permission bits bind (``nobody`` when we are root)."""
    command = [sys.executable, str(ROOT / "main.py"), *map(str, args)]
    ids = other_user()
    if ids is not None:
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv (util-linux) is needed to run as another user")
        command = ["setpriv", f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups",
                   *command]
        probe = subprocess.run([*command[:5], "-c", "import core"],
                               capture_output=True, text=True, cwd=ROOT)
        if probe.returncode:
            pytest.skip(f"user nobody cannot run this checkout: {probe.stderr.strip()}")
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def hand_over(*paths: Path) -> None:
    """Give the paths to the other user (the owner of a file is who may make it writable)."""
    ids = other_user()
    if ids is not None:
        for path in paths:
            os.chown(path, *ids)


# --- a full disk ----------------------------------------------------------------------------

@contextlib.contextmanager
def small_disk(folder: Path, size: str = "512k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` for the test (root only, else skip)."""
    folder.mkdir(exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700",
                              "runback-test", str(folder)], capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        # Lazy: a file a failed test left open must not leave the mount behind.
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Take every free byte of the disk holding ``folder``; remove the file to free them."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        block = b"\0" * 4096
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, block)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0")
    finally:
        os.close(fd)
    return filler
