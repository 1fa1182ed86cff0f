"""A whole week of rehab through the app's widgets; Today, the charts and the export agree
with what was entered."""

import csv
import datetime as dt
from statistics import fmean

from PySide6.QtCore import Qt

from core.exchange.export import export_names
from core.model import Stage, Verdict
from tests.ui.conftest import WAIT_MS, move_to_stage
from ui import export_action

PAINS = [1, 1, 2, 1, 0, 1, 0]  # each morning's check-in, Monday to Sunday
RUN_DAYS = (0, 2, 4)  # Monday, Wednesday, Friday: walk–run
LEVELS = (1, 1, 2)  # two comfortable sessions at level 1 move the runner up
STRENGTH_DAYS = (1, 3)  # Tuesday, Thursday: the full programme
CROSS_DAY = 6  # Sunday: a swim


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def live_the_week(qtbot, window, clock):
    """Seven days as a runner lives them: check in, follow Today, log, tick."""
    move_to_stage(window, Stage.RETURN_TO_RUN)
    for weekday, pain in enumerate(PAINS):
        clock.advance()
        assert clock.day.weekday() == weekday
        window.check_new_day()
        window.show_view(window.today_tab)
        window.today_tab.check_in.pain.setValue(pain)
        click(qtbot, window.today_tab.check_in.save)
        if weekday in RUN_DAYS:
            tab = window.stage_tabs[Stage.RETURN_TO_RUN]
            window.show_view(tab)
            level = LEVELS[RUN_DAYS.index(weekday)]
            assert tab.level_text.text().startswith(f"Walk–run level {level}:")
            tab.pain.setValue(1)
            tab.effort.setValue(4)
            click(qtbot, tab.save)
        elif weekday in STRENGTH_DAYS:
            tab = window.stage_tabs[Stage.STRENGTH]
            window.show_view(tab)
            for tick, _ in tab.rows.values():
                tick.click()
        elif weekday == CROSS_DAY:
            tab = window.stage_tabs[Stage.CALM]
            window.show_view(tab)
            tab.minutes.setValue(30)
            tab.pain.setValue(0)
            click(qtbot, tab.save)


def test_a_week_in_the_app_agrees_everywhere(qtbot, window, clock, tmp_path, monkeypatch):
    clock.day = dt.date(2026, 3, 8)  # a Sunday: the week lived is Monday 9 to Sunday 15
    window.check_new_day()
    live_the_week(qtbot, window, clock)
    runback = window.runback
    monday = dt.date(2026, 3, 9)

    # What was entered is what is stored.
    week_check_ins = [c for c in runback.log.check_ins if c.date >= monday]
    assert [c.pain for c in week_check_ins] == PAINS
    decisions = runback.decisions()
    assert [d.verdict for d in decisions] == [Verdict.REPEAT, Verdict.ADVANCE, Verdict.REPEAT]

    # Today: the last decision and its reason, and the week's strength.
    window.show_view(window.today_tab)
    assert decisions[-1].reason in window.today_tab.decision.text()
    strength_words, strength_bar = window.today_tab.bars["strength"]
    assert strength_words.text() == "Strength this week: 2 of 2 sessions done (100 %)."
    assert (strength_bar.value(), strength_bar.maximum()) == (2, 2)

    # The charts: every check-in, every walk–run, the week's strength sessions.
    window.show_view(window.progress_tab)
    qtbot.waitUntil(lambda: window.progress_tab.built and not window.progress_tab.stale,
                    timeout=WAIT_MS)
    pain = window.progress_tab.pain
    assert list(pain.daily.getData()[1][-7:]) == PAINS
    assert len(window.progress_tab.run_walk.ratio.getData()[0]) == 3
    assert list(window.progress_tab.run_walk.ratio.getData()[1]) == [0.5, 0.5, 1.0]
    charts = runback.charts()
    assert charts.adherence.done.values[-1] == 2

    # The CSV export, through File → Export CSV files.
    monkeypatch.setattr(export_action.QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(tmp_path / "out"))
    (tmp_path / "out").mkdir()
    window.export_csv_action.trigger()
    summary, sessions = (tmp_path / "out" / name
                         for name in export_names(window.runback, "csv")[:2])
    with summary.open(encoding="utf-8-sig", newline="") as handle:
        week = next(r for r in csv.DictReader(handle) if r["week_start"] == "2026-03-09")
    assert week["stage"] == "4"
    assert (week["walk_run_level_min"], week["walk_run_level_max"]) == ("1", "2")
    assert int(week["running_sessions"]) == 3
    assert float(week["run_minutes"]) == 8 + 8 + 12  # 1 min × 8, twice; 2 min × 6
    assert float(week["walk_minutes"]) == 16 + 16 + 12
    assert float(week["run_walk_ratio"]) == round(28 / 44, 2)
    assert int(week["sessions"]) == 3 + 2 + 1
    assert float(week["daily_pain_mean"]) == round(fmean(PAINS), 2)
    assert (week["strength_done"], week["strength_planned"]) == ("2", "2")
    assert week["strength_adherence_percent"] == "100"
    assert float(week["weekly_load"]) == (24 + 24 + 24) * 4  # minutes × effort
    with sessions.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["kind"] == "walk_run"]
    assert [r["decision"] for r in rows] == [d.verdict.value for d in decisions]
    assert [r["reason"] for r in rows] == [d.reason for d in decisions]
    assert [r["next_morning_pain"] for r in rows] == [str(PAINS[day + 1]) for day in RUN_DAYS]
