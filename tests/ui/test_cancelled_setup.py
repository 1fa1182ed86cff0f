"""A new runner who cancels the first-run setup gets a window that makes sense: every tab
says to finish the setup (Today asks for it itself), the tabs' forms wait disabled, and no
date field shows Qt's default day (1 Jan 2000): each shows today. The setup offered again
from any tab fills the window in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QWidget,
)

from core.model import Stage
from core.runback import Runback
from tests.ui.conftest import WAIT_MS
from ui.common import from_qdate
from ui.setup_dialog import SetupDialog

QT_DEFAULT_DAY = QDate(2000, 1, 1)


def cancelled_setup(qtbot, make_window, tmp_path):
    runback = Runback.create(tmp_path / "new.db")  # the real clock, as a new runner's
    window = make_window(runback)
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None, timeout=WAIT_MS)
    window.findChild(SetupDialog).reject()
    return window


def controls(page: QWidget) -> list[QWidget]:
    return [control for kind in (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit)
            for control in page.findChildren(kind)]


def words(widget: QWidget) -> list[str]:
    """Every text a runner can read in ``widget``: labels, fields and date fields."""
    texts = [label.text() for label in widget.findChildren(QLabel)]
    texts += [box.text() for box in widget.findChildren(QLineEdit)]
    return texts + [box.text() for box in widget.findChildren(QDateEdit)]


def test_every_tab_says_to_finish_setup_and_no_date_is_1_jan_2000(qtbot, make_window,
                                                                  tmp_path):
    window = cancelled_setup(qtbot, make_window, tmp_path)
    today = window.runback.today
    assert window.today_tab.setup_button.isVisible()  # Today asks for the setup itself
    assert not window.setup_gate.isVisible()
    for index in range(1, window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        name = window.tabs.tabText(index)
        assert window.setup_gate.isVisible(), name
        assert "finish the first-run setup" in window.setup_gate.text.text()
        assert window.setup_gate.setup_button.isEnabled()
        # Its forms would save into a file with no runner.
        assert [type(control).__name__ for control in controls(window.tabs.currentWidget())
                if control.isEnabled()] == [], name
    # The setup dialog's own surgery date says "choose the date" until one is chosen.
    dates = [box for box in window.findChildren(QDateEdit) if box.window() is window]
    assert len(dates) >= 7  # Today's and Calm's check-ins, each stage's log form, …
    assert [box.accessibleName() for box in dates if box.date() == QT_DEFAULT_DAY] == []
    assert {from_qdate(box.date()) for box in dates} == {today}
    assert not [text for text in words(window) if "2000" in text]


def test_the_setup_offered_again_from_a_tab_fills_the_window_in(qtbot, make_window,
                                                                tmp_path):
    window = cancelled_setup(qtbot, make_window, tmp_path)
    window.tabs.setCurrentIndex(window.tab_index(window.view(Stage.STRENGTH)))
    window.setup_gate.setup_button.click()
    (dialog,) = [d for d in window.findChildren(SetupDialog) if d.isVisible()]
    dialog.pain.setValue(1)
    dialog.walk_yes.setChecked(True)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not window.runback.needs_setup
    assert not window.setup_gate.isVisible()
    assert all(view.isEnabled() for view in window.views)
    strength = window.view(Stage.STRENGTH)
    assert from_qdate(strength.date.date()) == window.runback.today == dt.date.today()
