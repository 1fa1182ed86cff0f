"""One file, one writer, by any path; a crash at first creation never locks the runner out.

The lock (core/file/datafile.py ``hold_lock``) sits beside the file's real path and also holds
the file's inode, so a symlink, a symlinked folder, ``./`` or a second mount of the folder
all meet the same lock; a file with two names (hard links) is refused with a reason. A
symlink planted where the lock file goes is never followed. A new file is written under a
temporary name and linked into place whole (``Store.create``).
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import EmptyRunnerFile, FileHasLinks, FileInUse, FileNotWritable
from core.file.opening import creating_path
from core.runback import Runback
from tests.reliability.damage import ROOT
from tests.reliability.writer import NOW
from tests.test_cli import runback as cli


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused_while_open(first_path, second_path) -> None:
    first = Runback.open(first_path, clock=lambda: NOW)
    try:
        with pytest.raises(FileInUse, match="already open in Runback"):
            Runback.open(second_path, clock=lambda: NOW)
    finally:
        first.close()
    Runback.open(second_path, clock=lambda: NOW).close()  # free once the first closes


def test_a_symlink_to_the_file_meets_the_same_lock(path, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(path)
    refused_while_open(path, link)
    refused_while_open(link, path)


def test_a_symlinked_folder_meets_the_same_lock(path, tmp_path):
    folder = tmp_path / "elsewhere"
    folder.symlink_to(tmp_path, target_is_directory=True)
    refused_while_open(path, folder / "runner.db")


def test_a_relative_path_meets_the_same_lock(path, monkeypatch):
    monkeypatch.chdir(path.parent)
    refused_while_open(path, "./runner.db")
    refused_while_open("runner.db", path.parent / "." / "runner.db")


def test_a_file_with_a_second_name_is_refused_with_a_reason(path, tmp_path):
    other = tmp_path / "also-runner.db"
    os.link(path, other)
    before = digest(path)
    for name in (path, other):
        with pytest.raises(FileHasLinks, match=r"has 2 names on this disk \(hard links\)"):
            Runback.open(name, clock=lambda: NOW)
    done = cli("export", "--db", other, "--out", tmp_path / "out")
    assert done.returncode == 2 and "hard links" in done.stderr
    assert digest(path) == before
    other.unlink()  # a file of its own again: it opens
    Runback.open(path, clock=lambda: NOW).close()


def test_a_second_mount_of_the_folder_meets_the_inode_lock(path, tmp_path):
    """A bind mount: another real path, one name, the same inode. Only the inode lock
    sees it (root only; skipped elsewhere)."""
    mount = tmp_path / "mounted"
    mount.mkdir()
    made = subprocess.run(["mount", "--bind", str(path.parent), str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {made.stderr.strip()}")
    try:
        assert os.path.realpath(mount / "runner.db") != os.path.realpath(path)
        refused_while_open(path, mount / "runner.db")
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_file_open_in_another_process_is_refused_through_a_symlinked_folder(path, tmp_path):
    folder = tmp_path / "via"
    folder.symlink_to(tmp_path, target_is_directory=True)
    child = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(path), "1",
                              "3"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "opening\n"
        assert child.stdout.readline() == "ready\n"
        with pytest.raises(FileInUse, match=rf"\(process {child.pid}\)"):
            Runback.open(folder / "runner.db", clock=lambda: NOW)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


def test_a_planted_lock_symlink_is_never_followed(path, tmp_path):
    victim = tmp_path / "precious.txt"
    victim.write_text("the runner's other notes")
    path.with_name("runner.db-lock").symlink_to(victim)
    with pytest.raises(FileNotWritable, match="is a symbolic link, which Runback never follows"):
        Runback.open(path, clock=lambda: NOW)
    assert victim.read_text() == "the runner's other notes"
    assert path.with_name("runner.db-lock").is_symlink()


def test_folders_and_settings_runback_makes_are_owner_only_whatever_the_umask(tmp_path):
    code = ("import os; os.umask(0)\n"
            "from ui.app import application, default_data_file, private_settings\n"
            "app = application()\n"
            "print(default_data_file())\n"
            "settings = private_settings(); settings.setValue('window/tab', 2); settings.sync()\n"
            "print(settings.fileName())\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    data_file, conf = (line for line in done.stdout.split("\n") if line)
    mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)  # noqa: E731
    made = Path(data_file).parent  # the app-data folder: …/Runback/Runback on Linux
    assert made.is_relative_to(tmp_path / "data")
    while made != tmp_path:  # each folder Runback made, up to the one that existed
        assert mode(made) == 0o700, made
        made = made.parent
    assert conf == str(tmp_path / "config" / "Runback" / "Runback.conf")
    assert mode(tmp_path / "config" / "Runback") == 0o700
    assert mode(conf) == 0o600 and "tab=2" in Path(conf).read_text()


CREATE_CHILD = """
import sys
from pathlib import Path
from core.file import schema
from core.file.store import Store

migrate = schema.migrate
def migrate_then_wait(*args):
    written = migrate(*args)
    print("schema written", flush=True)
    sys.stdin.readline()  # killed here, between the schema and its name
    return written
schema.migrate = migrate_then_wait
Store.create(Path(sys.argv[1]))
"""


def test_a_kill_during_the_first_creation_leaves_nothing_that_locks_the_runner_out(tmp_path):
    path = tmp_path / "runner.db"
    child = subprocess.Popen([sys.executable, "-c", CREATE_CHILD, str(path)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "schema written\n"
        assert creating_path(path).stat().st_size > 0  # the schema, under its temporary name
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        child.stdin.close()
        child.stdout.close()
    assert not path.exists()  # no runner file at all: not an empty one
    runback = Runback.create(path, clock=lambda: NOW)  # the next start creates it
    runback.setup("patellofemoral_pain", "left", 3, True)
    runback.close()
    assert not creating_path(path).exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    Runback.open(path, clock=lambda: NOW).close()


def test_an_empty_file_from_an_older_version_says_what_to_do(tmp_path):
    empty = tmp_path / "runner.db"
    empty.write_bytes(b"")
    with pytest.raises(EmptyRunnerFile):
        Runback.open(empty, clock=lambda: NOW)
    done = cli("export", "--db", empty, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert "is empty" in done.stderr and "create a new runner file in its place" in done.stderr
    assert empty.read_bytes() == b""
