"""The load flags a runner and physio see: the Performance tab's flags explained on hover
and on request, the load chart's spike markers, and the pain zones beside the threshold."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QMessageBox

from core.changes import Area, Changes
from core.exchange.demo import create_demo
from core.rules.metrics import FLAG_TITLES, FlagKind, flag_help
from core.rules.protocol import pain_zones_text
from tests.ui.conftest import WAIT_MS
from ui.common import Operations
from ui.performance_tab import FLAGS_COLUMN, PerformanceTab
from ui.physio_tab import PhysioTab
from ui.progress_tab import ProgressTab

END = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The 16-week demo journey (read only): its stage 5 has run spikes."""
    runback = create_demo(tmp_path_factory.mktemp("demo") / "d.db", weeks=16, end=END)
    yield runback
    runback.close()


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget, timeout=WAIT_MS)
    return widget


def test_a_weeks_flags_explain_themselves_on_hover(qtbot, demo):
    tab = shown(qtbot, PerformanceTab(Operations(demo)))
    tab.refresh(Changes.of(Area.FILE))
    help_text = flag_help(demo.protocol)
    tips = [tab.load.item(row, FLAGS_COLUMN).toolTip() for row in range(tab.load.rowCount())
            if tab.load.item(row, FLAGS_COLUMN).text().startswith("spike:")]
    assert tips, "the demo's last weeks show a run spike"
    assert all(tip.startswith(f"{FLAG_TITLES[FlagKind.RUN_SPIKE]}. "
                              f"{help_text[FlagKind.RUN_SPIKE]}") for tip in tips)
    quiet = [tab.load.item(row, FLAGS_COLUMN).toolTip() for row in range(tab.load.rowCount())
             if not tab.load.item(row, FLAGS_COLUMN).text()]
    assert all(tip == "" for tip in quiet)


def test_what_do_these_flags_mean_shows_every_flags_limits(qtbot, demo, monkeypatch):
    tab = shown(qtbot, PerformanceTab(Operations(demo)))
    said = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: said.append((title, text)))
    tab.flags_help.click()
    [(title, text)] = said
    assert title == "What the load flags can and cannot tell"
    for source in ("Frandsen 2025", "Buist 2008", "Nielsen 2014", "Lolli 2019",
                   "Impellizzeri 2020"):
        assert source in text


def test_the_load_chart_marks_the_weeks_with_a_run_spike_and_reads_them_out(qtbot, demo):
    tab = shown(qtbot, ProgressTab(Operations(demo)))
    charts = demo.charts()
    assert len(charts.load.spikes) > 0
    xs, _ = tab.load.spikes.getData()
    assert len(xs) == len(charts.load.spikes)
    spikes = next(track for track in tab.load.tracks if track.name == "spikes")
    tab.load.on_mouse_moved(tab.load.item.vb.mapViewToScene(QPointF(spikes.xs[-1], 10)))
    assert "run spike" in tab.load.readout.text()


def test_the_pain_zones_stand_beside_the_threshold(qtbot, runner_file):
    tab = shown(qtbot, PhysioTab(Operations(runner_file)))
    assert tab.settings.pain_zones.text() == pain_zones_text() == (
        "Zones: 0–2 safe, 3–5 acceptable, above 5 high risk (Thomeé 1997)")
    threshold = tab.settings.boxes["pain.threshold"]
    assert (threshold.minimum(), threshold.maximum()) == (0, 5)
