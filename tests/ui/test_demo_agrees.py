"""On the demo journey, Today, the Return-to-run tab and the Physio tab tell one story:
the same last decision in the same words, the same level prescribed."""

from __future__ import annotations

import datetime as dt

import pytest

from core.exchange.demo import create_demo
from core.model import Stage, Verdict
from core.today_card import verdict_words

MOMENTS = {
    "mid-ladder, in stage 4": (10, dt.date(2026, 10, 18), Stage.RETURN_TO_RUN),
    "the whole journey, in stage 5": (16, dt.date(2026, 11, 20), Stage.PERFORMANCE),
}


def rows(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(r, c).text() for c in range(table.columnCount()))
            for r in range(table.rowCount())]


@pytest.mark.parametrize(("weeks", "end", "stage"), MOMENTS.values(), ids=MOMENTS.keys())
def test_today_the_stage_tab_and_the_physio_tab_agree(tmp_path, make_window, weeks, end,
                                                      stage):
    runback = create_demo(tmp_path / "d.db", weeks=weeks, end=end)
    assert runback.stage is stage
    window = make_window(runback)
    decided = [d for d in runback.decisions() if d.verdict is not Verdict.PENDING]
    last = decided[-1]
    words = verdict_words(last)

    today = window.today_tab
    assert today.verdict.text().startswith(words)
    assert today.decision.text() == last.reason

    tab = window.stage_tabs[Stage.RETURN_TO_RUN]
    window.show_view(tab)
    shown = (last.date.isoformat(), str(last.level), words, last.reason)
    assert shown in rows(tab.decisions)

    physio = window.physio_tab
    window.show_view(physio)
    assert shown in rows(physio.decision_history)

    plan = runback.walk_run_plan()
    assert runback.today_view().walk_run_level == plan.level
    assert f"Now on level {runback.ladder.level} of" in physio.level_now.text()
    if runback.stage is Stage.RETURN_TO_RUN:
        assert tab.level.value() == plan.level
        if plan.run_today:
            assert tab.level_text.text() == runback.protocol.level(plan.level).describe()
    if plan.level != runback.ladder.level and stage is Stage.RETURN_TO_RUN:
        assert f"Today's prescription is level {plan.level}" in physio.level_now.text()
    if stage is Stage.PERFORMANCE:  # the ladder is for reference there: no prescription
        assert "prescription" not in physio.level_now.text()
