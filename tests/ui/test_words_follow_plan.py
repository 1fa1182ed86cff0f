"""Every number a screen names comes from the plan in force, never from a literal.

A runner on a clinic's own protocol (threshold 3/10, a 5-level ladder ending at 20 minutes
continuous, 2 levels back per week off) lives through every stage; then every text on
every screen — labels, buttons, tables, lists, tooltips — is read, and none may carry a
number of the default protocol.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QWidget,
)

from core.model import ReadinessTest, Stage
from core.rules import protocol as protocol_module
from core.runback import Runback

START = dt.date(2026, 3, 2)
LADDER = [{"run_minutes": 1.5, "walk_minutes": 1.5, "rounds": 6},
          {"run_minutes": 3, "walk_minutes": 1.5, "rounds": 4},
          {"run_minutes": 5, "walk_minutes": 1, "rounds": 3},
          {"run_minutes": 9, "walk_minutes": 1, "rounds": 2},
          {"run_minutes": 20, "walk_minutes": 0, "rounds": 1}]
# Numbers of the default protocol that this runner's plan does not have.
DEFAULT_NUMBERS = {
    "the default threshold": re.compile(r"(?<![\d.–-])2/10|≤ 2\b|at 2 or less"),
    "the default ladder's top": re.compile(r"\b30 min\b|\b30 minutes\b|30-minute"),
    "the default ladder's length": re.compile(r"\blevel [6-9]\b|of 8 levels|levels? 1–8"),
    "the default level 1": re.compile(r"1 min run / 2 min walk"),
    "the default restart": re.compile(r"\bone level back|\b1 level back"),
    "the default cadence band": re.compile(r"5–10 ?%|\+ ?5 ?%|\+ ?10 ?%|\+5 to \+10"),
    "the default strength target": re.compile(r"of 2 (done|sessions)|at least 2 (completed )?"
                                              r"(strength )?sessions|2 sessions a week"),
    "the default passes per level": re.compile(r"of 2 (passing )?sessions|at least twice"),
    "the default load rules": re.compile(r"(?<![\d.])10 ?%|(?<![\d.])1\.3\b|110 %"),
}
# Names of things, not settings: the readiness checks are named after what they are, the
# first-run question asks about a 30-minute walk, and exercise doses (3 × 8) are the
# programme's own.
NAMES = [test.label for test in ReadinessTest] + ["30 minutes without pain",
                                                  "30 minutes pain-free"]


class Clock:
    def __init__(self):
        self.day = START

    def __call__(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time(9)).astimezone()


def clinic_protocol():
    return protocol_module.default().with_overrides({
        "pain.threshold": 3, "walk_run.ladder": LADDER,
        "walk_run.levels_back_per_week_off": 2,
        "mechanics.cadence_rise_min_percent": 4, "mechanics.cadence_rise_max_percent": 8,
        "strength.sessions_per_week": 3, "walk_run.sessions_to_advance": 3,
        "load.weekly_rise_caution_percent": 15, "load.ratio_caution": 1.25,
        "load.spike_percent": 12, "performance.weekly_load_growth_percent": 8})


def live_through_every_stage(app: Runback, clock: Clock) -> None:
    """A journey touching each stage's entries, with pains that are never 2/10."""
    def next_day(days: int = 1) -> None:
        clock.day += dt.timedelta(days=days)

    app.setup("patellofemoral_pain", "left", 4, False, goal="10 km")
    for pain in (3, 1, 1, 0):
        next_day()
        app.check_in(pain)
        app.log_cross_training("bike", 20, 4, 1)
    app.set_stage(Stage.STRENGTH, "Calm.")
    for _ in range(4):
        next_day(2)
        app.check_in(1)
        for exercise in app.protocol.exercises:
            app.tick_exercise(exercise.key, pain=1)
    app.set_stage(Stage.MECHANICS, "Strong.")
    next_day()
    app.set_cadence_baseline(160)
    app.log_run("easy", 10, 4, 1, cadence=170)
    for test in ReadinessTest:
        app.log_readiness(test, True, 1)
    app.set_stage(Stage.RETURN_TO_RUN, "Ready.")
    for pain in (0, 1, 0, 6, 1):
        next_day()
        app.check_in(0)
        planned = app.protocol.level(app.walk_run_plan().level)
        app.log_walk_run(planned.rounds, planned.run_minutes, planned.walk_minutes, pain, 4)
        next_day()
        app.check_in(1)
    next_day(20)  # a long break: Today restarts lower, in the plan's own words
    app.check_in(0)


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in root.findChildren(QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTableWidget):
            texts += [widget.item(r, c).text() for r in range(widget.rowCount())
                      for c in range(widget.columnCount()) if widget.item(r, c)]
        elif isinstance(widget, QListWidget):
            texts += [widget.item(r).text() for r in range(widget.count())]
    return [t for t in texts if t]


def default_numbers_in(texts: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        for name in NAMES:
            text = text.replace(name, "")
        for what, pattern in DEFAULT_NUMBERS.items():
            if pattern.search(text):
                found.append((what, text))
    return found


def test_no_screen_names_a_number_of_the_default_plan(tmp_path, make_window):
    clock = Clock()
    app = Runback.create(tmp_path / "runner.db", base=clinic_protocol(), clock=clock)
    live_through_every_stage(app, clock)
    window = make_window(app)
    texts = []
    for view in (window.today_tab, *window.stage_tabs.values(), window.progress_tab,
                 window.physio_tab):
        window.show_view(view)
        texts += visible_texts(view)
    today = app.today_view()
    texts += [today.headline, *today.details, *(d.reason for d in app.decisions())]
    assert len(texts) > 100  # every screen was read
    # The journey reached the texts that carry this plan's numbers.
    assert any("2 levels back per week" in text for text in texts)
    assert any("at 3/10 or less" in text for text in texts)
    assert any("20 min continuous" in text for text in texts)
    assert any("of 3 sessions" in text for text in texts)  # passes per level
    assert any("of 3 done" in text or "of 3 sessions done" in text for text in texts)
    assert any("8 % at most" in text for text in texts)
    found = default_numbers_in(texts)
    assert not found, "\n".join(f"{what}: {text!r}" for what, text in found)
