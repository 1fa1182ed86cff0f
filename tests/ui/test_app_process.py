"""The real program, started as a user starts it: it stays up and says nothing on the console."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.exchange.demo import create_demo

ROOT = Path(__file__).resolve().parents[2]
PROGRESS_TAB = 6
DEADLINE_SECONDS = 120  # a hang, not a slow machine
# The system calls an event loop waits in: poll and ppoll (x86_64), ppoll (aarch64).
POLL_CALLS = {"x86_64": {"7", "271"}, "aarch64": {"73"}}.get(os.uname().machine, set())


def idle(pid: int) -> tuple[int, ...] | None:
    """If the process's main thread is asleep in poll(), waiting for an event (nothing
    left to draw, no timer due), its threads' CPU times; else None."""
    proc = Path(f"/proc/{pid}")
    state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
    call = (proc / "syscall").read_text().split()[0]
    if state != "S" or not (call in POLL_CALLS or "poll" in (proc / "wchan").read_text()):
        return None
    times = [(task / "stat").read_text().rsplit(")", 1)[1].split()[11:13]
             for task in sorted((proc / "task").iterdir())]
    return tuple(int(user) + int(system) for user, system in times)


def wait_until_idle(process: subprocess.Popen, lock: Path) -> None:
    """Until the app holds its file and its event loop waits with nothing to do: the
    window built, shown and drawn (every chart, when it opens on Progress), no thread
    busy between two looks. An event the test reads, not a time; the deadline only turns
    a hang into a failure."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    seen = None
    while True:
        if process.poll() is not None:
            pytest.fail(f"the app ended (code {process.returncode}): "
                        f"{process.communicate()[1][-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"the app was not idle with its file open within {DEADLINE_SECONDS} s")
        try:
            now = idle(process.pid) if lock.exists() else None
        except OSError:  # it ended between two reads: said at the next turn
            now = None
        if now is not None and now == seen:
            return
        seen = now
        time.sleep(0.05)  # between two looks, not a wait for something to happen


@pytest.mark.skipif(not Path("/proc/self/syscall").exists(), reason="reads Linux's /proc")
@pytest.mark.parametrize("tab", [0, PROGRESS_TAB], ids=["opens on Today", "opens on Progress"])
def test_the_app_stays_up_without_warnings_or_tracebacks(tmp_path, tab):
    create_demo(tmp_path / "demo.db").close()
    config = tmp_path / "config"
    (config / "Runback").mkdir(parents=True)
    # The last tab is remembered: opening on Progress draws every chart at start.
    (config / "Runback" / "Runback.conf").write_text(f"[window]\ntab={tab}\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config),
               XDG_DATA_HOME=str(tmp_path / "data"))
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db",
                                str(tmp_path / "demo.db")], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_until_idle(process, tmp_path / "demo.db-lock")
    finally:
        process.terminate()  # as a logout does: the app closes its file and exits 0
        out, err = process.communicate(timeout=DEADLINE_SECONDS)
    assert process.returncode == 0, err
    assert err == "" and out == ""


@pytest.mark.parametrize("make, words", [
    (lambda p: None, "There is no file"),
    (lambda p: p.write_bytes(b"not a database at all" * 40), "not a Runback file"),
], ids=["missing file", "not a database"])
def test_starting_on_a_bad_file_says_why_in_one_line(tmp_path, make, words):
    path = tmp_path / "runner.db"
    make(path)
    before = path.read_bytes() if path.exists() else None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "c"),
               XDG_DATA_HOME=str(tmp_path / "d"))
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path)],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and words in result.stderr
    assert (path.read_bytes() if path.exists() else None) == before
