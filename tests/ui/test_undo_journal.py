"""Edit → Undo and Redo, the journal (Ctrl+J) and back-dated check-ins, as a runner meets
them in the window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence

from core.model import Stage, Verdict
from core.runback import Runback
from tests.conftest import START
from tests.ui.conftest import move_to_stage
from ui import journal, replace_question
from ui.undo import KEPT

DAY = dt.timedelta(days=1)


def keys(action) -> list[str]:
    return [key.toString() for key in action.shortcuts()]


def test_the_edit_menu_undoes_and_redoes_a_check_in_by_its_name(window, clock):
    history = window.history
    assert [a.text() for a in window.edit_menu.actions() if a.text()][:2] == ["&Undo",
                                                                            "&Redo"]
    assert keys(history.undo_action) == ["Ctrl+Z"]
    assert keys(history.redo_action) == ["Ctrl+Shift+Z"]
    assert KEPT in [a.text() for a in window.edit_menu.actions()]
    clock.advance()
    day = clock.day
    assert window.ops.run(lambda rb: rb.check_in(1, "Easy morning"))
    assert history.undo_action.text() == f"&Undo check-in of {day.isoformat()}"
    assert history.undo_action.isEnabled()

    history.undo_action.trigger()
    assert window.runback.log.check_ins.get(day) is None
    assert history.redo_action.text() == f"&Redo check-in of {day.isoformat()}"
    assert window.today_tab.check_in.prompt.text()  # Today redrew from the file

    history.redo_action.trigger()
    assert window.runback.log.check_ins.get(day).notes == "Easy morning"
    assert history.undo_action.text() == f"&Undo check-in of {day.isoformat()}"


def test_undo_of_a_stage_move_puts_the_runner_back_and_the_tabs_follow(window):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    assert window.runback.stage is Stage.RETURN_TO_RUN
    assert window.history.undo_action.text() == "&Undo stage set to 4"
    window.history.undo_action.trigger()
    assert window.runback.stage is Stage.CALM
    assert "Calm" in window.windowTitle() or window.tabs.tabText(1)


def test_another_file_clears_the_history(window, tmp_path, clock):
    window.ops.run(lambda rb: rb.log_cross_training("bike", 20, 3, 1))
    assert window.history.stack.count() == 1
    other = Runback.create(tmp_path / "other.db", clock=clock)
    window.ops.replace(other)
    assert window.history.stack.count() == 0
    assert not window.history.undo_action.isEnabled()
    assert window.history.undo_action.statusTip() == KEPT


def morning_after_walk_run(window, clock) -> dt.date:
    """A walk–run on START + 2, judged by the next morning's check-in (pain 1)."""
    move_to_stage(window, Stage.RETURN_TO_RUN)
    clock.advance(2)
    run_day = clock.day
    window.ops.run(lambda rb: rb.check_in(1, date=run_day, taken="before_session",
                                          replace=True))
    window.ops.run(lambda rb: rb.log_walk_run(8, 1, 2, 1, 4))
    clock.advance()
    window.ops.run(lambda rb: rb.check_in(1, "Fine"))
    assert window.runback.decisions()[-1].verdict is not Verdict.PENDING
    return clock.day


def test_the_journal_names_the_decisions_an_edit_changes_before_saving(window, clock,
                                                                       qtbot):
    morning = morning_after_walk_run(window, clock)
    window.journal_action.trigger()
    dialog = window.journal
    qtbot.addWidget(dialog)
    assert keys(window.journal_action) == ["Ctrl+J"]
    rows = dialog.entries()
    assert rows[0].data(0, 256).date == morning  # newest first
    dialog.days.setCurrentItem(rows[0])
    assert dialog.changes.text() == "Saving this changes no walk–run decision."

    dialog.pain.setValue(6)  # the next morning far worse: a step back
    named = dialog.changes.text()
    assert named.startswith("Saving this changes: Walk–run of ")
    assert "Step back" in named
    assert window.runback.log.check_ins.get(morning).pain == 1  # nothing saved yet

    assert dialog.save_entry()
    assert window.runback.log.check_ins.get(morning).pain == 6
    assert window.runback.decisions()[-1].verdict is Verdict.STEP_BACK
    assert (window.history.undo_action.text()
            == f"&Undo change to the check-in of {morning.isoformat()}")
    window.history.undo_action.trigger()
    assert window.runback.decisions()[-1].verdict is not Verdict.STEP_BACK
    assert dialog.entries()[0].data(0, 256).text.startswith("knee pain 1/10")


def test_the_journal_filters_and_deletes_with_the_changes_named(window, clock, qtbot,
                                                                monkeypatch):
    morning_after_walk_run(window, clock)
    window.show_journal()
    dialog = window.journal
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findText("Sessions"))
    (walk_run,) = dialog.entries()
    assert walk_run.data(0, 256).title == "Walk–run"
    dialog.words.setText("Fine")
    assert dialog.entries() == []
    dialog.kind.setCurrentIndex(0)
    assert [row.data(0, 256).title for row in dialog.entries()] == ["Check-in"]
    dialog.words.setText("")
    dialog.kind.setCurrentIndex(dialog.kind.findText("Sessions"))
    dialog.days.setCurrentItem(dialog.entries()[0])
    asked: list[str] = []
    monkeypatch.setattr(journal, "confirm",
                        lambda parent, title, text: asked.append(text) or True)
    assert dialog.delete_entry()
    assert "Deleting it changes: Walk–run of " in asked[0]
    assert window.runback.decisions() == ()
    window.history.undo_action.trigger()
    assert len(window.runback.decisions()) == 1


def test_a_back_dated_check_in_loads_the_stored_one_and_asks_before_replacing(
        window, clock, monkeypatch):
    clock.advance(3)
    day = START + DAY
    window.ops.run(lambda rb: rb.check_in(3, "Sore after Sunday", date=day))
    form = window.today_tab.check_in
    form.date.setDate(form.date.date().addDays(-2))  # the day with a check-in
    assert form.pain.value() == 3
    assert form.form.values()["notes"] == "Sore after Sunday"

    form.pain.setValue(2)
    form.form.widgets["notes"].clear()
    asked: list[str] = []
    monkeypatch.setattr(replace_question, "ask",
                        lambda parent, title, question: asked.append(question) or False)
    form.submit()
    assert asked == [f"A check-in is already stored for {day.isoformat()}. Replace 3/10 "
                     f"'Sore after Sunday' with 2/10?"]
    assert window.runback.log.check_ins.get(day).pain == 3  # no: kept
    assert form.feedback.text() == "Nothing saved: what is stored for that day is kept."

    monkeypatch.setattr(replace_question, "ask", lambda parent, title, question: True)
    form.date.setDate(form.date.date())
    form.pain.setValue(2)
    form.form.widgets["notes"].clear()
    form.submit()
    assert window.runback.log.check_ins.get(day).pain == 2
    assert (window.history.undo_action.text()
            == f"&Undo change to the check-in of {day.isoformat()}")


def test_help_lists_the_edit_and_journal_keys(window):
    rows = [(a.text(), keys(a)) for menu in (window.edit_menu, window.log_menu)
            for a in menu.actions() if a.shortcuts()]
    assert ("&Journal…", ["Ctrl+J"]) in rows
    assert any(shortcut == [QKeySequence("Ctrl+Z").toString()] for _, shortcut in rows)


def test_a_back_dated_walk_run_loads_what_is_logged_and_asks_before_replacing(
        window, clock, monkeypatch):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    clock.advance(2)
    run_day = clock.day
    window.ops.run(lambda rb: rb.log_walk_run(8, 1, 2, 3, 4, notes="hilly"))
    clock.advance(2)
    tab = window.view(Stage.RETURN_TO_RUN)
    window.show_view(tab)
    tab.date.setDate(tab.date.date().addDays(-2))
    assert (tab.pain.value(), tab.form.values()["notes"]) == (3, "hilly")
    tab.pain.setValue(1)
    asked: list[str] = []
    monkeypatch.setattr(replace_question, "ask",
                        lambda parent, title, question: asked.append(question) or True)
    tab.submit()
    assert asked == [f"A walk–run is already logged on {run_day} (level 1: 8 × 1 min run / "
                     f"2 min walk, pain during 3/10, effort 4/10, “hilly”); only one a day "
                     f"counts. Replace it with this one (level 1: 8 × 1 min run / 2 min walk, "
                     f"pain during 1/10, effort 4/10, “hilly”)?"]
    (session,) = window.runback.log.sessions
    assert (session.date, session.pain_during) == (run_day, 1)
    assert window.history.undo_action.text() == f"&Undo change to the walk–run of {run_day}"


def test_a_long_journal_shows_older_days_on_request(make_window, tmp_path, qtbot):
    from core.exchange.demo import create_demo
    from tests.conftest import Clock
    from ui.journal import DAYS_AT_A_TIME

    end = dt.date(2026, 11, 20)
    create_demo(tmp_path / "demo.db", weeks=12, end=end).close()
    window = make_window(Runback.open(tmp_path / "demo.db", clock=Clock(end)))
    window.show_journal()
    dialog = window.journal
    qtbot.addWidget(dialog)
    assert dialog.days.topLevelItemCount() == DAYS_AT_A_TIME
    assert dialog.older.isVisible()
    dialog.older.click()
    assert dialog.days.topLevelItemCount() > DAYS_AT_A_TIME
    assert not dialog.older.isVisible()
