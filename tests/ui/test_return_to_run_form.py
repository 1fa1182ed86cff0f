"""The Return-to-run tab's form starts from today's prescription and says so; a day picked
that has a walk–run shows it instead; a walk–run is deleted from the tab, asked first with
the decisions it changes, and Ctrl+Z brings it back (issue 15)."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from core.model import Stage
from tests.core.test_undo import dump
from tests.ui.conftest import WAIT_MS, move_to_stage
from ui import journal

CTRL = Qt.KeyboardModifier.ControlModifier
PRESCRIBED = ("Filled in with today's prescription: level 3, 3 min run / 2 min walk × 5 — "
              "change it if you ran something else.")


def key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


@pytest.fixture
def tab(qtbot, window, clock):
    """The Return-to-run tab, the runner placed at level 3, on a walk–run day."""
    move_to_stage(window, Stage.RETURN_TO_RUN)
    window.ops.run(lambda rb: rb.change_plan("walk_run.level", 3, "Test start level"))
    clock.advance()
    window.check_new_day()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    view = window.view(Stage.RETURN_TO_RUN)
    window.show_view(view)
    return view


def walk_runs(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT date, level, rounds, run_minutes, walk_minutes, "
                            "pain_during, notes FROM sessions WHERE kind = 'walk_run' "
                            "ORDER BY date").fetchall()
    finally:
        conn.close()


def test_the_form_shows_todays_prescription_says_so_and_saves_it_as_shown(
        qtbot, window, tab, clock):
    assert tab.form.source.isVisible()
    assert tab.form.source.text() == PRESCRIBED
    assert tab.form.source.accessibleName() == "What the form shows"
    assert (tab.level.value(), tab.rounds.value(), tab.run_minutes.value(),
            tab.walk_minutes.value()) == (3, 5, 3, 2)

    tab.level.setValue(4)  # another level: the line says whose plan the form shows now
    assert tab.form.source.text() == (
        "Filled in with the plan of level 4, 4 min run / 1 min walk × 5 (the ladder's level "
        "is 3) — change it if you ran something else.")
    assert (tab.rounds.value(), tab.run_minutes.value()) == (5, 4)
    tab.level.setValue(3)
    assert tab.form.source.text() == PRESCRIBED
    assert (tab.rounds.value(), tab.run_minutes.value()) == (5, 3)

    key(qtbot, window, Qt.Key.Key_L, CTRL)  # Ctrl+L: into the form, at its first field
    assert tab.level.isAncestorOf(window.focusWidget()) or window.focusWidget() is tab.level
    key(qtbot, window, Qt.Key.Key_Return)  # saved as it was filled in
    assert walk_runs(window.runback.path) == [(clock.day.isoformat(), 3, 5, 3.0, 2.0, 0, "")]
    assert tab.form.source.text() == (f"Showing the walk–run logged on {clock.day}: correct "
                                      f"what was wrong. Saving asks before replacing it.")
    assert not tab.warning.isVisible()  # no "already logged": saving replaces, once asked


def test_a_day_with_a_walk_run_shows_it_and_a_day_without_the_prescription_again(
        qtbot, window, tab, clock):
    logged_on = clock.day
    window.ops.run(lambda rb: rb.log_walk_run(5, 3, 2, 2, 4, level=3, notes="Windy"))
    clock.advance()
    window.ops.run(lambda rb: rb.check_in(0, "Fine"))  # its next morning
    clock.advance()
    window.check_new_day()
    assert tab.form.source.text() == PRESCRIBED  # two days on, nothing stored today

    tab.date.setFocus()
    for _ in range(2):  # back two days, as a person steps the date with the arrow keys
        qtbot.keyClick(tab.date, Qt.Key.Key_Down)
    assert (tab.pain.value(), tab.notes.text()) == (2, "Windy")
    assert tab.form.source.text() == (f"Showing the walk–run logged on {logged_on}: "
                                      f"correct what was wrong. Saving asks before "
                                      f"replacing it.")
    qtbot.keyClick(tab.date, Qt.Key.Key_Up)  # a day without one: the prescription again
    assert (tab.pain.value(), tab.notes.text()) == (0, "")
    assert tab.form.source.text() == PRESCRIBED


def test_a_walk_run_deleted_from_the_tab_comes_back_with_ctrl_z(qtbot, window, tab, clock,
                                                                 monkeypatch):
    run_day = clock.day
    window.ops.run(lambda rb: rb.log_walk_run(5, 3, 2, 1, 4, level=3))
    clock.advance()
    window.ops.run(lambda rb: rb.check_in(1, "Fine"))  # the next morning decides
    before = dump(window.runback.path)
    assert tab.decisions.rowCount() == 1
    assert not tab.delete.isEnabled()
    assert tab.delete.accessibleName() == "Delete the selected walk–run"

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(journal, "confirm",
                        lambda parent, title, text: asked.append((title, text)) or True)
    tab.decisions.setFocus()  # as Tab brings it there: on the newest walk–run
    assert tab.delete.isEnabled()
    qtbot.keyClick(tab.decisions, Qt.Key.Key_Delete)
    title, text = asked[0]
    assert title == f"Delete the walk–run of {run_day}?"
    assert text.startswith("level 3: 5 × 3 min run / 2 min walk, pain during 1/10")
    assert f"Deleting it changes: Walk–run of {run_day}: its decision (" in text
    assert text.endswith("Edit → Undo brings it back.")
    assert walk_runs(window.runback.path) == []
    assert tab.decisions.rowCount() == 0
    assert tab.delete_feedback.text() == f"Deleted the walk–run of {run_day}."

    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert dump(window.runback.path) == before
    assert tab.decisions.rowCount() == 1


def test_no_to_the_question_keeps_the_walk_run(qtbot, window, tab, monkeypatch):
    window.ops.run(lambda rb: rb.log_walk_run(5, 3, 2, 1, 4, level=3))
    before = dump(window.runback.path)
    monkeypatch.setattr(journal, "confirm", lambda parent, title, text: False)
    tab.decisions.selectRow(0)
    tab.delete.setFocus()
    qtbot.keyClick(tab.delete, Qt.Key.Key_Space)
    assert dump(window.runback.path) == before
