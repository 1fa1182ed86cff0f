"""Privacy: Runback opens no network connection, and every file holding a runner's health
data is readable by its owner only (mode 0600), whatever the umask.

The whole process is watched with ``strace -f -e trace=socket,connect`` (Qt included, not
only Python): the self-test (every tab rendered, the export written and checked), the
command line's demo and export, and the desktop app left running for a few seconds. No
AF_INET or AF_INET6 socket may appear; local sockets (AF_UNIX, for a display server or
D-Bus) would be allowed and are listed. tests/ui/test_reliability_gui.py adds a socket
guard inside the process. The database (tests/core/test_store.py) and the exports
(tests/core/test_export.py) are already checked for 0600 where they are made.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from core.exchange.export import export
from core.file import schema
from core.runback import Runback
from tests.reliability.damage import ROOT

MAIN = str(ROOT / "main.py")
NETWORK = ("AF_INET", "AF_INET6")


def traced(tmp_path: Path, *command: str, env: dict | None = None
           ) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run ``command`` under strace; return its result and every socket/connect call."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed (.ci/run installs it)")
    log = tmp_path / f"strace-{len(list(tmp_path.glob('strace-*')))}.log"
    result = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket,connect,openat", "-o",
                             str(log), *command], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})
    if "ptrace" in result.stderr and "Operation not permitted" in result.stderr:
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()}")
    lines = log.read_text().splitlines()
    assert any("openat(" in line for line in lines), "strace saw nothing: is it tracing?"
    return result, [line for line in lines if re.search(r"\b(socket|connect)\(", line)]


def families(calls: list[str]) -> set[str]:
    return set(re.findall(r"\b(AF_[A-Z0-9]+)", "\n".join(calls)))


def no_network(calls: list[str]) -> None:
    assert not families(calls) & set(NETWORK), [c for c in calls if "AF_INET" in c]
    print(f"\nsocket/connect calls: {len(calls)}, families: {sorted(families(calls))}")


def test_the_self_test_opens_no_network_socket(tmp_path):
    result, calls = traced(tmp_path, sys.executable, MAIN, "--self-test")
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stdout
    no_network(calls)


def test_demo_and_export_at_the_command_line_open_no_network_socket(tmp_path):
    made, calls = traced(tmp_path, sys.executable, MAIN, "demo", "--db", "d.db")
    assert made.returncode == 0, made.stderr
    exported, more = traced(tmp_path, sys.executable, MAIN, "export", "--db", "d.db",
                            "--out", "out")
    assert exported.returncode == 0, exported.stderr
    no_network(calls + more)


def test_the_desktop_app_running_opens_no_network_socket(tmp_path):
    """The app itself (its event loop, timers, lazy tabs) for three seconds, then stopped."""
    assert subprocess.run([sys.executable, MAIN, "demo", "--db", tmp_path / "d.db",
                           "--weeks", "8"]).returncode == 0
    result, calls = traced(tmp_path, "timeout", "-s", "TERM", "3", sys.executable, MAIN,
                           "--db", "d.db", env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert result.returncode == 124, result.stderr  # still running when stopped
    assert "Traceback" not in result.stderr
    opened = (tmp_path / sorted(tmp_path.glob("strace-*"))[-1].name).read_text()
    assert "d.db-lock" in opened  # it got as far as opening the runner's file
    no_network(calls)


# --- owner-only files ------------------------------------------------------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most permissive umask: modes must come from Runback, not from the user's umask."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_the_log_index_and_lock_beside_an_open_file_are_owner_only(tmp_path, open_umask):
    path = tmp_path / "runner.db"
    runback = Runback.create(path)
    runback.setup("patellofemoral_pain", "left", 3, True)
    companions = [tmp_path / f"runner.db{end}" for end in ("-wal", "-shm", "-lock")]
    assert {p.name: mode(p) for p in [path, *companions]} == {
        p.name: 0o600 for p in [path, *companions]}
    export(runback, tmp_path / "out")
    assert {mode(p) for p in (tmp_path / "out").iterdir()} == {0o600}
    runback.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "runner.db"]


def test_the_backup_taken_before_a_migration_is_owner_only(tmp_path, open_umask,
                                                           monkeypatch):
    path = tmp_path / "runner.db"
    runback = Runback.create(path)
    runback.setup("patellofemoral_pain", "left", 3, True)
    runback.close()
    monkeypatch.setattr(schema, "MIGRATIONS",
                        [*schema.MIGRATIONS, "ALTER TABLE sleep ADD COLUMN quality INTEGER"])
    upgraded = Runback.open(path)
    backup = schema.backup_path(path, schema.latest_version() - 1)
    assert upgraded.store.backup == backup
    assert mode(backup) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM check_ins").fetchone()[0] == 1
    copy.close()
    upgraded.close()


def test_a_demo_made_at_the_command_line_is_owner_only(tmp_path):
    made = subprocess.run([sys.executable, MAIN, "demo", "--db", tmp_path / "d.db",
                           "--weeks", "3"], capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(0))
    assert made.returncode == 0, made.stderr
    assert mode(tmp_path / "d.db") == 0o600
