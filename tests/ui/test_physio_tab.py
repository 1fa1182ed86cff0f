"""The Physio tab, driven like a physio would: values set, buttons clicked."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QTableWidget,
)

from core.model import Actor, Stage, StageEventKind
from tests.ui.conftest import WAIT_MS
from ui import export_action
from ui.common import Operations
from ui.export_action import export_with_dialog
from ui.physio_forms import exercise_key
from ui.physio_tab import PhysioTab


@pytest.fixture
def tab(qtbot, runner_file):
    ops = Operations(runner_file)
    widget = PhysioTab(ops)
    ops.data_changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget, timeout=WAIT_MS)
    return widget


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_setting_a_stage_with_a_reason_records_it_as_the_physio(qtbot, tab, runner_file):
    tab.stage_choice.setCurrentIndex(tab.stage_choice.findData(Stage.MECHANICS))
    tab.stage_reason.setText("Strong enough after clinic tests")
    click(qtbot, tab.set_stage_button)

    event = runner_file.log.stage_events[-1]
    assert (event.kind, event.from_stage, event.to_stage, event.actor) == (
        StageEventKind.SET, Stage.CALM, Stage.MECHANICS, Actor.PHYSIO)
    assert event.reason == "Strong enough after clinic tests"
    assert runner_file.stage is Stage.MECHANICS
    assert tab.stage_now.text() == "Stage 3: Retrain running mechanics"
    assert tab.stage_reason.text() == ""


def test_setting_a_stage_without_a_reason_shows_why_and_records_nothing(qtbot, tab, runner_file):
    before = runner_file.log.stage_events
    tab.stage_choice.setCurrentIndex(tab.stage_choice.findData(Stage.STRENGTH))
    click(qtbot, tab.set_stage_button)

    assert "Say why the stage changes" in tab.stage_feedback.text()
    assert tab.stage_feedback.isVisible()
    assert runner_file.log.stage_events == before
    assert runner_file.stage is Stage.CALM


def test_a_suggested_move_can_be_accepted_by_the_physio(qtbot, tab, runner_file, clock):
    for _ in range(3):
        clock.advance()
        changes = runner_file.check_in(1)
    tab.refresh(changes)
    assert tab.suggestion.isVisible()
    assert "stage 2" in tab.suggestion_text.text()

    click(qtbot, tab.accept_button)

    event = runner_file.log.stage_events[-1]
    assert (event.kind, event.to_stage, event.actor) == (
        StageEventKind.ACCEPTED, Stage.STRENGTH, Actor.PHYSIO)
    assert not tab.suggestion.isVisible()


def test_a_suggested_move_can_be_declined_with_a_reason(qtbot, tab, runner_file, clock):
    for _ in range(3):
        clock.advance()
        changes = runner_file.check_in(2)
    tab.refresh(changes)
    tab.decline_reason.setText("Wait for the clinic visit")
    click(qtbot, tab.decline_button)

    event = runner_file.log.stage_events[-1]
    assert (event.kind, event.actor) == (StageEventKind.DECLINED, Actor.PHYSIO)
    assert "Wait for the clinic visit" in event.reason
    assert runner_file.stage is Stage.CALM
    assert not tab.suggestion.isVisible()


def test_a_hidden_tab_redraws_only_when_shown(qtbot, runner_file):
    ops = Operations(runner_file)
    hidden = PhysioTab(ops)
    qtbot.addWidget(hidden)
    ops.data_changed.connect(hidden.refresh)
    ops.run(lambda rb: rb.set_stage(Stage.STRENGTH, "Pain settled"))
    assert hidden.stage_history.rowCount() == 0

    hidden.show()
    assert hidden.stage_history.rowCount() == 2
    assert hidden.stage_now.text() == "Stage 2: Restore strength and stability"


def test_changing_the_pain_threshold_records_a_plan_change(qtbot, tab, runner_file):
    tab.settings.boxes["pain.threshold"].setValue(3)
    tab.settings_reason.setText("Tolerates mild pain well")
    click(qtbot, tab.apply_button)

    assert runner_file.protocol.pain.threshold == 3
    change = runner_file.log.plan_changes[-1]
    assert (change.key, change.value, change.actor) == ("pain.threshold", 3, Actor.PHYSIO)
    assert "Pain threshold" in tab.settings_feedback.text()


def test_moving_threshold_and_stop_together_saves_both(qtbot, tab, runner_file):
    # A threshold of 5 (the top of the acceptable zone) is only valid with a stop above it.
    tab.settings.boxes["pain.threshold"].setValue(5)
    tab.settings.boxes["pain.stop"].setValue(8)
    tab.settings_reason.setText("High pain tolerance")
    click(qtbot, tab.apply_button)

    assert (runner_file.protocol.pain.threshold, runner_file.protocol.pain.stop) == (5, 8)
    assert len(runner_file.log.plan_changes) == 2


def test_a_threshold_at_the_stop_shows_the_core_message_and_saves_nothing(qtbot, tab,
                                                                           runner_file):
    tab.settings.boxes["pain.threshold"].setValue(5)
    tab.settings_reason.setText("Trying")
    click(qtbot, tab.apply_button)

    assert "must be below" in tab.settings_feedback.text()
    assert runner_file.log.plan_changes == ()
    assert runner_file.protocol.pain.threshold == 2
    assert tab.settings.boxes["pain.threshold"].value() == 5  # the edit stays to fix


def test_spin_boxes_keep_to_the_protocol_ranges(tab):
    box = tab.settings.boxes["pain.threshold"]
    assert (box.minimum(), box.maximum()) == (0, 5)  # the acceptable zone ends at 5 (Thomeé 1997)
    assert tab.settings.boxes["load.ratio_high"].maximum() == 5


def test_placing_on_a_ladder_level(qtbot, tab, runner_file):
    tab.level.setValue(4)
    tab.level_reason.setText("Ran comfortably at clinic")
    click(qtbot, tab.level_button)

    assert runner_file.ladder.level == 4
    assert runner_file.log.plan_changes[-1].key == "walk_run.level"
    assert tab.level.maximum() == runner_file.protocol.top_level
    assert "level 4" in tab.level_now.text()


def test_adding_an_exercise_and_saving_the_programme(qtbot, tab, runner_file):
    before = len(runner_file.protocol.exercises)
    click(qtbot, tab.add_exercise_button)
    row = tab.exercises.rowCount() - 1
    tab.exercises.cellWidget(row, 0).setText("Wall sit")
    tab.exercises.cellWidget(row, 3).setCurrentIndex(1)  # seconds hold
    tab.exercises.cellWidget(row, 2).setValue(45)
    tab.exercise_reason.setText("Isometrics for pain relief")
    click(qtbot, tab.save_exercises_button)

    exercises = runner_file.protocol.exercises
    assert len(exercises) == before + 1
    added = exercises[-1]
    assert (added.key, added.name, added.sets, added.reps, added.hold_seconds) == (
        "wall_sit", "Wall sit", 3, None, 45)


def test_removing_an_exercise_keeps_the_others_keys(qtbot, tab, runner_file):
    click(qtbot, tab.exercises.cellWidget(0, 4))
    tab.exercise_reason.setText("Bridges irritate the knee")
    click(qtbot, tab.save_exercises_button)

    keys = [e.key for e in runner_file.protocol.exercises]
    assert "glute_bridge" not in keys
    assert keys[0] == "hip_thrust"


def test_an_exercise_without_a_name_shows_the_core_message(qtbot, tab, runner_file):
    click(qtbot, tab.add_exercise_button)
    tab.exercise_reason.setText("New exercise")
    click(qtbot, tab.save_exercises_button)

    assert "name" in tab.exercise_feedback.text()
    assert runner_file.log.plan_changes == ()


def test_exercise_keys_are_lower_case_and_unique():
    assert exercise_key("Single-leg Squat (each side)", set()) == "single_leg_squat_each_side"
    assert exercise_key("Plank", {"plank"}) == "plank_2"
    assert exercise_key("90/90 stretch", set()) == "exercise_90_90_stretch"
    assert exercise_key("", set()) == "exercise"


def test_history_lists_stage_events_and_plan_changes_newest_first(qtbot, tab, runner_file,
                                                                   clock):
    clock.advance()
    tab.stage_choice.setCurrentIndex(tab.stage_choice.findData(Stage.STRENGTH))
    tab.stage_reason.setText("Pain settled")
    click(qtbot, tab.set_stage_button)
    tab.settings.boxes["walk_run.rest_days_between"].setValue(2)
    tab.settings_reason.setText("Needs more recovery")
    click(qtbot, tab.apply_button)

    stages = tab.stage_history
    assert stages.rowCount() == 2
    newest = [stages.item(0, column).text() for column in range(5)]
    assert newest == [clock.day.isoformat(), "Set", "1 → 2", "Physio", "Pain settled"]
    assert stages.item(1, 1).text() == "Start"
    plans = tab.plan_history
    assert plans.rowCount() == 1
    assert [plans.item(0, column).text() for column in range(1, 5)] == [
        "Rest days between runs", "Physio", "2", "Needs more recovery"]


def test_walk_run_decisions_are_listed(qtbot, tab, runner_file, clock):
    runner_file.set_stage(Stage.RETURN_TO_RUN, "Ready")
    runner_file.log_walk_run(8, 1, 2, pain_during=1, effort=4)
    clock.advance()
    tab.refresh(runner_file.check_in(1))

    assert tab.decision_history.rowCount() == 1
    assert tab.decision_history.item(0, 1).text() == "1"


def test_export_button_writes_the_workbook_and_says_so(qtbot, tab, monkeypatch, tmp_path):
    """The physio's default is the xlsx workbook (typed cells); the CSVs are one menu away."""
    window = QMainWindow()
    qtbot.addWidget(window)
    out = tmp_path / "export"
    out.mkdir()
    monkeypatch.setattr(export_action.QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(out))
    results = []
    tab.export_requested.connect(lambda: results.append(export_with_dialog(window, tab.ops)))
    click(qtbot, tab.export_button)

    day = tab.ops.runback.today.isoformat()
    book = f"runback-runner-{day}.xlsx"  # the runner file is runner.db
    assert [p.name for p in results[0]] == [book]
    assert sorted(p.name for p in out.iterdir()) == [book]
    assert book in window.statusBar().currentMessage()
    assert export_with_dialog(window, tab.ops, "csv") is not None
    assert sorted(p.name for p in out.iterdir()) == sorted([
        book, *(f"runback-runner-{day}-{end}.csv"
                for end in ("summary", "sessions", "scores", "checkins"))])


def test_a_cancelled_dialog_exports_nothing(tab, monkeypatch):
    monkeypatch.setattr(export_action.QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: "")
    assert export_with_dialog(tab, tab.ops) is None


def test_an_unwritable_target_shows_a_message_and_leaves_no_file(qtbot, tab, monkeypatch,
                                                                 tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the folder should be")
    target = blocker / "export"
    monkeypatch.setattr(export_action.QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(target))
    messages = []
    monkeypatch.setattr(export_action, "alert", lambda parent, title, text: messages.append(text))
    tab.export_requested.connect(lambda: export_with_dialog(tab, tab.ops))
    click(qtbot, tab.export_button)

    assert len(messages) == 1 and "Could not write the export" in messages[0]
    assert not list(tmp_path.rglob("*.xlsx")) and not list(tmp_path.rglob("*.partial"))
    assert [p.name for p in tmp_path.iterdir() if "runner.db" not in p.name] == [
        "not_a_folder"]  # no folder made, nothing hidden


def test_every_control_has_an_accessible_name(tab):
    inner_parts = (QAbstractSpinBox, QComboBox, QTabBar)  # their own inner widgets
    for kind in (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QTableWidget):
        for control in tab.findChildren(kind):
            if control.objectName().startswith("qt_") or isinstance(control.parent(),
                                                                   inner_parts):
                continue
            assert control.accessibleName(), repr(control)
