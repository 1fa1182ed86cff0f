"""The log forms built by ui/log_form.py: the check-in's morning signs and when it was taken,
and what a save clears."""

from PySide6.QtCore import Qt

from core.model import Rule, Stage, Taken, Verdict
from tests.ui.conftest import move_to_stage


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_check_in_saves_morning_signs_and_shows_them_again_to_correct(qtbot, window, clock):
    clock.advance()
    window.check_new_day()
    form = window.today_tab.check_in
    assert not form.taken.isVisibleTo(form)  # no walk–runs in stage 1: not asked
    form.pain.setValue(3)
    form.stiffness.setChecked(True)
    click(qtbot, form.save)
    stored = window.runback.store.load().check_ins.get(clock.day)
    assert (stored.pain, stored.swelling, stored.stiffness, stored.taken) == (3, False, True,
                                                                             None)
    assert form.stiffness.isChecked() and not form.swelling.isChecked()  # today's, to correct
    calm = window.stage_tabs[Stage.CALM].check_in
    window.show_view(window.stage_tabs[Stage.CALM])
    assert (calm.pain.value(), calm.stiffness.isChecked()) == (3, True)


def test_in_the_return_to_run_the_check_in_asks_before_or_after_the_walk_run(qtbot, window,
                                                                            clock):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    clock.advance()
    window.check_new_day()
    form = window.today_tab.check_in
    assert form.taken.isVisibleTo(form)
    assert form.taken.accessibleName() == "Check-in taken"
    form.taken.setCurrentIndex(1)  # before the walk–run
    form.pain.setValue(1)
    click(qtbot, form.save)
    assert window.runback.store.load().check_ins.get(clock.day).taken is Taken.BEFORE_SESSION
    assert form.taken.currentIndex() == 1


def test_next_morning_swelling_ticked_in_the_check_in_steps_back(qtbot, window, clock):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    window.ops.run(lambda rb: rb.change_plan("walk_run.level", 3, "Test start level"))
    clock.advance()
    window.check_new_day()
    form = window.today_tab.check_in
    form.pain.setValue(1)
    click(qtbot, form.save)
    tab = window.stage_tabs[Stage.RETURN_TO_RUN]
    window.show_view(tab)
    tab.pain.setValue(1)
    click(qtbot, tab.save)
    clock.advance()
    window.check_new_day()
    window.show_view(window.today_tab)
    form.pain.setValue(1)
    form.swelling.setChecked(True)
    click(qtbot, form.save)
    decision = window.runback.decisions()[-1]
    assert (decision.verdict, decision.rule) == (Verdict.STEP_BACK, Rule.MORNING_SWELLING)


def test_a_saved_run_clears_its_notes_and_stop_signs_and_keeps_the_rest(qtbot, window, clock):
    move_to_stage(window, Stage.PERFORMANCE)
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.PERFORMANCE]
    window.show_view(tab)
    tab.minutes.setValue(40)
    tab.cadence.setValue(172)
    tab.swelling.setChecked(True)
    tab.notes.setText("Hilly route")
    click(qtbot, tab.save)
    run = window.runback.store.load().sessions[-1]
    assert (run.minutes, run.cadence, run.swelling, run.notes) == (40, 172, True,
                                                                   "Hilly route")
    assert "Logged a 40-minute easy run." in tab.feedback.text()
    assert (tab.notes.text(), tab.swelling.isChecked()) == ("", False)
    assert (tab.minutes.value(), tab.cadence.value()) == (40, 172)
