"""``runback --self-test`` from source, in a real process: what CI runs against the bundle.

The bundle itself is built and checked by ``.ci/run`` (too slow for a unit test).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TABS = ("Today", "1 Calm", "2 Strength", "3 Mechanics", "4 Return to run", "5 Performance",
        "Progress", "Physio")
# Python as the bundle would be without pyqtgraph: what a wrong exclude in the spec does.
WITHOUT_PYQTGRAPH = ("import runpy, sys; sys.modules['pyqtgraph'] = None; "
                     "sys.argv = ['main.py', '--self-test']; "
                     "runpy.run_path('main.py', run_name='__main__')")


def self_test(tmp_path, *command):
    """Run the self-test with its own temp, config and data folders, to look into after."""
    folders = {name: tmp_path / name for name in ("tmp", "config", "data")}
    folders["tmp"].mkdir()
    env = dict(os.environ, TMPDIR=str(folders["tmp"]), XDG_CONFIG_HOME=str(folders["config"]),
               XDG_DATA_HOME=str(folders["data"]))
    env.pop("QT_QPA_PLATFORM", None)  # the self-test goes offscreen by itself
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    return done, folders


def assert_nothing_left(folders):
    assert list(folders["tmp"].iterdir()) == []
    assert not folders["config"].exists()  # the user's settings were never touched
    assert not folders["data"].exists()


def test_self_test_renders_every_tab_and_checks_the_export(tmp_path):
    done, folders = self_test(tmp_path, sys.executable, str(ROOT / "main.py"), "--self-test")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    for tab in TABS:
        assert f"ok   tab {tab} rendered" in " ".join(lines)
    assert any(line.startswith("ok   5 charts painted with pyqtgraph") for line in lines)
    exported = re.compile(r"ok   runback-demo-\d{4}-\d\d-\d\d-(\w+)\.csv: UTF-8 with BOM, "
                          r"documented header, \d+ ")
    assert [match[1] for match in map(exported.match, lines) if match] == [
        "summary", "sessions", "scores", "checkins"]
    assert any(re.match(r"ok   runback-demo-[\d-]+\.xlsx: summary, sessions, scores and "
                        r"checkins sheets", line) for line in lines)
    assert lines[-1].startswith("self-test passed")
    assert_nothing_left(folders)


def test_a_missing_library_fails_the_self_test_with_one_clear_line(tmp_path):
    done, folders = self_test(tmp_path, sys.executable, "-c", WITHOUT_PYQTGRAPH)
    assert done.returncode == 1
    verdict = done.stderr.splitlines()[-1]
    assert verdict.startswith("runback --self-test: FAILED: opening the Progress tab: ")
    assert "pyqtgraph" in verdict
    assert "Traceback" not in done.stderr
    assert "self-test passed" not in done.stdout
    assert_nothing_left(folders)
