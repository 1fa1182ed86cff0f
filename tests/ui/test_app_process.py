"""The real program, started as a user starts it: it stays up and says nothing on the console."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.exchange.demo import create_demo
from tests.app_child import start_app, wait_ready

ROOT = Path(__file__).resolve().parents[2]
PROGRESS_TAB = 6
DEADLINE_SECONDS = 120  # a hang, not a slow machine


@pytest.mark.parametrize("tab", [0, PROGRESS_TAB], ids=["opens on Today", "opens on Progress"])
def test_the_app_stays_up_without_warnings_or_tracebacks(tmp_path, tab):
    create_demo(tmp_path / "demo.db").close()
    config = tmp_path / "config"
    (config / "Runback").mkdir(parents=True)
    # The last tab is remembered: opening on Progress draws every chart at start.
    (config / "Runback" / "Runback.conf").write_text(f"[window]\ntab={tab}\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config),
               XDG_DATA_HOME=str(tmp_path / "data"))
    process, ready = start_app(["--db", str(tmp_path / "demo.db")], env)
    try:
        assert wait_ready(process, ready, DEADLINE_SECONDS), "the window never came up"
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
