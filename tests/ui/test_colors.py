"""Dark mode and contrast (issue 15): every text colour Runback sets meets WCAG AA (4.5:1)
on the light and the dark palette, the charts follow the palette, and the app follows the
system's colour scheme."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from core.exchange.demo import create_demo
from tests.ui.conftest import WAIT_MS
from ui.colors import DARK, INKS, SERIES_INK, apply_scheme, contrast, dark_palette, is_dark
from ui.common import show_feedback

AA = 4.5
UI = Path(__file__).resolve().parents[2] / "ui"
ROLE = QPalette.ColorRole


def light_palette() -> QPalette:
    return QApplication.style().standardPalette()


def backgrounds(palette: QPalette) -> list[QColor]:
    """What text is drawn on: the window (cards, charts) and the base (fields, tables)."""
    return [palette.color(ROLE.Window), palette.color(ROLE.Base)]


@pytest.mark.parametrize("name", INKS)
def test_every_ink_meets_aa_on_both_palettes(qapp, name):
    light, dark = INKS[name]
    for background in backgrounds(light_palette()):
        assert contrast(light, background) >= AA, (name, light, background.name())
    for background in backgrounds(dark_palette()):
        assert contrast(dark, background) >= AA, (name, dark, background.name())


PAIRS = [("WindowText", "Window"), ("Text", "Base"), ("Text", "AlternateBase"),
         ("ButtonText", "Button"), ("ToolTipText", "ToolTipBase"),
         ("HighlightedText", "Highlight"), ("PlaceholderText", "Base"), ("Link", "Base"),
         ("Link", "Window"), ("LinkVisited", "Base")]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_the_dark_palettes_own_text_meets_aa(text, background):
    assert contrast(DARK[text], DARK[background]) >= AA


def test_no_colour_is_set_outside_the_one_place():
    """A colour written in a view would escape the contrast check: only ui/colors.py
    names text colours; chart_base names the lines' mid-tones, whose text is inked."""
    stray = []
    for path in sorted(UI.glob("*.py")):
        if path.name in ("colors.py",) or path.name.startswith("report"):
            continue  # the report is printed on white paper, in black and white
        for colour in re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")):
            if colour.lower() not in SERIES_INK:
                stray.append(f"{path.name}: {colour}")
    assert stray == []


@pytest.fixture
def restore_palette(qapp):
    yield
    qapp.setPalette(light_palette())
    qapp.setProperty("runback_dark", False)


def texts_drawn_in_colour(tab) -> list[tuple[str, str]]:
    """(what, colour) for every text the Progress tab's charts draw in a colour of ours."""
    found = []
    for panel in [*tab.panels, *tab.scores.panels.values()]:
        if panel.plot is None:
            continue
        for side in ("left", "right", "bottom"):
            colour = panel.item.getAxis(side).labelStyle.get("color")
            if colour and panel.item.getAxis(side).isVisible():
                found.append((f"{panel.title} {side} axis title", colour))
        for colour in re.findall(r"color:\s*(#[0-9a-fA-F]{6})", panel.key_label.text()):
            found.append((f"{panel.title} key", colour))
    found.append(("pain threshold label", tab.pain.threshold_label.color.name()))
    found.append(("load caution label", tab.load.caution.label.color.name()))
    found.append(("load high label", tab.load.high.label.color.name()))
    return found


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_charts_and_messages_follow_the_palette(qtbot, qapp, make_window, tmp_path,
                                                restore_palette, dark):
    qapp.setPalette(dark_palette() if dark else light_palette())
    window = make_window(create_demo(tmp_path / "demo.db", weeks=16,
                                     end=dt.date(2026, 11, 20)))
    tab = window.progress_tab
    window.show_view(tab)
    qtbot.waitUntil(lambda: tab.built, timeout=WAIT_MS)
    background = tab.palette().color(ROLE.Window)
    assert is_dark(tab.palette()) is dark
    for panel in tab.panels:
        assert panel.plot.backgroundBrush().color() == background
        axis = panel.item.getAxis("bottom")
        assert contrast(axis.textPen().color(), background) >= AA
    weak = [(what, colour) for what, colour in texts_drawn_in_colour(tab)
            if contrast(colour, background) < AA]
    assert weak == []
    feedback = window.today_tab.check_in.feedback
    window.show_view(window.today_tab)
    for error in (True, False):  # a refusal, then a save: each in its ink
        show_feedback(feedback, "Pain must be a whole number from 0 to 10.", error=error)
        colour = re.search(r"#[0-9a-fA-F]{6}", feedback.styleSheet()).group()
        assert contrast(colour, feedback.palette().color(ROLE.Window)) >= AA


def test_a_switch_of_palette_redraws_the_charts_in_it(qtbot, qapp, make_window, tmp_path,
                                                      restore_palette):
    window = make_window(create_demo(tmp_path / "demo.db", weeks=8,
                                     end=dt.date(2026, 11, 20)))
    tab = window.progress_tab
    window.show_view(tab)
    qtbot.waitUntil(lambda: tab.built, timeout=WAIT_MS)
    apply_scheme(qapp, 2)  # the system says dark (Qt.ColorScheme.Dark)
    qtbot.waitUntil(lambda: is_dark(tab.palette()), timeout=WAIT_MS)
    dark_window = QColor(DARK["Window"])
    qtbot.waitUntil(lambda: tab.pain.plot.backgroundBrush().color() == dark_window,
                    timeout=WAIT_MS)
    assert tab.pain.threshold_label.color.name() == INKS["red"][1]
    apply_scheme(qapp, 1)  # and light again
    qtbot.waitUntil(lambda: not is_dark(tab.palette()), timeout=WAIT_MS)
    assert tab.pain.threshold_label.color.name() == INKS["red"][0]
