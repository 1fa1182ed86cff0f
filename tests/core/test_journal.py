"""The journal: every day's entries newest first, filtered; and the walk–run decisions an
edit would change, named before it is saved (nothing saved meanwhile)."""

from __future__ import annotations

from core.journal import Kind
from core.model import Stage, Verdict
from tests.core.helpers_metrics import DAY, MONDAY, runner


def walk_run_judged():
    """A walk–run on Wednesday, its morning before and the next morning (both 1/10)."""
    rb, clock = runner(Stage.RETURN_TO_RUN, today=MONDAY + 2 * DAY)
    rb.check_in(1, taken="before_session")
    rb.log_walk_run(8, 1, 2, 1, 4, notes="flat loop")
    clock.set(MONDAY + 3 * DAY)
    rb.check_in(1, "Fine")
    rb.log_sleep(7.5)
    return rb, clock


def test_days_come_newest_first_with_every_kind_of_entry():
    rb, _ = walk_run_judged()
    days = rb.journal()
    assert [day.date for day in days] == sorted((day.date for day in days), reverse=True)
    thursday = days[0]
    assert [(e.kind, e.text) for e in thursday.entries] == [
        (Kind.CHECK_IN, "knee pain 1/10 “Fine”"), (Kind.SLEEP, "7.5 hours")]
    (walk_run,) = [e for e in days[1].entries if e.kind is Kind.SESSION]
    assert walk_run.text == ("level 1: 8 × 1 min run / 2 min walk, pain during 1/10, "
                             "effort 4/10, “flat loop”")


def test_the_filter_keeps_a_kind_and_words_in_any_case():
    rb, _ = walk_run_judged()
    assert [e.title for d in rb.journal(Kind.SESSION) for e in d.entries] == ["Walk–run"]
    assert [e.text for d in rb.journal(text="FLAT") for e in d.entries] == [
        "level 1: 8 × 1 min run / 2 min walk, pain during 1/10, effort 4/10, “flat loop”"]
    assert rb.journal(Kind.SLEEP, "loop") == []


def test_a_worse_next_morning_is_named_as_a_step_back_and_nothing_is_saved():
    rb, _ = walk_run_judged()
    morning = rb.journal(Kind.CHECK_IN)[0].entries[0]
    before = rb.decisions()
    assert rb.what_would_change(morning, {"pain": 1, "notes": "Fine"}) == []
    said = rb.what_would_change(morning, {"pain": 6, "notes": ""})
    assert said == [f"Walk–run of {(MONDAY + 2 * DAY).isoformat()}: "
                    f"{_words(before[-1])} → Step back (level 1)"]
    assert rb.decisions() == before and rb.log.check_ins.get(morning.date).pain == 1


def test_deleting_the_walk_run_names_its_decision_going():
    rb, _ = walk_run_judged()
    session = rb.journal(Kind.SESSION)[0].entries[0]
    (said,) = rb.what_would_change(session, None)
    assert said.startswith(f"Walk–run of {(MONDAY + 2 * DAY).isoformat()}: its decision (")
    assert said.endswith(") goes")
    rb.delete_entry(session)
    assert rb.decisions() == ()


def test_a_session_corrected_in_the_journal_is_judged_again():
    rb, _ = walk_run_judged()
    session = rb.log.sessions[-1]
    rb.edit_session(session.id, pain_during=5)
    assert rb.decisions()[-1].verdict is Verdict.STEP_BACK


def _words(decision) -> str:
    from core.today_card import verdict_words

    return f"{verdict_words(decision)} (level {decision.level})"

