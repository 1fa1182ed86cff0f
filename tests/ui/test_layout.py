"""Nothing cut off: every tab at 1024 × 700 without sideways scrolling or clipped text;
the window no larger than its screen; fields no wider than their values need on a wide
screen (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit

from core.exchange.demo import create_demo
from tests.ui.clipping import clipped, shown, sideways_scrolled
from tests.ui.conftest import WAIT_MS


@pytest.fixture
def demo_window(make_window, tmp_path):
    return make_window(create_demo(tmp_path / "demo.db", weeks=16, end=dt.date(2026, 11, 20)))


def each_tab(qtbot, window):
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        qtbot.waitUntil(page.isVisible, timeout=WAIT_MS)
        for _ in range(3):  # the layout requests the tab's drawing posted, as on screen
            QApplication.sendPostedEvents()
            QApplication.processEvents()
        yield window.tabs.tabText(index)


def test_every_tab_fits_1024_by_700(qtbot, demo_window):
    demo_window.resize(1024, 700)
    problems = []
    for tab in each_tab(qtbot, demo_window):
        problems += [f"{tab}: {p}" for p in clipped(demo_window) + sideways_scrolled(demo_window)]
    assert problems == []


def test_the_window_fits_its_screen(qtbot, demo_window):
    available = demo_window.screen().availableGeometry()
    assert demo_window.width() <= available.width()
    assert demo_window.height() <= available.height()
    for _ in each_tab(qtbot, demo_window):
        hint = demo_window.minimumSizeHint()
        assert hint.width() <= available.width() and hint.height() <= available.height()


def test_fields_do_not_stretch_across_a_wide_window(qtbot, demo_window):
    demo_window.resize(1900, 1000)
    wide = []
    for tab in each_tab(qtbot, demo_window):
        for kind in (QAbstractSpinBox, QComboBox, QLineEdit):
            wide += [f"{tab}: {field.accessibleName()} {field.width()} px"
                     for field in demo_window.findChildren(kind)
                     if shown(field) and field.width() >= 600
                     and not isinstance(field.parent(), (QAbstractSpinBox, QComboBox))]
    assert wide == []
