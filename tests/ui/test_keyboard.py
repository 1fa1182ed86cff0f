"""The keyboard alone: Ctrl+K checks in, Ctrl+L logs a session, Enter saves, Tab walks
each tab in reading order, and Help lists the shortcuts (issue 15)."""

from __future__ import annotations

import datetime as dt
import gc
import itertools

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QWidget

from core.exchange.demo import create_demo
from core.model import Stage
from tests.ui.conftest import WAIT_MS, move_to_stage

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    target = window.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


@pytest.fixture
def active(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window


def test_ctrl_k_puts_the_cursor_in_the_check_in_and_enter_saves(qtbot, active, clock):
    window = active
    clock.advance()
    window.check_new_day()
    window.tabs.setCurrentIndex(window.tabs.count() - 1)  # on another tab
    press(qtbot, window, Qt.Key.Key_K, CTRL)
    check_in = window.today_tab.check_in
    assert window.tabs.currentIndex() == 0
    assert window.focusWidget() in (check_in.pain, *check_in.pain.findChildren(QWidget))
    press(qtbot, window, Qt.Key.Key_2)  # typed over the pain shown
    press(qtbot, window, Qt.Key.Key_Return)
    saved = window.runback.log.check_ins[-1]
    assert (saved.date, saved.pain) == (clock.day, 2)
    assert "Saved: 2/10" in check_in.feedback.text()


def test_ctrl_l_opens_the_current_stages_form_and_enter_logs(qtbot, active, clock):
    window = active
    move_to_stage(window, Stage.RETURN_TO_RUN)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    tab = window.stage_tabs[Stage.RETURN_TO_RUN]
    assert window.tabs.currentWidget().isAncestorOf(tab) or window.tabs.currentWidget() is tab
    assert window.focusWidget() in (tab.level, *tab.level.findChildren(QWidget))
    sessions = len(window.runback.log.sessions)
    press(qtbot, window, Qt.Key.Key_Enter)
    assert len(window.runback.log.sessions) == sessions + 1


def test_help_lists_every_shortcut(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    window.show_shortcuts()
    for words, keys in (("Check in", "Ctrl+K"), ("Log a session", "Ctrl+L"),
                        ("Export for the physio", "Ctrl+E")):
        assert f"<td>{words}</td><td>&nbsp;&nbsp;<b>{keys}</b>" in shown[0]


def focus_chain(page: QWidget) -> list[QWidget]:
    """The widgets Tab visits in ``page``, in order, entering it from the tab bar."""
    def stop(widget: QWidget) -> bool:
        return (widget is not page and page.isAncestorOf(widget) and widget.isVisible()
                and widget.isEnabled() and widget.focusProxy() is None
                and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus))

    gc.collect()  # wrappers of widgets deleted since: their addresses may be reused
    chain, widget = [], page.nextInFocusChain()
    while widget is not page and widget not in chain:  # once round the window's ring
        if stop(widget):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def out_of_order(chain: list[QWidget]) -> list[str]:
    """Within each card, Tab must go down the card (and left to right along a row)."""
    problems = []
    for card in {w.parent() for w in chain} | {
            g for w in chain for g in [_card(w)] if g is not None}:
        if not isinstance(card, QGroupBox):
            continue
        inside = [w for w in chain if card.isAncestorOf(w)]
        places = [(w.mapTo(card, w.rect().center()).y(), w.mapTo(card, w.rect().center()).x(),
                   w) for w in inside]
        for (y1, x1, w1), (y2, x2, w2) in itertools.pairwise(places):
            if w1.isAncestorOf(w2):  # a table, then the controls in its cells
                continue
            if y2 < y1 - 8 or (abs(y2 - y1) <= 8 and x2 < x1):
                problems.append(f"{card.title()}: {_name(w1)} then {_name(w2)}")
    return problems


def _card(widget: QWidget) -> QGroupBox | None:
    while widget is not None and not isinstance(widget, QGroupBox):
        widget = widget.parentWidget()
    return widget


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return widget.accessibleName() or text or type(widget).__name__


def test_tab_walks_every_tab_in_reading_order(qtbot, make_window, tmp_path):
    window = make_window(create_demo(tmp_path / "demo.db", weeks=16,
                                     end=dt.date(2026, 11, 20)))
    problems = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        qtbot.waitUntil(page.isVisible, timeout=WAIT_MS)
        for _ in range(3):  # the layout requests the tab's refresh posted
            QApplication.sendPostedEvents()
            QApplication.processEvents()
        chain = focus_chain(page)  # none on Progress: charts only
        problems += [f"{window.tabs.tabText(index)}: {p}" for p in out_of_order(chain)]
    assert problems == []


def test_today_starts_in_the_check_in(window):
    check_in = window.today_tab.check_in
    chain = focus_chain(window.today_tab)
    assert chain[0] is check_in.pain
    assert chain.index(check_in.save) < chain.index(window.today_tab.go_to_stage)

