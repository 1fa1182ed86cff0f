"""Backups in the window: taken after changes and on close, File → Backups… lists them,
restores one through the normal close and open, opens one read-only to look; a damaged
file offers its newest good backup (pytest-qt, offscreen, real files)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.errors import FileInUse
from core.file import backups
from core.runback import Runback
from tests.core.test_backups import MinuteClock
from tests.reliability.damage import digest
from tests.reliability.test_backups import destroy_page
from ui import app, backups_dialog, main_window
from ui.backups_dialog import BackupsDialog, BackupWindow


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def minutes():
    return MinuteClock()


@pytest.fixture
def runner(tmp_path, minutes):
    runback = Runback.create(tmp_path / "runner.db", clock=minutes)
    runback.setup("patellofemoral_pain", "left", 3, True)
    return runback


def saved_backups(runback) -> list:
    return backups.list_backups(runback.store.path)


def test_the_window_backs_up_after_changes_at_most_every_30_minutes_and_on_close(
        make_window, runner, minutes):
    window = make_window(runner)
    start = minutes.now
    for minute in (0, 10, 25, 30, 45, 62, 70):  # a change at each of these minutes
        minutes.now = start + dt.timedelta(minutes=minute)
        assert window.ops.run(lambda rb, m=minute: rb.log_sleep(7 + m / 100))
    # taken at the changes of minutes 0, 30 and 62 (on the clock the file uses)
    taken = [info.taken.time() for info in saved_backups(runner)]
    assert taken == [dt.time(10, 2), dt.time(9, 30), dt.time(9, 0)]
    window.close()
    assert len(saved_backups(runner)) == 4  # changed since the last: one more on close
    assert "Backed up to backups/runner-" in window.statusBar().currentMessage()
    runner.close()


def test_quitting_as_a_logout_does_backs_up_the_changes_since_the_last(
        make_window, runner, minutes):
    """SIGTERM and SIGHUP end in QApplication.quit (ui/app.py), which in Qt 6 closes every
    window first, as closeAllWindows does. (Quitting the tests' own application would
    leave it unable to run the later tests' timers.)"""
    window = make_window(runner)
    window.ops.run(lambda rb: rb.log_sleep(7))  # the first change: backed up at once
    minutes.advance(5)
    window.ops.run(lambda rb: rb.log_sleep(8))  # within 30 minutes: waits
    assert len(saved_backups(runner)) == 1
    QApplication.closeAllWindows()
    assert len(saved_backups(runner)) == 2
    runner.close()


def test_a_window_with_no_change_takes_no_backup_on_close(make_window, runner):
    window = make_window(runner)
    window.close()
    assert saved_backups(runner) == []
    runner.close()


@pytest.fixture
def with_backups(make_window, runner, minutes):
    """A window whose file has two backups (2 and 3 sessions) and a later 4th session."""
    window = make_window(runner)
    for day in range(4):
        runner.log_mobility(20)  # (straight to the file: no automatic backup)
        if day in (1, 2):
            backups.take(runner.store.conn, runner.store.path, minutes())
        minutes.advance(24 * 60)
    return window


def test_the_dialog_lists_backups_newest_first_with_what_they_hold(qtbot, with_backups):
    dialog = BackupsDialog(with_backups)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    assert table.accessibleName() == "Backups" and table.rowCount() == 2
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Taken", "Days", "Sessions", "Last entry", "Size"]
    assert [table.item(r, 2).text() for r in range(2)] == ["3", "2"]
    assert table.item(0, 0).text() == "1 Dec 2026 09:00"
    assert table.item(0, 3).text() == "1 Dec 2026" and table.item(0, 1).text() == "3"
    assert dialog.restore_button.isEnabled()
    assert dialog.focusWidget() is table  # keyboard: arrows pick, then Alt+R restores
    for widget in (dialog.restore_button, dialog.look_button, dialog.folder_button,
                   dialog.now_button, dialog.close_button):
        assert widget.accessibleName()


def test_restoring_from_the_dialog_reloads_the_window_and_keeps_the_file_as_it_was(
        qtbot, with_backups, monkeypatch):
    window = with_backups
    path = window.runback.store.path
    asked = []
    monkeypatch.setattr(backups_dialog, "confirm", lambda parent, text: asked.append(text)
                        or True)
    window.show_backups()
    dialog = window.backups_dialog
    dialog.table.selectRow(1)  # the older: 2 sessions
    click(qtbot, dialog.restore_button)
    assert "backed up first" in asked[0]
    assert len(window.runback.log.sessions) == 2  # the window shows the restored file
    assert "Restored the backup" in window.statusBar().currentMessage()
    kept = [info for info in backups.list_backups(path) if info.before_restore]
    assert len(kept) == 1 and kept[0].sessions == 4
    with pytest.raises(FileInUse):  # the window holds the lock on the restored file
        Runback.open(path)
    assert window.ops.run(lambda rb: rb.log_mobility(30))  # and saves to it
    assert len(window.runback.log.sessions) == 3


def test_declining_the_question_restores_nothing(qtbot, with_backups, monkeypatch):
    monkeypatch.setattr(backups_dialog, "confirm", lambda parent, text: False)
    dialog = BackupsDialog(with_backups)
    qtbot.addWidget(dialog)
    assert not dialog.restore_selected()
    assert len(with_backups.runback.log.sessions) == 4


def test_a_backup_opens_read_only_to_look_and_refuses_every_save(qtbot, with_backups,
                                                                 monkeypatch):
    alerts = []
    monkeypatch.setattr(backups_dialog, "alert", lambda *args: alerts.append(args[-1]))
    dialog = BackupsDialog(with_backups)
    qtbot.addWidget(dialog)
    backup = dialog.backups[0].path
    before = digest(backup)
    look = dialog.look_at_selected()
    assert isinstance(look, BackupWindow)  # (it deletes itself when closed)
    assert look.windowTitle().startswith("Read-only backup of 1 Dec 2026 09:00")
    assert len(look.runback.log.sessions) == 3
    form = look.today_tab.check_in
    form.pain.setValue(5)
    click(qtbot, form.save)
    assert "read-only" in form.feedback.text()
    assert look.runback.log.pain_on(look.runback.today) != 5
    folder = look.folder
    look.close()
    assert not folder.exists()  # the temporary copy is gone
    assert digest(backup) == before  # the backup itself never changed
    assert len(with_backups.runback.log.sessions) == 4 and not alerts


def test_show_folder_opens_the_backups_folder(qtbot, with_backups, monkeypatch):
    opened = []
    monkeypatch.setattr(backups_dialog, "open_folder", opened.append)
    dialog = BackupsDialog(with_backups)
    qtbot.addWidget(dialog)
    click(qtbot, dialog.folder_button)
    assert opened == [with_backups.runback.store.path.parent / "backups"]


def test_back_up_now_adds_one_to_the_list(qtbot, with_backups):
    dialog = BackupsDialog(with_backups)
    qtbot.addWidget(dialog)
    click(qtbot, dialog.now_button)
    assert dialog.table.rowCount() == 3 and dialog.table.item(0, 2).text() == "4"


# --- a damaged file offers its newest good backup -----------------------------------------

@pytest.fixture
def damaged(tmp_path, clock):
    """A second runner's file with a good backup, then a page of it destroyed."""
    path = tmp_path / "other" / "runner.db"
    path.parent.mkdir()
    other = Runback.create(path, clock=clock)
    other.setup("it_band_syndrome", "right", 2, True)
    other.log_mobility(15)
    backups.take(other.store.conn, path, clock())
    other.close()
    destroy_page(path, "sessions")
    return path


def test_opening_a_damaged_file_offers_its_newest_good_backup(window, damaged, monkeypatch):
    offers = []
    monkeypatch.setattr(backups_dialog, "ask_restore",
                        lambda parent, text, offer: offers.append((text, offer)) or True)
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(damaged), ""))
    broken = digest(damaged)
    window.open_action.trigger()
    text, offer = offers[0]
    assert "damaged" in text and offer.startswith("Restore the backup of 2 Mar 2026 09:00")
    assert "(1 session, last entry 2 Mar 2026)" in offer
    assert window.runback.store.path == damaged and len(window.runback.log.sessions) == 1
    # Kept, never deleted (with the -wal and -shm its open attempt left, as a pair).
    aside = [p for p in damaged.parent.iterdir() if ".damaged-" in p.name
             and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and digest(aside[0]) == broken


def test_declining_the_offer_keeps_the_current_runner_and_the_damaged_file(
        window, damaged, monkeypatch):
    alerts = []
    monkeypatch.setattr(backups_dialog, "ask_restore", lambda *args: False)
    monkeypatch.setattr(main_window, "alert", lambda parent, title, text: alerts.append(text))
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(damaged), ""))
    broken = digest(damaged)
    current = window.runback
    window.open_action.trigger()
    assert window.runback is current and "damaged" in alerts[0]
    assert digest(damaged) == broken


def test_starting_on_a_damaged_file_offers_its_backup(qtbot, damaged, monkeypatch):
    monkeypatch.setattr(app, "HEADLESS", frozenset())  # as on a desktop: the offer is shown
    monkeypatch.setattr(backups_dialog, "ask_restore", lambda *args: True)
    runback = app._opened(damaged, demo=False)
    try:
        assert len(runback.log.sessions) == 1
    finally:
        runback.close()
