"""The clinical report's content, without Qt: page 1's summary worked out by hand for a
small runner, the period it covers, the sections that follow, and charts a black-and-white
printer can tell apart."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidInput
from core.exchange import report
from core.exchange.demo import create_demo
from core.exchange.report_charts import Kind, window
from core.model import Actor, Stage
from core.outcomes import AKPS
from core.rules.series import Series
from core.runback import Runback
from tests.conftest import START

DAY = dt.timedelta(days=1)


def akps(running: int) -> dict[str, int]:
    return {item.key: item.answers[0].points for item in AKPS.items} | {"running": running}


@pytest.fixture
def runner(runner_file, clock):
    """Eight weeks from START (a Monday), day 0 to day 55:

    - check-ins: 4 (setup), 4, 3, 3 on days 0–3; 1 on day 50 and 2 on day 55;
    - stage 2 set by the physio on day 7; the pain threshold raised on day 20;
    - strength: two whole sessions in week 1 (days 8, 11), one in week 2 (day 15), none
      in weeks 3 to 7;
    - AKPS 93 on day 0 (running "severe pain", 3 of 10), 100 on day 50.
    """
    rb = runner_file
    rb.take_questionnaire("akps", akps(3))
    for pain in (4, 3, 3):
        clock.advance()
        rb.check_in(pain)
    clock.day = START + 7 * DAY
    rb.set_stage(Stage.STRENGTH, "Calm enough in clinic", Actor.PHYSIO)
    for day in (8, 11, 15):
        clock.day = START + day * DAY
        for exercise in rb.protocol.exercises:
            rb.tick_exercise(exercise.key)
    clock.day = START + 20 * DAY
    rb.change_plan("pain.threshold", 3, "Tolerates more", Actor.PHYSIO)
    clock.day = START + 50 * DAY
    rb.check_in(1)
    rb.take_questionnaire("akps", akps(10))
    clock.day = START + 55 * DAY
    rb.check_in(2)
    return rb


def facts(made: report.Report) -> dict[str, str]:
    return dict(made.sections[0].facts)


def test_page_one_worked_out_by_hand(runner):
    made = report.build(runner)
    assert (made.start, made.end) == (START, START + 55 * DAY)
    assert made.heading == f"runner.db · goal: Run 10 km · {START} to {START + 55 * DAY}"
    summary = facts(made)
    assert summary["Stage"] == f"2 of 5: Restore strength and stability (since " \
                               f"{START + 7 * DAY})"
    assert summary["Side"] == "Left" and summary["Started"] == START.isoformat()
    # Mean of 4, 4, 3, 3 = 3.5 in days 0–27; of 1 and 2 = 1.5 in days 28–55: −2.0.
    assert summary["Pain trend"] == (
        f"Daily pain 3.5/10 in the first 4 weeks ({START} to {START + 27 * DAY}), 1.5/10 "
        f"in the last 4 ({START + 28 * DAY} to {START + 55 * DAY}): down (−2.0).")
    assert summary["Getting better?"] == (
        "Daily pain down (3.5 → 1.5/10, first and last 4 weeks); outcome scores since the "
        "first: 0 of 1 improved meaningfully.")
    assert summary["Is the plan safe?"] == ("In this period: 0 run spikes; 0 ladder "
                                            "step-backs; no limp or swelling.")
    # Weeks 1–7 planned, 2 each: 14; done 2 + 1 = 3, 21 %; weeks 3–7 none; last 4: 0 of 8.
    assert summary["Strength adherence"] == (
        "21 % (3 of 14 sessions over 7 weeks); 5 weeks with none; 0 % in the last 4 weeks.")
    assert summary["Plan changes"] == ("1 plan change (1 by the physio); 1 stage move "
                                       "(1 → 2 by the physio).")
    assert summary["Load flags"] == "None in this period."
    assert summary["Last decision"] == "No walk–run decision in this period."
    assert summary["Walk–run level"] == "Not on the ladder yet (it starts at level 1 of 8)."
    outcomes, changes = made.sections[0].tables
    # 93 → 100: +7, under the 10 points that matter.
    assert outcomes.rows == (("AKPS", f"93 ({START})", f"100 ({START + 50 * DAY})",
                              "+7 since the first: no meaningful change (10 or more "
                              "matters)"),)
    assert changes.rows == ((str(START + 20 * DAY), "Pain threshold (progress at or below)",
                             "Physio", "3 / 10",
                             "Tolerates more"),)


def test_the_sections_after_page_one(runner):
    made = report.build(runner)
    assert [s.title for s in made.sections] == ["Summary", "Charts", "Week by week",
                                                "History"]
    assert [c.title for c in made.sections[1].charts] == [
        "Pain (0–10)", "Strength sessions per week", "AKPS (0–100, higher is better)"]
    (weeks,) = made.sections[2].tables
    assert [row[0] for row in weeks.rows] == [str(START + 7 * w * DAY) for w in range(8)]
    assert weeks.rows[1][9] == "2/2 · 100 %" and weeks.rows[2][9] == "1/2 · 50 %"
    tables = {t.title: t for t in made.sections[3].tables}
    assert [row[1:3] for row in tables["Stage moves"].rows] == [
        ("Start", "start at 1"), ("Set", "1 → 2")]
    assert tables["Walk–run decisions"].rows == ()
    assert [row[:2] for row in tables["Outcome questionnaires"].rows] == [
        ("AKPS", str(START)), ("AKPS", str(START + 50 * DAY))]


def test_a_period_counts_only_its_own_days(runner):
    made = report.build(runner, START + 28 * DAY, START + 55 * DAY)
    summary = facts(made)
    assert summary["Pain trend"] == "Daily pain 1.5/10 on average over the period " \
                                    "(check-ins)."
    assert summary["Strength adherence"] == (
        "0 % (0 of 8 sessions over 4 weeks); 4 weeks with none; 0 % in the last 4 weeks.")
    assert summary["Plan changes"] == "None in this period."
    history = {t.title: t for t in made.sections[-1].tables}
    assert history["Stage moves"].rows == () and history["Plan changes"].rows == ()


def test_a_period_is_kept_within_the_programme(runner):
    made = report.build(runner, START - 30 * DAY, START + 400 * DAY)
    assert (made.start, made.end) == (START, START + 55 * DAY)
    with pytest.raises(InvalidInput, match="is after its end"):
        report.build(runner, START + 9 * DAY, START + 8 * DAY)
    with pytest.raises(InvalidInput, match="outside the programme"):
        report.build(runner, START - 30 * DAY, START - 10 * DAY)


def test_a_new_runner_gets_the_summary_alone(runner_file):
    made = report.build(runner_file)
    assert [s.title for s in made.sections] == ["Summary"]
    assert facts(made)["Pain trend"] == "Daily pain 4.0/10 on average over the period " \
                                        "(check-ins)."
    assert made.sections[0].tables[0].rows == ()


def test_a_file_without_a_runner_says_so(tmp_path):
    runback = Runback.create(tmp_path / "empty.db")
    made = report.build(runback)
    runback.close()
    (only,) = made.sections
    assert "no runner yet" in only.paragraphs[0] and not only.new_page


def test_a_series_is_cut_to_the_period_with_a_point_either_side():
    days = tuple(START + n * DAY for n in range(10))
    series = Series(days, tuple(float(n) for n in range(10)))
    cut = window(series, START + 3 * DAY, START + 5 * DAY)
    assert cut.values == (2.0, 3.0, 4.0, 5.0, 6.0)
    assert window(series, START - 5 * DAY, START + 20 * DAY) is series


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    runback = create_demo(tmp_path_factory.mktemp("demo") / "demo.db",
                          end=dt.date(2026, 11, 20))
    yield runback
    runback.close()


def test_the_demo_charts_tell_their_series_apart_without_colour(demo):
    charts = report.build(demo).sections[1].charts
    assert len(charts) == 11  # pain, running ×2, strength, cadence, load ×2, 4 scores
    for chart in charts:
        looks = [(layer.kind, layer.line, layer.marker, layer.fill)
                 for layer in chart.layers if layer.label]
        assert len(set(looks)) == len(looks), chart.title
        drawn = [layer for layer in chart.layers
                 if layer.kind in (Kind.LINE, Kind.POINTS, Kind.BARS)]
        assert any(len(layer.series) >= 2 for layer in drawn), chart.title
