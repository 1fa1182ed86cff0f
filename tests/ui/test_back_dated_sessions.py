"""Back-dated runs, cross-training and mobility (issue 15): a day picked that has a session
of the form's kind loads it, and saving over it asks first, naming the old and new values;
No keeps the stored row, Yes replaces it in place, "Save as another" keeps both."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.model import Stage
from tests.ui.conftest import WAIT_MS, move_to_stage
from ui import replace_question

KEPT = "Nothing saved: what is stored for that day is kept."


def rows(path, kind: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, date, minutes, pain_during, notes FROM sessions "
                            "WHERE kind = ? ORDER BY id", (kind,)).fetchall()
    finally:
        conn.close()


def two_days_back(qtbot, date_box) -> None:
    """As a person steps the date back with the arrow keys."""
    date_box.setFocus()
    for _ in range(2):
        qtbot.keyClick(date_box, Qt.Key.Key_Down)


def answer(monkeypatch, reply) -> list[str]:
    """The replace question answered ``reply``; what it asked, in a list."""
    asked: list[str] = []
    monkeypatch.setattr(replace_question, "ask",
                        lambda parent, title, question, another="":
                        asked.append(question) or reply)
    return asked


@pytest.fixture
def in_stage(qtbot, window, clock):
    def move(stage: Stage):
        if stage is not window.runback.stage:
            move_to_stage(window, stage)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        return window.stage_tabs[stage]
    return move


def test_a_back_dated_run_loads_and_no_keeps_the_stored_one(qtbot, window, clock, in_stage,
                                                             monkeypatch):
    tab = in_stage(Stage.PERFORMANCE)
    clock.advance()
    day = clock.day
    window.ops.run(lambda rb: rb.log_run("long", 50, 5, 2, notes="Hilly loop"))
    clock.advance(2)
    window.check_new_day()
    window.show_view(tab)
    assert not tab.form.source.isVisible()  # nothing stored today: no line
    stored = rows(window.runback.path, "run")

    two_days_back(qtbot, tab.date)
    assert (tab.run_type.currentText(), tab.minutes.value(), tab.pain.value(),
            tab.effort.value(), tab.notes.text()) == ("Long", 50, 2, 5, "Hilly loop")
    assert tab.form.source.isVisible()
    assert tab.form.source.text() == (f"Showing the run logged on {day}: correct what was "
                                      f"wrong. Saving asks before replacing it.")

    tab.minutes.setValue(55)
    asked = answer(monkeypatch, False)
    tab.date.setFocus()
    qtbot.keyClick(tab.date, Qt.Key.Key_Return)  # Enter saves
    assert asked == [f"A run is already logged on {day} (long run, 50 min, pain during 2/10, "
                     f"effort 5/10, “Hilly loop”). Replace it with this one (long run, 55 "
                     f"min, pain during 2/10, effort 5/10, “Hilly loop”)?"]
    assert rows(window.runback.path, "run") == stored
    assert tab.feedback.text() == KEPT

    answer(monkeypatch, True)  # yes: in its place, its number kept
    tab.submit()
    (run_id, *_), = stored
    assert rows(window.runback.path, "run") == [(run_id, day.isoformat(), 55, 2,
                                                 "Hilly loop")]
    assert window.history.undo_action.text() == f"&Undo change to the run of {day}"


def test_a_back_dated_cross_training_loads_and_no_keeps_the_stored_one(
        qtbot, window, clock, in_stage, monkeypatch):
    tab = in_stage(Stage.CALM)
    clock.advance()
    day = clock.day
    window.ops.run(lambda rb: rb.log_cross_training("swim", 40, 3, 1, "Pool"))
    clock.advance(2)
    window.check_new_day()
    window.show_view(tab)
    stored = rows(window.runback.path, "cross_training")

    two_days_back(qtbot, tab.date)
    assert (tab.activity.currentText(), tab.minutes.value(), tab.pain.value(),
            tab.notes.text()) == ("Swim", 40, 1, "Pool")
    tab.pain.setValue(0)
    asked = answer(monkeypatch, False)
    tab.submit()
    assert asked == [f"A cross-training session is already logged on {day} (swim, 40 min, "
                     f"pain during 1/10, effort 3/10, “Pool”). Replace it with this one "
                     f"(swim, 40 min, pain during 0/10, effort 3/10, “Pool”)?"]
    assert rows(window.runback.path, "cross_training") == stored

    answer(monkeypatch, replace_question.ANOTHER)  # two sessions that day: both kept
    tab.submit()
    assert [row[1:4] for row in rows(window.runback.path, "cross_training")] == [
        (day.isoformat(), 40, 1), (day.isoformat(), 40, 0)]


def test_a_back_dated_mobility_session_loads_and_no_keeps_the_stored_one(
        qtbot, window, clock, in_stage, monkeypatch):
    tab = in_stage(Stage.PERFORMANCE)
    clock.advance()
    day = clock.day
    window.ops.run(lambda rb: rb.log_mobility(25, "Hip and ankle mobility"))
    clock.advance(2)
    window.check_new_day()
    window.show_view(tab)
    stored = rows(window.runback.path, "mobility")
    assert tab.mobility.value() == 10

    two_days_back(qtbot, tab.mobility_date)
    assert tab.mobility.value() == 25
    assert tab.mobility_form.source.text().startswith(
        f"Showing the mobility session logged on {day}")
    tab.mobility.setValue(15)
    asked = answer(monkeypatch, False)
    tab.save_mobility.setFocus()
    qtbot.keyClick(tab.save_mobility, Qt.Key.Key_Space)
    assert asked == [f"A mobility session is already logged on {day} (25 min, “Hip and ankle "
                     f"mobility”). Replace it with this one (15 min, “Hip and ankle "
                     f"mobility”)?"]
    assert rows(window.runback.path, "mobility") == stored

    qtbot.keyClick(tab.mobility_date, Qt.Key.Key_Up)  # a day without one: as before
    assert tab.mobility.value() == 10
    assert not tab.mobility_form.source.isVisible()


def test_the_question_offers_another_and_esc_keeps_what_is_stored(qtbot, window):
    seen: list[list[str]] = []

    def answer_with(key: Qt.Key, button_text: str = "") -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([b.text().replace("&", "") for b in box.buttons()])
        if button_text:
            next(b for b in box.buttons() if b.text() == button_text).click()
        else:
            qtbot.keyClick(box, key)

    QTimer.singleShot(0, lambda: answer_with(Qt.Key.Key_Escape))
    assert replace_question.ask(window, "Replace the run?", "A run…", "Save as another "
                                "run") is False
    assert sorted(seen[0]) == ["No", "Save as another run", "Yes"]
    QTimer.singleShot(0, lambda: answer_with(Qt.Key.Key_Escape, "Save as another run"))
    assert replace_question.ask(window, "Replace the run?", "A run…", "Save as another "
                                "run") == replace_question.ANOTHER


def test_while_the_question_is_asked_the_form_shows_no_refusal(qtbot, window, clock,
                                                               in_stage, monkeypatch):
    """The question is the message: nothing flashes red under the form before it."""
    tab = in_stage(Stage.PERFORMANCE)
    window.show_view(tab)
    window.ops.run(lambda rb: rb.log_run("easy", 30, 4, 1))
    shown_when_asked: list[tuple[bool, str]] = []

    def ask(parent, title, question, another=""):
        shown_when_asked.append((tab.feedback.isVisible(), tab.feedback.text()))
        return replace_question.ANOTHER
    monkeypatch.setattr(replace_question, "ask", ask)
    tab.submit()
    assert shown_when_asked == [(False, "")]
    assert len(rows(window.runback.path, "run")) == 2  # saved beside it
    assert tab.feedback.isVisible() and tab.feedback.property("error") is False
    assert tab.feedback.text().startswith("Logged a ")
