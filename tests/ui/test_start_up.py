"""Start-up is one path (ui/app.start): open the file, build the window, show it."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.exchange.demo import create_demo
from core.runback import Runback
from ui.app import start

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def closed_file(tmp_path):
    """A runner in stage 4, whose file was closed yesterday."""
    path = tmp_path / "runner.db"
    create_demo(path, weeks=10, end=dt.date.today() - dt.timedelta(days=1)).close()
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
        window.runback.close()


def test_the_window_shows_todays_card_and_every_action_works(started, closed_file):
    window = started(closed_file)
    card = window.runback.today_card()
    today = window.today_tab
    assert (today.stage_label.text(), today.headline.text(), today.details.text(),
            today.check_in.prompt.text()) == (
        card["today"]["stage_label"], card["today"]["headline"], card["today"]["details"],
        card["check_in"]["prompt"])
    assert (window.windowTitle(), window.tabs.tabText(4)) == ("Runback — runner.db",
                                                              "▶ 4 Return to run")
    assert today.check_in.date.date().toPython() == dt.date.today()
    assert today.headline.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    today.check_in.pain.setValue(1)
    today.check_in.save.click()
    assert window.runback.log.pain_on(dt.date.today()) == 1


def test_a_window_last_closed_on_another_tab_opens_there(started, settings, closed_file):
    settings.setValue("window/tab", 7)  # Physio
    window = started(closed_file)
    assert window.tabs.currentIndex() == 7


def test_a_first_screen_an_older_runback_saved_is_removed_when_the_file_opens(closed_file):
    stale = [closed_file.with_name("runner.db-today"),
             closed_file.with_name("runner.db-today.new")]
    for path in stale:
        path.write_bytes(b"Runback first screen\n\x00\x00\x00\x00stale")
    Runback.open(closed_file).close()
    assert sorted(p.name for p in closed_file.parent.iterdir()) == ["runner.db"]


def test_the_app_opens_a_file_with_a_stale_first_screen_and_removes_it(started,
                                                                       closed_file):
    stale = closed_file.with_name("runner.db-today")
    stale.write_bytes(b"not a card at all")
    window = started(closed_file)
    assert not stale.exists()
    assert window.today_tab.headline.text() == window.runback.today_card()["today"]["headline"]


def test_a_leftover_that_cannot_be_removed_does_not_stop_the_file_opening(closed_file):
    folder = closed_file.with_name("runner.db-today")
    folder.mkdir()  # not a file: unlink refuses it
    (folder / "x").write_text("x")
    runback = Runback.open(closed_file)
    assert runback.today_card()["today"]["headline"]
    runback.close()


def test_a_damaged_file_is_reported_in_one_line_and_the_app_exits_2(tmp_path, closed_file):
    with open(closed_file, "r+b") as handle:
        handle.write(b"Not a database!\x00")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "main.py", "--db", str(closed_file)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines()
             if "propagateSizeHints" not in line]
    assert len(lines) == 1 and str(closed_file) in lines[0], result.stderr
    assert closed_file.read_bytes().startswith(b"Not a database!")  # left as it was


DRIVER = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import main
from ui.app import application
from ui.main_window import MainWindow

app = application()

def close_the_window():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    print(windows[0].today_tab.headline.text())
    windows[0].close()  # as the runner closes the window

QTimer.singleShot(0, close_the_window)
sys.exit(main.main(["--db", {db!r}]))
"""


def test_quitting_the_app_leaves_nothing_beside_the_file(tmp_path, closed_file):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    script = DRIVER.format(root=str(ROOT), db=str(closed_file))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # Today was drawn
    assert [p.name for p in closed_file.parent.glob("runner.db*")] == ["runner.db"]


def long_file(tmp_path: Path, days: int) -> Path:
    """A runner who checked in every day for ``days`` days, up to yesterday: more history
    than the first view reads (core/rules/reach.py)."""
    from tests.conftest import Clock

    path = tmp_path / "long.db"
    clock = Clock(dt.date.today() - dt.timedelta(days=days))
    runback = Runback.create(path, clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=3, can_walk_30_min=True)
    for number in range(days):
        runback.check_in(number % 4, f"Morning {number}.", replace=True)
        clock.advance()
    runback.close()
    return path


def test_the_window_is_drawn_before_the_whole_file_is_read_and_then_reads_it(
        started, tmp_path, qtbot):
    from core.rules.reach import LOOKBACK_DAYS

    path = long_file(tmp_path, LOOKBACK_DAYS + 60)
    window = started(path)
    runback = window.runback
    assert not runback.all_read  # Today is up; the old mornings are still on disk
    shown = window.today_tab.headline.text()
    qtbot.waitUntil(lambda: runback.all_read, timeout=20_000)
    assert len(runback.log.check_ins) == LOOKBACK_DAYS + 60
    assert window.today_tab.headline.text() == shown == runback.today_card()["today"][
        "headline"]


def test_a_check_in_saved_before_the_rest_is_read_keeps_every_entry(started, tmp_path):
    from core.rules.reach import LOOKBACK_DAYS

    path = long_file(tmp_path, LOOKBACK_DAYS + 60)
    window = started(path)
    check_in = window.today_tab.check_in
    assert not window.runback.all_read
    check_in.pain.setValue(2)
    check_in.save.click()
    log = window.runback.log
    assert log.pain_on(dt.date.today()) == 2 and len(log.check_ins) == LOOKBACK_DAYS + 61
    window.close()
    window.runback.close()
    again = Runback.open(path)
    assert len(again.log.check_ins) == LOOKBACK_DAYS + 61
    again.close()


def test_damage_past_the_first_view_is_reported_in_one_line_and_the_app_exits_2(tmp_path):
    import sqlite3

    from core.rules.reach import LOOKBACK_DAYS

    path = long_file(tmp_path, LOOKBACK_DAYS + 60)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE check_ins SET date = '31/12/2025' "
                 "WHERE date = (SELECT min(date) FROM check_ins)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "main.py", "--db", str(path)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines()
             if "propagateSizeHints" not in line]
    assert len(lines) == 1 and "31/12/2025" in lines[0] and "check_ins" in lines[0], \
        result.stderr
    assert path.read_bytes() == before  # left as it was
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == ["long.db"]


def test_startup_time_prints_when_today_was_drawn_and_the_file_read_then_quits(tmp_path):
    from core.rules.reach import LOOKBACK_DAYS

    path = long_file(tmp_path, LOOKBACK_DAYS + 30)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "main.py", "--db", str(path), "--startup-time"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    drawn, read = map(float, result.stdout.split())
    assert 0 < drawn <= read
    assert not path.with_name("long.db-lock").exists()  # closed as File → Quit closes it
