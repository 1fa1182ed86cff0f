"""The demo journey: lived through the facade, it tells the story the docs promise."""

import datetime as dt

import pytest

from core.errors import InvalidInput
from core.exchange import export
from core.exchange.demo import create_demo
from core.model import Rule, SessionKind, Stage, StageEventKind, Verdict

END = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    runback = create_demo(tmp_path_factory.mktemp("demo") / "demo.db", end=END)
    yield runback
    runback.close()


def test_the_journey_spans_the_weeks_asked_for(demo):
    rows = demo.weekly_rows()
    assert demo.log.profile.start_date == END - dt.timedelta(days=16 * 7 - 1)
    assert len(rows) >= 16


def test_it_moves_through_every_stage_by_accepted_suggestions(demo):
    accepted = [e for e in demo.log.stage_events if e.kind is StageEventKind.ACCEPTED]
    assert [e.to_stage for e in accepted] == [Stage.STRENGTH, Stage.MECHANICS,
                                               Stage.RETURN_TO_RUN, Stage.PERFORMANCE]
    suggested = [e for e in demo.log.stage_events if e.kind is StageEventKind.SUGGESTED]
    assert {e.to_stage for e in accepted} <= {e.to_stage for e in suggested}


def test_it_has_a_flare_with_step_backs_and_a_declined_move_back(demo):
    verdicts = [d.verdict for d in demo.decisions()]
    assert Verdict.STEP_BACK in verdicts and Verdict.ADVANCE in verdicts
    assert any(d.rule == Rule.STOP_THRESHOLD for d in demo.decisions())
    declined = [e for e in demo.log.stage_events if e.kind is StageEventKind.DECLINED]
    assert declined and declined[0].to_stage < declined[0].from_stage


def test_it_has_missed_strength_weeks_and_a_load_spike(demo):
    rows = demo.weekly_rows()
    planned = [r for r in rows if r.adherence.planned]
    assert any(r.adherence.done == 0 for r in planned)
    assert any(r.adherence.partial for r in planned)
    assert any(any(f.startswith("spike") for f in r.load.flags) for r in rows
               if r.stage is Stage.PERFORMANCE)


def test_it_logs_every_kind_of_entry(demo):
    kinds = {s.kind for s in demo.log.sessions}
    assert kinds == set(SessionKind)
    assert demo.log.readiness and demo.log.sleep and demo.log.cadence_baselines
    assert demo.log.plan_changes


def test_the_same_demo_twice_gives_the_same_export(tmp_path):
    outputs = []
    for name in ("a", "b"):
        runback = create_demo(tmp_path / f"{name}.db", weeks=6, end=END)
        export.export(runback, tmp_path / name)
        outputs.append([(tmp_path / name / export.file_name(runback, end)).read_bytes()
                        for end in (export.SUMMARY_FILE, export.SESSIONS_FILE)])
        runback.close()
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("weeks", [0, -1, 521, 2.5, "16", True])
def test_bad_lengths_are_refused_before_any_file_is_made(tmp_path, weeks):
    with pytest.raises(InvalidInput, match="Weeks must be"):
        create_demo(tmp_path / "x.db", weeks=weeks)
    assert not (tmp_path / "x.db").exists()
