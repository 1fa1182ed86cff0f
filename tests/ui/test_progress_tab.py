"""The Progress tab: lazy pyqtgraph, a message per empty chart, data from core's series."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPalette

from core.changes import Area, Changes
from core.exchange.demo import create_demo
from core.runback import Runback
from tests.conftest import Clock
from tests.ui.conftest import WAIT_MS
from ui.chart_base import DAY_SECONDS
from ui.common import Operations
from ui.progress_tab import ProgressTab

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A 16-week journey through all five stages (read only: tests must not write)."""
    runback = create_demo(tmp_path_factory.mktemp("demo") / "d.db", weeks=16,
                          end=dt.date(2026, 11, 20))
    yield runback
    runback.close()


@pytest.fixture
def make_tab(qtbot):
    def make(runback: Runback, show: bool = True) -> ProgressTab:
        ops = Operations(runback)
        tab = ProgressTab(ops)
        ops.data_changed.connect(tab.refresh)
        qtbot.addWidget(tab)
        tab.resize(1100, 760)
        if show:
            tab.show()
            qtbot.waitExposed(tab, timeout=WAIT_MS)
        return tab
    return make


def points(curve) -> int:
    xs, _ = curve.getData()
    return 0 if xs is None else len(xs)


def test_a_just_set_up_runner_sees_a_message_in_every_chart(make_tab, runner_file):
    tab = make_tab(runner_file)

    for panel in tab.panels:
        assert panel.stack.currentWidget() is panel.message, panel.title
        assert panel.message.text(), panel.title
        assert not panel.readout.isVisible()
    # Set-up records one check-in: the message shows it rather than a lone dot.
    assert "One check-in so far: 4/10" in tab.pain.message.text()
    assert tab.run_walk.message.text().startswith("No runs yet")
    assert tab.adherence.message.text().startswith("No strength weeks yet")
    assert tab.load.message.text().startswith("No running load yet")
    assert tab.cadence.message.text().startswith("No cadence yet")


def test_a_file_without_a_runner_says_no_check_ins_yet(make_tab):
    tab = make_tab(Runback.in_memory())

    assert tab.pain.message.text() == ("No pain check-ins yet: your daily check-in will "
                                       "appear here.")


def test_the_demo_journey_draws_every_series_of_the_core(make_tab, demo):
    tab = make_tab(demo)
    charts = demo.charts()

    for panel in tab.panels:
        assert panel.stack.currentWidget() is panel.plot, panel.title
        assert panel.readout.text().startswith("Latest: "), panel.title
    assert points(tab.pain.daily) == len(charts.pain.daily) > 0
    assert points(tab.pain.during) == len(charts.pain.during) > 0
    assert points(tab.pain.next_morning) == len(charts.pain.next_morning) > 0
    _, ys = tab.pain.threshold.getData()
    assert list(ys) == list(charts.pain.threshold_steps.values)
    assert ys[-1] == charts.pain.threshold
    assert tab.pain.threshold_label.toPlainText() == f"threshold {charts.pain.threshold}/10"
    shaded = [r for r in tab.pain.regions if r.isVisible()]
    assert len(shaded) == len(charts.pain.stages) == 5
    assert points(tab.run_walk.ratio) == len(charts.run_walk.ratio) > 0
    assert points(tab.run_walk.run_minutes) == len(charts.run_walk.run_minutes) > 0
    met = [done >= planned for done, planned in zip(charts.adherence.done.values,
                                                    charts.adherence.planned.values, strict=True)]
    assert len(tab.adherence.met.opts["x"]) == sum(met) > 0  # green: the target met
    assert len(tab.adherence.short.opts["x"]) == len(met) - sum(met) > 0  # orange
    assert points(tab.adherence.target) == 2 * len(charts.adherence.planned)
    assert len(tab.load.bars.opts["x"]) == len(charts.load.load) > 0
    assert points(tab.load.ratio) == len(charts.load.ratio) > 0
    assert (tab.load.caution.value(), tab.load.high.value()) == (charts.load.caution,
                                                                  charts.load.high)
    assert points(tab.cadence.cadence) == len(charts.cadence.cadence) > 0
    assert points(tab.cadence.band_low) == len(charts.cadence.band_low) > 0


def test_the_pain_chart_gains_a_point_when_a_check_in_is_saved(make_tab, runner_file, clock):
    tab = make_tab(runner_file)
    clock.advance()
    assert tab.ops.run(lambda rb: rb.check_in(2))
    assert tab.pain.stack.currentWidget() is tab.pain.plot
    before = points(tab.pain.daily)

    clock.advance()
    assert tab.ops.run(lambda rb: rb.check_in(1))

    assert points(tab.pain.daily) == before + 1 == 3
    assert tab.pain.daily.getData()[1][-1] == 1
    assert "check-in 1/10" in tab.pain.readout.text()


def test_a_save_redraws_the_series_it_changes_and_leaves_the_others(make_tab, tmp_path):
    end = dt.date(2026, 11, 20)
    create_demo(tmp_path / "d.db", weeks=8, end=end).close()
    runback = Runback.open(tmp_path / "d.db", clock=Clock(end))
    tab = make_tab(runback)
    during = tab.pain.during.getData()[0]
    ratio = tab.run_walk.ratio.getData()[0]

    assert tab.ops.run(lambda rb: rb.check_in(7, replace=True))

    assert tab.pain.daily.getData()[1][-1] == 7
    # Sessions did not change: their dots are the same arrays, not set again.
    assert tab.pain.during.getData()[0] is during
    assert tab.run_walk.ratio.getData()[0] is ratio

    assert tab.ops.run(lambda rb: rb.log_cross_training("bike", 30, 4, 6,
                                                        date=end - dt.timedelta(days=1)))

    charts = runback.charts()
    assert points(tab.pain.during) == len(charts.pain.during) == len(during) + 1
    assert 6 in tab.pain.during.getData()[1]
    assert tab.run_walk.ratio.getData()[0] is ratio
    runback.close()


def test_a_new_day_stretches_the_current_stage_though_nothing_was_saved(make_tab, runner_file,
                                                                        clock):
    tab = make_tab(runner_file)
    clock.advance()
    assert tab.ops.run(lambda rb: rb.check_in(2))
    _, end = tab.pain.regions[0].getRegion()

    clock.advance()
    tab.refresh()

    assert tab.pain.regions[0].getRegion()[1] == end + DAY_SECONDS
    assert points(tab.pain.daily) == 2


def test_while_hidden_a_change_only_marks_the_charts_stale(make_tab, runner_file, clock):
    tab = make_tab(runner_file, show=False)
    tab.refresh(Changes.of(Area.FILE))
    assert not tab.built and tab.stale

    tab.show()
    assert tab.built and not tab.stale
    clock.advance()
    tab.ops.run(lambda rb: rb.check_in(2))
    assert points(tab.pain.daily) == 2
    tab.hide()
    clock.advance()
    tab.ops.run(lambda rb: rb.check_in(1))
    assert tab.stale and points(tab.pain.daily) == 2

    tab.show()
    assert not tab.stale and points(tab.pain.daily) == 3


def test_opening_another_runner_file_redraws_every_chart(make_tab, runner_file, tmp_path):
    other = create_demo(tmp_path / "other.db", weeks=8, end=dt.date(2026, 11, 20))
    tab = make_tab(runner_file)

    tab.ops.replace(other)

    assert tab.pain.stack.currentWidget() is tab.pain.plot
    assert points(tab.pain.daily) == len(other.charts().pain.daily)
    other.close()


def test_pyqtgraph_is_imported_only_when_the_tab_is_first_shown():
    script = (
        "import sys\n"
        "import ui.progress_tab\n"
        "assert 'pyqtgraph' not in sys.modules, 'imported with the module'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from core.runback import Runback\n"
        "from ui.common import Operations\n"
        "app = QApplication([])\n"
        "tab = ui.progress_tab.ProgressTab(Operations(Runback.in_memory()))\n"
        "tab.refresh(None)\n"
        "assert 'pyqtgraph' not in sys.modules, 'imported while hidden'\n"
        "tab.show()\n"
        "app.processEvents()\n"
        "assert 'pyqtgraph' in sys.modules, 'not imported when shown'\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_hovering_a_point_reads_out_its_date_and_values(make_tab, demo):
    tab = make_tab(demo)
    pain = tab.pain
    track = pain.tracks[0]  # daily check-ins
    day, value = track.dates[10], track.values[10]
    scene = pain.item.vb.mapViewToScene(QPointF(track.xs[10] + 3600, 5))

    pain.on_mouse_moved(scene)

    text = pain.readout.text()
    assert f"{day:%a} {day.day} {day:%b %Y}" in text
    assert f"check-in {value:g}/10" in text
    assert "stage " in text


def test_hovering_a_weekly_chart_names_the_week(make_tab, demo):
    tab = make_tab(demo)
    load = tab.load
    track = load.tracks[0]
    scene = load.item.vb.mapViewToScene(QPointF(track.xs[-1], 10))

    load.on_mouse_moved(scene)

    monday = demo.charts().load.load.dates[-1]
    assert load.readout.text().startswith(f"Week of {monday:%a} {monday.day} {monday:%b %Y}")
    assert "load " in load.readout.text()


def test_a_mouse_outside_the_plot_leaves_the_read_out_alone(make_tab, demo):
    tab = make_tab(demo)
    before = tab.cadence.readout.text()

    tab.cadence.on_mouse_moved(QPointF(-500, -500))

    assert tab.cadence.readout.text() == before


def test_charts_take_their_colours_from_the_palette_and_have_names(make_tab, demo):
    tab = make_tab(demo)
    window = tab.palette().color(QPalette.ColorRole.Window)

    for panel in tab.panels:
        assert panel.plot.backgroundBrush().color() == window
        assert panel.plot.accessibleName() == f"{panel.title} chart"
        assert panel.message.accessibleName() and panel.readout.accessibleName()
