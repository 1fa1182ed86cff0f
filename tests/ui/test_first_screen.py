"""Start-up draws the saved first screen, then loads the file behind it (ui/app.start)."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core import first_screen
from core.demo import create_demo
from core.errors import RunbackError
from core.runback import Runback
from ui.app import start
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def closed_file(tmp_path):
    """A runner in stage 4, whose file the app closed yesterday (first screen saved)."""
    path = tmp_path / "runner.db"
    create_demo(path, weeks=10, end=dt.date.today() - dt.timedelta(days=1)).close()
    first_screen.close_saving(Runback.open(path))
    return path


@pytest.fixture
def started(qtbot, settings):
    windows = []

    def begin(path):
        window = start(path, demo=False, settings=settings)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield begin
    for window in windows:
        window.close()
        if window.ops.runback is not None:
            window.ops.runback.close()


def test_the_first_screen_shows_today_then_the_loaded_file_shows_the_same(started, qtbot,
                                                                          closed_file):
    card = first_screen.read(closed_file, dt.date.today().isoformat())
    window = started(closed_file)
    assert not window.ready  # drawn from the card: the file is not loaded yet
    today = window.today_tab
    drawn = (today.stage_label.text(), today.headline.text(), today.details.text(),
             today.check_in.prompt.text(), window.windowTitle(), window.tabs.tabText(4))
    assert drawn[:2] == (card["today"]["stage_label"], card["today"]["headline"])
    assert drawn[4:] == ("Runback — runner.db", "▶ 4 Return to run")
    assert today.check_in.date.date().toPython() == dt.date.today()

    qtbot.waitUntil(lambda: window.ready, timeout=10_000)
    assert window.failure is None
    assert window.runback.today_card()["today"] == card["today"]
    assert (today.stage_label.text(), today.headline.text(), today.details.text(),
            today.check_in.prompt.text(), window.windowTitle(),
            window.tabs.tabText(4)) == drawn
    # Live now: labels selectable, menus and shortcuts in place, a check-in saves.
    assert today.headline.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    today.check_in.pain.setValue(1)
    today.check_in.save.click()
    assert window.runback.log.pain_on(dt.date.today()) == 1


def test_without_a_saved_screen_the_file_loads_before_the_window_shows(started, tmp_path,
                                                                       closed_file):
    first_screen.forget(closed_file)
    window = started(closed_file)
    assert window.ready and window.today_tab.headline.text()


def test_a_window_last_closed_on_another_tab_opens_there_the_long_way(started, settings,
                                                                      closed_file):
    settings.setValue("window/tab", 7)  # Physio
    window = started(closed_file)
    assert window.ready and window.tabs.currentIndex() == 7


def damage_keeping_fingerprint(path: Path) -> None:
    """Spoil the file's header in place, size and times kept: the card still looks valid."""
    info = os.stat(path)
    with open(path, "r+b") as handle:
        handle.write(b"Not a database!\x00")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_file_that_fails_behind_the_first_screen_closes_the_window_with_the_reason(
        started, qtbot, closed_file):
    damage_keeping_fingerprint(closed_file)
    assert first_screen.read(closed_file, dt.date.today().isoformat()) is not None
    window = started(closed_file)
    qtbot.waitUntil(lambda: window.failure is not None, timeout=10_000)
    assert isinstance(window.failure, RunbackError)
    assert not window.isVisible() and not window.ready


def test_the_app_reports_that_failure_in_one_line_and_exits_2(tmp_path, closed_file):
    damage_keeping_fingerprint(closed_file)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "main.py", "--db", str(closed_file)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines()
             if "propagateSizeHints" not in line]
    assert len(lines) == 1 and str(closed_file) in lines[0], result.stderr
    assert closed_file.read_bytes().startswith(b"Not a database!")  # left as it was


def test_an_unexpected_error_behind_the_first_screen_is_kept_for_run_to_raise(
        started, qtbot, closed_file, monkeypatch):
    def broken(window, runback):
        runback.close()
        raise RuntimeError("a bug while attaching")

    monkeypatch.setattr(MainWindow, "attach", broken)
    window = started(closed_file)
    qtbot.waitUntil(lambda: window.failure is not None, timeout=10_000)
    assert isinstance(window.failure, RuntimeError) and not window.isVisible()


DRIVER = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import main
from ui.app import application

app = application()
seen = []

def close_once_loaded():
    windows = [w for w in QApplication.topLevelWidgets() if hasattr(w, "ready")]
    seen.extend(w.ready for w in windows)
    if windows and windows[0].ready:
        windows[0].close()  # as the runner closes the window
    else:
        QTimer.singleShot(20, close_once_loaded)

QTimer.singleShot(0, close_once_loaded)
code = main.main(["--db", {db!r}])
print("drawn before loaded" if False in seen else "loaded before drawn")
sys.exit(code)
"""


def test_quitting_the_app_saves_the_first_screen_the_next_start_draws(tmp_path):
    path = tmp_path / "runner.db"
    runback = create_demo(path, weeks=6)
    runback.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    script = DRIVER.format(root=str(ROOT), db=str(path))
    starts = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                             text=True, timeout=120) for _ in range(2)]
    assert [s.returncode for s in starts] == [0, 0], starts[-1].stderr
    assert starts[0].stdout.strip() == "loaded before drawn"  # nothing saved yet
    assert starts[1].stdout.strip() == "drawn before loaded"  # the first close saved it
    assert first_screen.read(path, dt.date.today().isoformat()) is not None
