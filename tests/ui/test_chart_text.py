"""Charts read without seeing them: the words under each chart (core/rules/chart_words.py),
and date axes that name the month without labels overprinting (issue 15)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from PySide6.QtGui import QImage, QPainter

from core.exchange.demo import create_demo
from core.rules import chart_words
from tests.ui.conftest import WAIT_MS

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def progress(qtbot, make_window, tmp_path, weeks: int, width: int):
    window = make_window(create_demo(tmp_path / "demo.db", weeks=weeks,
                                     end=dt.date(2026, 11, 20)))
    window.resize(width, 900)
    tab = window.progress_tab
    window.show_view(tab)
    qtbot.waitUntil(lambda: tab.built and tab.pain.summary.text() != "", timeout=WAIT_MS)
    return window, tab


def axis_labels(panel) -> list[tuple]:
    """The bottom axis's labels as drawn: (rectangle, text)."""
    axis = panel.item.getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(rect, text) for rect, _, text in texts]


def test_every_chart_has_its_words_under_it(qtbot, make_window, tmp_path):
    window, tab = progress(qtbot, make_window, tmp_path, 16, 1100)
    charts = window.runback.charts()
    expected = {tab.pain: chart_words.pain_words(charts.pain),
                tab.run_walk: chart_words.run_walk_words(charts.run_walk),
                tab.adherence: chart_words.adherence_words(charts.adherence),
                tab.load: chart_words.load_words(charts.load),
                tab.cadence: chart_words.cadence_words(charts.cadence)}
    for panel, words in expected.items():
        assert panel.summary.isVisible() and panel.summary.text() == words
        assert panel.summary.accessibleDescription() == words
    assert tab.pain.summary.text().startswith("Pain: 16 weeks of check-ins, from 4/10")
    shown = [panel for panel in tab.scores.panels.values() if panel.box.isVisible()]
    assert shown and all(" scores over " in panel.summary.text() for panel in shown)


@pytest.mark.parametrize(("weeks", "width"), [(4, 1024), (16, 1024), (16, 1900)])
def test_date_axes_name_the_month_and_never_overprint(qtbot, make_window, tmp_path, weeks,
                                                      width):
    _, tab = progress(qtbot, make_window, tmp_path, weeks, width)
    for panel in tab.panels:
        if panel.plot is None or not panel.plot.isVisible():
            continue
        labels = axis_labels(panel)
        assert labels, panel.title
        assert any(month in text for _, text in labels for month in MONTHS), (
            panel.title, [text for _, text in labels])
        ordered = sorted(labels, key=lambda label: label[0].left())
        for (left, first), (right, second) in itertools.pairwise(ordered):
            assert left.right() < right.left(), (panel.title, first, second)
