"""A week lived through Today with the keyboard only (issue 15): each morning the pain is
typed into the check-in (focus is there at start, Ctrl+K brings it back) and Enter saves;
on a "go" day Ctrl+L opens the walk–run form filled with the prescription and Enter logs
it. Today's light, its level and passes and the week strip follow what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from core.model import Stage, Verdict
from tests.ui.conftest import WAIT_MS, move_to_stage

CTRL = Qt.KeyboardModifier.ControlModifier
SUNDAY = dt.date(2026, 3, 8)  # the week lived is Monday 9 to Sunday 15 March


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the keyboard's focus is, as a person presses it."""
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def type_pain(qtbot, window, digits: str, swollen: bool = False) -> None:
    check_in = window.today_tab.check_in
    assert window.focusWidget() is check_in.pain
    for digit in digits:
        press(qtbot, window, getattr(Qt.Key, f"Key_{digit}"))
    if swollen:
        press(qtbot, window, Qt.Key.Key_Tab)
        assert window.focusWidget() is check_in.swelling
        press(qtbot, window, Qt.Key.Key_Space)
    press(qtbot, window, Qt.Key.Key_Return)


def light(window) -> str:
    return window.today_tab.shown_card["today"]["light"]


@pytest.fixture
def active(qtbot, window, clock):
    clock.day = SUNDAY
    window.check_new_day()
    move_to_stage(window, Stage.RETURN_TO_RUN)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window


# Each morning's pain as typed, and whether the knee is swollen.
MORNINGS = ["1", "1", "0", "0", "1", "2", "10"]  # Sunday: "1" then "0" is 10
SWOLLEN_ON = 5  # Saturday: the morning after Friday's walk–run


def test_a_week_through_today_with_the_keyboard_only(qtbot, active, clock):
    window = active
    today = window.today_tab
    check_in = today.check_in
    assert window.focusWidget() is check_in.pain  # at start: the check-in owed first
    lights, levels = [], []
    for weekday, pain in enumerate(MORNINGS):
        clock.advance()
        window.check_new_day()
        window.tabs.setCurrentIndex(window.tabs.count() - 1)  # last seen on another tab
        press(qtbot, window, Qt.Key.Key_K, CTRL)
        assert window.tabs.currentWidget() is today
        type_pain(qtbot, window, pain, swollen=weekday == SWOLLEN_ON)
        stored = window.runback.log.check_ins.get(clock.day)
        assert stored is not None and stored.pain == int(pain)
        assert stored.swelling is (weekday == SWOLLEN_ON)
        lights.append(light(window))
        levels.append(today.bars["level"][0].text())
        if lights[-1] == "go":  # the walk–run, as prescribed
            headline = today.headline.text()
            press(qtbot, window, Qt.Key.Key_L, CTRL)
            tab = window.stage_tabs[Stage.RETURN_TO_RUN]
            assert window.focusWidget() in (tab.level, *tab.level.findChildren(QWidget))
            press(qtbot, window, Qt.Key.Key_Return)
            session = window.runback.log.sessions[-1]
            assert (session.date, session.kind.value) == (clock.day, "walk_run")
            assert headline.startswith(f"Walk–run level {session.level}:")

    # Monday, Wednesday, Friday: go; the days between rest (Tuesday's and Thursday's
    # mornings decide the walk–runs before them: two passes move up); after Saturday's
    # swelling: stop, and one level down.
    assert lights == ["go", "easy", "go", "easy", "go", "stop", "stop"]
    assert levels[0] == "Level 1 of 8 · 0 of 2 passes at this level"
    assert levels[1] == "Level 1 of 8 · 1 of 2 passes at this level"
    assert levels[3] == "Level 2 of 8 · 0 of 2 passes at this level"  # moved up
    assert levels[5] == "Level 1 of 8 · 0 of 2 passes at this level"  # stepped back
    verdicts = [d.verdict for d in window.runback.decisions()]
    assert verdicts == [Verdict.REPEAT, Verdict.ADVANCE, Verdict.STEP_BACK]  # 1 pass, 2
    assert today.light.text().startswith("■ Stop: rest today.")
    said = today.light.text() + today.details.text()  # said once, by one or the other
    assert "call your physio" in said and "Walk–run again from" in said

    # "Why?" opens the full reason of the step back, from the keyboard too.
    assert not today.decision.isVisible()
    today.why.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert today.decision.isVisible()
    assert window.runback.decisions()[-1].reason in today.decision.text()

    # The week strip: every morning's pain, the three walk–runs, Sunday as today.
    days = today.week.days
    assert [d["pain"] for d in days] == MORNINGS
    assert [d["zone"] for d in days] == ["safe"] * 6 + ["stop"]
    assert [bool(d["done"]) for d in days] == [True, False, True, False, True, False, False]
    assert days[-1]["when"] == "today"
    assert "Sunday 15 March, today" in today.week.accessibleDescription()
