"""Reminders in the window: the tray's message at the chosen time, the fallback without a
tray, the settings kept, the first-run question asked once, and start at login."""

from __future__ import annotations

import datetime as dt
import stat
import sys

import pytest
from PySide6.QtCore import QSettings, QTime
from PySide6.QtWidgets import QSystemTrayIcon

from core.reminders import ReminderSettings
from core.runback import Runback
from tests.conftest import Clock
from tests.ui.conftest import WAIT_MS
from ui import autostart
from ui.reminders import load, save
from ui.reminders_dialog import RemindersDialog
from ui.setup_dialog import SetupDialog


class TimedClock(Clock):
    """The test clock, with a time of day to set."""

    time = dt.time(7, 0)

    def __call__(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.time).astimezone()


class RecordingTray(QSystemTrayIcon):
    """A tray icon that keeps the messages it was asked to show."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title, text, *rest):  # Qt's name
        self.messages.append((title, text))


@pytest.fixture
def clock() -> TimedClock:
    return TimedClock()


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    """A config folder of the test's own: the autostart entry is written there."""
    folder = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder


def with_tray(window, available: bool = True):
    """The window's reminders with a tray injected (offscreen has none), started as after
    the first paint."""
    window.reminders.available = lambda: available
    window.reminders.make_tray = RecordingTray
    window.reminders.start()
    return window.reminders


def test_settings_round_trip(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load(settings) == ReminderSettings()  # off by default
    assert not load(settings).enabled
    chosen = ReminderSettings(enabled=True, time=dt.time(6, 45), strength=False)
    save(settings, chosen)
    again = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load(again) == chosen
    again.setValue("reminders/time", "not a time")
    assert load(again).time == ReminderSettings().time


def test_the_tray_reminds_once_a_day_at_the_time(make_window, runner_file, settings, clock):
    save(settings, ReminderSettings(enabled=True, time=dt.time(8, 0)))
    clock.advance()  # no check-in yet today (the setup's was yesterday)
    window = make_window(runner_file)
    reminders = with_tray(window)
    tray = reminders.tray
    assert isinstance(tray, RecordingTray) and tray.isVisible()
    clock.time = dt.time(7, 59)
    window.day_timer.timeout.emit()  # the minute timer's turn, driven directly
    assert tray.messages == []
    clock.time = dt.time(8, 0)
    window.day_timer.timeout.emit()
    assert len(tray.messages) == 1 and "Check in" in tray.messages[0][1]
    window.day_timer.timeout.emit()
    assert len(tray.messages) == 1  # once a day
    clock.advance()
    window.day_timer.timeout.emit()
    assert len(tray.messages) == 2  # the next day, again
    window.runback.check_in(1)
    clock.advance()
    window.runback.check_in(2)
    window.day_timer.timeout.emit()
    assert len(tray.messages) == 2  # checked in already: nothing


def test_a_click_on_the_message_opens_the_check_in(make_window, runner_file, settings, clock):
    save(settings, ReminderSettings(enabled=True))
    window = make_window(runner_file)
    reminders = with_tray(window)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    window.hide()
    assert reminders.tray is not None
    reminders.tray.messageClicked.emit()
    assert window.isVisible() and window.tabs.currentIndex() == 0


def test_the_day_fired_is_kept_across_a_restart(make_window, tmp_path, settings, clock):
    save(settings, ReminderSettings(enabled=True, time=dt.time(8, 0)))
    clock.time = dt.time(9, 0)
    path = tmp_path / "runner.db"
    runback = Runback.create(path, clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=4, can_walk_30_min=False,
                  goal="")
    clock.advance()  # no check-in today
    first = make_window(runback)
    assert with_tray(first).check() is not None
    first.close()
    first.runback.close()
    second = make_window(Runback.open(path, clock=clock))
    assert with_tray(second).check() is None  # fired today already


def test_nothing_of_the_tray_is_built_while_reminders_are_off(make_window, runner_file):
    window = make_window(runner_file)
    reminders = with_tray(window)
    assert reminders.tray is None
    assert reminders.check() is None


def test_without_a_system_tray_nothing_fires_and_the_settings_say_so(
        qtbot, make_window, runner_file, settings, clock):
    save(settings, ReminderSettings(enabled=True, time=dt.time(6, 0)))
    clock.advance()
    window = make_window(runner_file)
    reminders = with_tray(window, available=False)
    assert reminders.tray is None
    assert reminders.check() is None
    dialog = RemindersDialog(reminders, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.no_tray.isVisible() and "no system tray" in dialog.no_tray.text()
    assert "nothing reminds you" in dialog.only_while_open.text()
    assert "no fixed strength days" in dialog.strength_days.text()


def test_the_real_tray_check_never_crashes(make_window, runner_file, settings, clock):
    """Offscreen, Qt's own answer (usually: no tray) is taken as it is."""
    save(settings, ReminderSettings(enabled=True, time=dt.time(6, 0)))
    window = make_window(runner_file)
    window.reminders.start()
    window.day_timer.timeout.emit()


def test_the_dialog_keeps_the_choice_and_writes_the_login_entry(
        qtbot, make_window, runner_file, settings, xdg):
    window = make_window(runner_file)
    window.reminders.available = lambda: True
    window.reminders.make_tray = RecordingTray
    window.reminders_action.trigger()
    dialog = window.reminders_dialog
    assert not dialog.enabled.isChecked() and not dialog.time.isEnabled()
    dialog.enabled.setChecked(True)
    dialog.time.setTime(QTime(6, 30))
    dialog.strength.setChecked(False)
    dialog.login.setChecked(autostart.supported())
    dialog.accept()
    assert load(settings) == ReminderSettings(True, dt.time(6, 30), False)
    assert window.reminders.tray is not None  # on at once, no restart
    if autostart.supported():
        assert (xdg / "autostart" / "runback.desktop").is_file()
        window.reminders_action.trigger()
        window.reminders_dialog.enabled.setChecked(False)
        window.reminders_dialog.login.setChecked(False)
        window.reminders_dialog.accept()
        assert not (xdg / "autostart" / "runback.desktop").exists()
        assert window.reminders.tray is None


def test_the_first_run_setup_asks_once(qtbot, make_window, tmp_path, settings):
    window = make_window(Runback.create(tmp_path / "new.db"))
    window.reminders.available = lambda: True
    window.reminders.make_tray = RecordingTray
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(SetupDialog)
    assert dialog.remind is not None and not dialog.remind.isChecked()  # off by default
    dialog.remind.setChecked(True)
    dialog.submit()
    assert load(settings).enabled and window.reminders.tray is not None
    again = SetupDialog(window.ops, window, window.reminders)
    qtbot.addWidget(again)
    assert again.remind is None  # asked once, never again


def test_the_login_entry_starts_this_program_in_the_tray(xdg):
    path = autostart.enable()
    assert path == xdg / "autostart" / "runback.desktop"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    exec_line = next(line for line in lines if line.startswith("Exec="))
    assert exec_line == "Exec=" + autostart.exec_line(
        [sys.executable, str(autostart.command()[1]), "--tray"])
    assert exec_line.endswith("main.py --tray") or exec_line.endswith('main.py" --tray')
    for field in ("Type=Application", "Name=Runback", "Icon=runback", "Terminal=false"):
        assert field in lines  # resources/runback.desktop's own fields
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert autostart.enabled()
    autostart.disable()
    assert not path.exists() and not autostart.enabled()
    autostart.disable()  # removing it twice is no error


def test_the_bundle_starts_itself(xdg, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/Run back/runback")
    assert autostart.command() == ["/opt/Run back/runback", "--tray"]
    assert autostart.entry_text().count('\nExec="/opt/Run back/runback" --tray\n') == 1


def test_exec_quoting_follows_the_desktop_entry_spec():
    assert autostart.exec_line(["/usr/bin/python3", "/a b/main.py", "--tray"]) == (
        '/usr/bin/python3 "/a b/main.py" --tray')
    assert autostart.exec_line(['/x/"q"$', "100%"]) == r'"/x/\"q\"\$" 100%%'


def test_a_relative_config_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.entry_path() == tmp_path / ".config" / "autostart" / "runback.desktop"


def test_other_platforms_say_not_supported(qtbot, make_window, runner_file, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    window = make_window(runner_file)
    dialog = RemindersDialog(window.reminders, window)
    qtbot.addWidget(dialog)
    assert not dialog.login.isEnabled()
    assert "not supported" in dialog.login_where.text()
    dialog.accept()  # nothing written, no crash


@pytest.mark.parametrize("has_tray", [True, False], ids=["a tray: hidden in it",
                                                         "no tray: the window shows"])
def test_tray_start(qtbot, tmp_path, settings, monkeypatch, has_tray):
    """``runback --tray`` (start at login) starts in the tray when reminders are on."""
    from ui.app import start

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", lambda: has_tray)
    save(settings, ReminderSettings(enabled=True))
    Runback.create(tmp_path / "runner.db").close()
    window = start(tmp_path / "runner.db", demo=False, settings=settings, tray=True)
    qtbot.addWidget(window)
    try:
        assert window.isVisible() is not has_tray
        assert (window.reminders.tray is not None) is has_tray
    finally:
        window.close()
        window.runback.close()


def test_tray_start_with_reminders_off_shows_the_window(qtbot, tmp_path, settings):
    from ui.app import start

    Runback.create(tmp_path / "runner.db").close()
    window = start(tmp_path / "runner.db", demo=False, settings=settings, tray=True)
    qtbot.addWidget(window)
    try:
        assert window.isVisible() and window.reminders.tray is None
    finally:
        window.close()
        window.runback.close()
