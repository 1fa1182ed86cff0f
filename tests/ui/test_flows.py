"""Every daily user flow, driven through the real widgets with clicks and key presses."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)

from core.model import Rule, Stage, StageEventKind, Verdict
from core.runback import Runback
from tests.ui.conftest import WAIT_MS, move_to_stage
from ui.main_window import MainWindow
from ui.setup_dialog import SetupDialog


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_first_run_setup_places_the_runner_and_shows_today(qtbot, make_window, tmp_path,
                                                           clock):
    runback = Runback.create(tmp_path / "new.db", clock=clock)
    window = make_window(runback)
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(SetupDialog)
    dialog.problem.setCurrentIndex(1)  # IT band syndrome
    dialog.side.setCurrentIndex(1)  # right
    dialog.pain.setValue(1)
    dialog.walk_yes.setChecked(True)
    qtbot.keyClicks(dialog.goal, "Half marathon in May")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert runback.log.profile.goal == "Half marathon in May"
    assert runback.log.profile.affected_side.value == "right"
    assert runback.stage is Stage.STRENGTH  # pain 1/10 and a pain-free walk
    assert window.today_tab.stage_label.text().startswith("Stage 2 of 5")
    assert window.tabs.tabText(2).startswith("▶")
    assert not window.tabs.tabText(1).startswith("▶")


def test_a_setup_the_core_refuses_shows_why_and_saves_nothing(qtbot, make_window, tmp_path,
                                                              clock):
    runback = Runback.create(tmp_path / "new.db", clock=clock)
    window = make_window(runback)
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(SetupDialog)
    dialog.goal.setMaxLength(10_000)
    dialog.goal.setText("x" * 6000)  # longer than the core keeps
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "too long" in dialog.feedback.text()
    assert runback.needs_setup and dialog.isVisible()


def test_check_in_is_saved_and_shown(qtbot, window, clock):
    clock.advance()
    window.check_new_day()
    form = window.today_tab.check_in
    assert "Daily check-in" in form.prompt.text()
    form.pain.setValue(3)
    qtbot.keyClicks(form.notes, "Stiff on stairs")
    click(qtbot, form.save)
    entry = window.runback.log.check_ins[-1]
    assert (entry.date, entry.pain, entry.notes) == (clock.day, 3, "Stiff on stairs")
    assert "Checked in today: 3/10" in form.prompt.text()
    assert form.notes.text() == ""


def test_cross_training_is_logged_from_the_calm_tab(qtbot, window, clock):
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.CALM]
    window.show_view(tab)
    assert "20 min" in tab.suggested.text()
    tab.minutes.setValue(25)
    tab.pain.setValue(1)
    click(qtbot, tab.save)
    session = window.runback.log.sessions[-1]
    assert (session.kind.value, session.minutes, session.pain_during) == (
        "cross_training", 25, 1)
    assert tab.history.table.rowCount() == 1
    assert "30 min" in tab.suggested.text()  # a comfortable session: suggest 5 more


def test_walk_run_logged_then_decided_by_the_next_morning_check_in(qtbot, window, clock):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    clock.advance()
    window.check_new_day()
    window.today_tab.check_in.pain.setValue(1)
    click(qtbot, window.today_tab.check_in.save)
    tab = window.stage_tabs[Stage.RETURN_TO_RUN]
    window.show_view(tab)
    assert tab.level_text.text() == "Walk–run level 1: 1 min run / 2 min walk × 8"
    assert (tab.rounds.value(), tab.run_minutes.value(), tab.walk_minutes.value()) == (8, 1, 2)
    tab.pain.setValue(1)
    click(qtbot, tab.save)
    assert "Tomorrow morning" in tab.feedback.text()
    assert window.runback.decisions()[-1].verdict is Verdict.PENDING
    window.show_view(window.today_tab)
    assert "check in tomorrow" in window.today_tab.headline.text()

    clock.advance()
    window.check_new_day()
    assert "Next-morning check-in" in window.today_tab.check_in.prompt.text()
    # The check-in owed comes first: no new walk–run until it has decided.
    assert window.today_tab.headline.text().startswith("Check in first")
    window.today_tab.check_in.pain.setValue(1)
    click(qtbot, window.today_tab.check_in.save)
    assert window.today_tab.headline.text().startswith("Rest day")
    decision = window.runback.decisions()[-1]
    assert decision.verdict is Verdict.REPEAT and decision.rule == Rule.PAIN_RULE
    assert "1 of 2 sessions" in window.today_tab.decision.text()
    window.show_view(tab)
    assert tab.decisions.item(0, 2).text() == "Repeat the level"
    assert tab.decisions.item(0, 3).text() == decision.reason


def test_a_limp_steps_back_at_once(qtbot, window, clock):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    window.ops.run(lambda rb: rb.change_plan("walk_run.level", 3, "Test start level"))
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.RETURN_TO_RUN]
    window.show_view(tab)
    tab.limp.setChecked(True)
    click(qtbot, tab.save)
    decision = window.runback.decisions()[-1]
    assert (decision.verdict, decision.next_level) == (Verdict.STEP_BACK, 2)
    window.show_view(window.today_tab)
    assert "limp" in window.today_tab.decision.text()
    assert tab.limp.isChecked()  # the form shows today's walk–run as stored, to correct
    clock.advance()
    window.check_new_day()
    window.show_view(tab)
    assert not tab.limp.isChecked()  # a stop sign is not carried into the next walk–run


def test_ticking_and_unticking_exercises_saves_each_at_once(qtbot, window, clock):
    move_to_stage(window, Stage.STRENGTH)
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.STRENGTH]
    window.show_view(tab)
    keys = list(tab.rows)
    assert len(keys) == 7 and "7 exercises to do" in tab.status.text()
    tick, pain = tab.rows["glute_bridge"]
    pain.setValue(2)
    tick.click()
    session = window.runback.strength_session()
    assert [e.key for e in session.exercises if e.ticked] == ["glute_bridge"]
    assert session.exercises[0].pain == 2
    assert "Partial session: 1 of 7" in tab.status.text()
    pain.setValue(1)  # changing a ticked exercise's pain saves it too
    assert window.runback.strength_session().exercises[0].pain == 1
    for key in keys[1:]:
        tab.rows[key][0].click()
    assert window.runback.strength_session().strength_complete
    assert "Session complete" in tab.status.text()
    assert "This week: 1 of 2 sessions (50 %)" in tab.adherence.text()
    tab.rows["plank"][0].click()  # undo one tick
    assert not window.runback.strength_session().strength_complete
    assert "This week: 0 of 2" in tab.adherence.text()
    for key in keys:
        if tab.rows[key][0].isChecked():
            tab.rows[key][0].click()
    assert window.runback.strength_session() is None  # nothing ticked: no session


def test_a_stage_suggestion_is_accepted_from_today(qtbot, window, clock):
    for pain in (2, 1, 1):
        clock.advance()
        window.check_new_day()
        window.today_tab.check_in.pain.setValue(pain)
        click(qtbot, window.today_tab.check_in.save)
    today = window.today_tab
    assert today.suggestion_card.isVisible()
    assert "Move on to stage 2" in today.suggestion.text()
    assert "Move on to stage 2" in window.statusBar().currentMessage()
    click(qtbot, today.accept)
    assert window.runback.stage is Stage.STRENGTH
    accepted = window.runback.log.stage_events[-1]
    assert (accepted.kind, accepted.to_stage) == (StageEventKind.ACCEPTED, Stage.STRENGTH)
    assert not today.suggestion_card.isVisible()
    assert window.tabs.tabText(2).startswith("▶")


def test_declining_a_suggestion_keeps_the_stage(qtbot, window, clock):
    for _ in range(3):
        clock.advance()
        window.check_new_day()
        window.today_tab.check_in.pain.setValue(0)
        click(qtbot, window.today_tab.check_in.save)
    click(qtbot, window.today_tab.decline)
    assert window.runback.stage is Stage.CALM
    assert window.runback.log.stage_events[-1].kind is StageEventKind.DECLINED
    assert not window.today_tab.suggestion_card.isVisible()


def test_a_value_the_core_refuses_shows_its_message_and_saves_nothing(qtbot, window, clock):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.RETURN_TO_RUN]
    window.show_view(tab)
    tab.rounds.setValue(60)
    tab.run_minutes.setValue(120)  # 60 rounds of 2 hours: the core refuses
    before = window.runback.store.counts()
    click(qtbot, tab.save)
    assert "more than 10 hours" in tab.feedback.text()
    assert window.runback.store.counts() == before


def test_window_size_and_last_tab_are_remembered(qtbot, make_window, runner_file, settings):
    first = make_window(runner_file)
    first.resize(700, 520)  # within the offscreen screen (800 × 600)
    first.tabs.setCurrentIndex(3)
    first.close()
    second = MainWindow(runner_file, settings)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 3
    assert (second.width(), second.height()) == (700, 520)


def test_every_control_has_an_accessible_name(window):
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)

    def internal(widget):  # a part Qt builds inside a composite control
        return isinstance(widget.parent(), (QAbstractSpinBox, QComboBox, QTabBar,
                                            QAbstractItemView, QAbstractScrollArea))

    unnamed = [f"{type(w).__name__} in {type(w.parent()).__name__}"
               for w in window.centralWidget().findChildren(QWidget)
               if isinstance(w, kinds) and w.window() is window and not internal(w)
               and not w.accessibleName()]
    assert unnamed == []
