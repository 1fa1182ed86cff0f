"""What the Progress tab draws after entries, each redrawing only what changed, is what a
tab opened afresh on the same file draws: every point of every chart."""

import datetime as dt

import numpy as np

from core.model import RunType, Stage
from core.runback import Runback
from tests.ui.conftest import WAIT_MS
from ui.common import Operations
from ui.progress_tab import ProgressTab


def shown(tab: ProgressTab, qtbot) -> ProgressTab:
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    qtbot.waitExposed(tab, timeout=WAIT_MS)
    return tab


def drawn(tab: ProgressTab) -> dict[str, tuple]:
    """Every curve's points, bar's heights and read-out, by chart and item."""
    found: dict[str, tuple] = {}
    for panel in tab.panels:
        found[f"{panel.title}: read-out"] = (panel.readout.text(),)
        for name, item in vars(panel).items():
            if hasattr(item, "getData"):
                xs, ys = item.getData()
                found[f"{panel.title}: {name}"] = (
                    None if xs is None else np.asarray(xs).tolist(),
                    None if ys is None else np.asarray(ys).tolist())
            elif type(item).__name__ == "BarGraphItem":
                found[f"{panel.title}: {name}"] = tuple(
                    np.asarray(item.opts[key]).tolist() for key in ("x", "height", "y0")
                    if item.opts.get(key) is not None)
    return found


def test_after_entries_the_tab_draws_what_a_fresh_tab_draws(qtbot, tmp_path, clock):
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
    runback.set_stage(Stage.PERFORMANCE, "physio's assessment")
    start = runback.today
    for day in range(1, 30):
        clock.advance()
        runback.check_in(day % 4)
        if day % 2:
            runback.log_run(RunType.EASY, 20 + day, 4, 1, cadence=165 + day % 3)
    ops = Operations(runback)
    tab = shown(ProgressTab(ops), qtbot)
    ops.data_changed.connect(tab.refresh)

    for action in (
            lambda rb: rb.check_in(6, replace=True),  # today's pain
            lambda rb: rb.check_in(9, date=start + dt.timedelta(days=4), replace=True),  # after
            lambda rb: rb.log_run(RunType.LONG, 60, 5, 2, cadence=170,
                                  date=start + dt.timedelta(days=10)),
            lambda rb: rb.delete_session(rb.log.sessions[3].id),
            lambda rb: rb.set_cadence_baseline(160, date=start + dt.timedelta(days=12)),
            lambda rb: rb.change_plan("pain.threshold", 2, "physio's review")):
        assert ops.run(action)
        afresh = Runback(runback.store, clock=clock)  # the file read again, nothing kept
        fresh = shown(ProgressTab(Operations(afresh)), qtbot)
        assert drawn(tab) == drawn(fresh)
        fresh.close()
    runback.close()
