"""Mechanics, performance and file flows through the real widgets."""

import pytest
from PySide6.QtCore import Qt

from core import today_card
from core.model import ReadinessTest, RunType, SessionKind, Stage, StageEventKind
from core.runback import Runback
from tests.ui.conftest import WAIT_MS, move_to_stage
from ui import journal, main_window
from ui.setup_dialog import SetupDialog


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_baseline_cadence_sets_the_band_and_runs_are_judged_against_it(qtbot, window, clock):
    move_to_stage(window, Stage.MECHANICS)
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.MECHANICS]
    window.show_view(tab)
    assert "Record your baseline" in tab.band.text()
    tab.baseline.setValue(160)
    click(qtbot, tab.save_baseline)
    assert "168–176" in tab.band.text()
    tab.cadence.setValue(170)
    tab.under_body.setChecked(True)
    click(qtbot, tab.log_run)
    run = window.runback.log.sessions[-1]
    assert (run.run_type, run.cadence, run.cue_under_body, run.cue_tall_trunk) == (
        RunType.EASY, 170, True, False)
    assert tab.history.table.item(0, 3).text() == "in band"


def test_readiness_checks_open_the_return_to_run(qtbot, window, clock):
    move_to_stage(window, Stage.MECHANICS)
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.MECHANICS]
    window.show_view(tab)
    for test in ReadinessTest:
        done, pain, status = tab.checks[test]
        assert status.text() == "not tried"
        done.setChecked(True)
        pain.setValue(3 if test is ReadinessTest.SINGLE_LEG_HOP else 1)
        tab._record(test)
    assert tab.checks[ReadinessTest.SINGLE_LEG_HOP][2].text().startswith("✗")
    window.show_view(window.today_tab)
    assert window.today_tab.suggestion_card.isHidden()
    window.show_view(tab)
    tab.checks[ReadinessTest.SINGLE_LEG_HOP][1].setValue(1)
    tab._record(ReadinessTest.SINGLE_LEG_HOP)
    assert tab.checks[ReadinessTest.SINGLE_LEG_HOP][2].text().startswith("✓")
    window.show_view(window.today_tab)
    assert not window.today_tab.suggestion_card.isHidden()
    assert "stage 4" in window.today_tab.suggestion.text()


def test_performance_runs_sleep_and_mobility_are_logged(qtbot, window, clock):
    move_to_stage(window, Stage.PERFORMANCE)
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.PERFORMANCE]
    window.show_view(tab)
    assert "Next to bring back: <b>long</b>" in tab.guidance.text()
    tab.run_type.setCurrentIndex(1)  # long
    tab.minutes.setValue(50)
    tab.distance.setValue(8.2)
    tab.effort.setValue(5)
    click(qtbot, tab.save)
    run = window.runback.log.sessions[-1]
    assert (run.run_type, run.minutes, run.distance_km, run.effort) == (
        RunType.LONG, 50, 8.2, 5)
    assert tab.load.item(0, 1).text() == "250"
    tab.sleep.setValue(7.25)
    click(qtbot, tab.save_sleep)
    assert window.runback.log.sleep[-1].hours == 7.25
    click(qtbot, tab.save_mobility)
    assert window.runback.log.sessions[-1].kind is SessionKind.MOBILITY


def test_a_session_logged_by_mistake_can_be_deleted(qtbot, window, clock, monkeypatch):
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.CALM]
    window.show_view(tab)
    click(qtbot, tab.save)
    assert tab.history.table.rowCount() == 1
    asked = []
    monkeypatch.setattr(journal, "confirm", lambda parent, title, text: asked.append(
        (title, text)) or True)
    tab.history.table.selectRow(0)
    click(qtbot, tab.history.delete)
    title, text = asked[0]
    assert title == f"Delete the cross-training of {clock.day}?"
    assert text.endswith("Deleting it changes no walk–run decision.\n\n"
                         "Edit → Undo brings it back.")
    assert window.runback.log.sessions == ()
    assert tab.history.table.rowCount() == 0
    window.history.undo_action.trigger()
    assert tab.history.table.rowCount() == 1


def test_deleting_asks_first_and_no_keeps_the_session(qtbot, window, clock, monkeypatch):
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.CALM]
    window.show_view(tab)
    click(qtbot, tab.save)
    monkeypatch.setattr(journal, "confirm", lambda parent, title, text: False)
    tab.history.table.selectRow(0)
    click(qtbot, tab.history.delete)
    assert len(window.runback.log.sessions) == 1


def test_opening_a_damaged_file_says_why_and_keeps_the_current_one(qtbot, window, tmp_path,
                                                                   monkeypatch):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 50)
    alerts = []
    monkeypatch.setattr(main_window, "alert", lambda parent, title, text: alerts.append(text))
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(bad), ""))
    current = window.runback
    window.open_action.trigger()
    assert "not a Runback file" in alerts[0]
    assert window.runback is current
    assert bad.read_bytes() == b"this is not a database" * 50


def test_opening_another_runner_file_switches_every_tab(qtbot, window, tmp_path, clock,
                                                        monkeypatch):
    other = Runback.create(tmp_path / "other.db", clock=clock)
    other.setup("it_band_syndrome", "right", 1, True)
    other.close()
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(tmp_path / "other.db"), ""))
    window.open_action.trigger()
    assert window.runback.store.path == tmp_path / "other.db"
    assert window.today_tab.stage_label.text().startswith("Stage 2 of 5")
    assert window.windowTitle() == "Runback — other.db"


def test_a_new_runner_file_starts_with_the_setup(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(tmp_path / "anna"), ""))
    window.new_action.trigger()
    assert (tmp_path / "anna.db").exists()
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None
                    and window.findChild(SetupDialog).isVisible(), timeout=WAIT_MS)
    assert window.runback.needs_setup
    assert not window.today_tab.setup_button.isHidden()


@pytest.mark.parametrize("events", [1, 2])
def test_stage_tab_marker_follows_the_stage(window, events):
    move_to_stage(window, Stage.MECHANICS)
    if events == 2:
        move_to_stage(window, Stage.STRENGTH)
    expected = Stage.MECHANICS if events == 1 else Stage.STRENGTH
    marked = [window.tabs.tabText(i) for i in range(window.tabs.count())
              if window.tabs.tabText(i).startswith("▶")]
    assert marked == [f"▶ {int(expected)} {today_card.SHORT_TITLES[expected]}"]
    assert window.runback.log.stage_events[-1].kind is StageEventKind.SET
