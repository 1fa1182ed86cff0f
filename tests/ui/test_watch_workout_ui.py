"""Send to watch… on Today and on the Return-to-run tab: the save dialog proposes the
workout's file name in the folder used last, the file written is today's walk–run, and on
a day without one the button is disabled and says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model import Stage
from core.rules.plan import LEVEL_KEY
from tests.core.test_watch_workout import COOL_DOWN, WARM_UP, decoded, repeat, run, walk
from tests.ui.conftest import move_to_stage
from ui import watch_workout


@pytest.fixture
def stage_4_window(window):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    window.ops.run(lambda rb: rb.change_plan(LEVEL_KEY, 3, "Physio's assessment"))
    return window


@pytest.fixture
def save_dialog(monkeypatch, tmp_path):
    """The save dialog, answered with a file in ``answer`` (a folder); what it proposed is
    kept in ``proposed``."""
    dialog = type("Dialog", (), {"answer": tmp_path / "watch", "proposed": []})()
    dialog.answer.mkdir()

    def ask(_parent, _title, proposed, _filter):
        dialog.proposed.append(Path(proposed))
        return str(dialog.answer / Path(proposed).name), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    return dialog


def never_alert(monkeypatch):
    def fail(*args):
        raise AssertionError(f"unexpected message: {args[2]}")

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fail))


def test_today_sends_the_walk_run_to_a_file_and_remembers_the_folder(
        qtbot, stage_4_window, save_dialog, settings, monkeypatch):
    never_alert(monkeypatch)
    button = stage_4_window.today_tab.send_to_watch
    assert button.isVisible() and button.isEnabled()
    assert "3 min run / 2 min walk × 5" in button.toolTip()
    with qtbot.waitSignal(stage_4_window.ops.notice) as notice:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    written = save_dialog.answer / "RUNBKL03.FIT"
    assert save_dialog.proposed == [Path.home() / "RUNBKL03.FIT"]
    assert decoded(written)["steps"] == [WARM_UP, run(3), walk(2), repeat(1, 5), COOL_DOWN]
    assert "GARMIN/NewFiles" in notice.args[0]
    assert settings.value(watch_workout.FOLDER_KEY) == str(save_dialog.answer)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the next time: the same folder
    assert save_dialog.proposed[-1] == written


def test_the_return_to_run_tab_sends_it_too(qtbot, stage_4_window, save_dialog, monkeypatch):
    never_alert(monkeypatch)
    tab = stage_4_window.view(Stage.RETURN_TO_RUN)
    stage_4_window.show_view(tab)
    assert tab.send_to_watch.isEnabled()
    qtbot.mouseClick(tab.send_to_watch, Qt.MouseButton.LeftButton)
    assert (save_dialog.answer / "RUNBKL03.FIT").is_file()


def buttons_shown(window, tab):
    """Each tab's button, its tab on screen (a tab off screen redraws when shown)."""
    for view in (window.today_tab, tab):
        window.show_view(view)
        yield view.send_to_watch


def test_no_walk_run_today_disables_the_button_and_says_why(qtbot, stage_4_window, clock,
                                                            save_dialog):
    tab = stage_4_window.view(Stage.RETURN_TO_RUN)
    stage_4_window.ops.run(lambda rb: rb.log_walk_run(
        rounds=5, run_minutes=3, walk_minutes=2, pain_during=1, effort=4))
    for button in buttons_shown(stage_4_window, tab):
        assert not button.isEnabled()
        assert button.toolTip() == ("No workout today: Walk–run done today: check in "
                                    "tomorrow morning.")

    clock.advance()
    stage_4_window.ops.run(lambda rb: rb.check_in(1))  # the next day: a rest day
    for button in buttons_shown(stage_4_window, tab):
        assert not button.isEnabled()
        assert button.toolTip().startswith("No workout today: Rest day: your last walk–run "
                                           "was on 2026-03-02")
    qtbot.mouseClick(tab.send_to_watch, Qt.MouseButton.LeftButton)  # disabled: nothing
    assert save_dialog.proposed == []
    assert list(save_dialog.answer.iterdir()) == []


def test_today_shows_no_watch_button_before_stage_4(window):
    assert not window.today_tab.send_to_watch.isVisibleTo(window.today_tab)


def test_a_failed_write_says_why_and_leaves_nothing(qtbot, stage_4_window, save_dialog,
                                                    monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: said.append(a[2])))

    def full_disk(_descriptor):
        raise OSError(28, "No space left on device")

    from core.exchange.watch import workout

    monkeypatch.setattr(workout.os, "fsync", full_disk)
    assert watch_workout.send_to_watch(stage_4_window.today_tab, stage_4_window.ops) is None
    assert len(said) == 1 and "No space left on device" in said[0]
    assert list(save_dialog.answer.iterdir()) == []
