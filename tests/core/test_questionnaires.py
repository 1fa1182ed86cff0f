"""Outcome questionnaires kept in the runner file (format 4): taken, back-dated, replaced
only when asked, deleted; each instrument's history against its first score; which set is
due today and why; the instruments the physio uses; rows another program broke."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from core.changes import Area
from core.errors import BrokenRow, InvalidInput
from core.model import Questionnaire, Stage
from core.outcomes import AKPS, KOOS_PF, PSFS, UWRI, DueReason, InstrumentKey, Verdict
from core.runback import Runback
from core.today_card import questionnaire_row
from tests.conftest import START, Clock
from tests.core.helpers_rows import assert_named_in_every_read

DAY = dt.timedelta(days=1)


def best(of) -> dict[str, int]:
    return {item.key: item.answers[0].points for item in of.items}


def akps(total: int) -> dict[str, int]:
    """An AKPS scoring ``total`` (100, 98, 96, 93 or 90): only running below its best."""
    return best(AKPS) | {"running": {100: 10, 98: 8, 96: 6, 93: 3, 90: 0}[total]}


@pytest.fixture
def runner(tmp_path):
    """A runner set up on START (stage 1), on a real file."""
    clock = Clock(START)
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=4, can_walk_30_min=False)
    yield runback, clock
    runback.close()


def reopened(runback: Runback, clock: Clock) -> Runback:
    path = runback.path
    runback.close()
    return Runback.open(path, clock=clock)


# --- stored in the file -------------------------------------------------------------------------

def test_questionnaires_round_trip_through_the_file(runner):
    runback, clock = runner
    changes = runback.take_questionnaire("akps", akps(90), notes="Before the first run.")
    assert changes.areas == frozenset({Area.OUTCOMES})
    koos = {item.key: 1 for item in KOOS_PF.items[:6]} | {"trust": None}  # 6 of 11 answered
    runback.take_questionnaire(InstrumentKey.KOOS_PF, koos)
    runback.take_questionnaire("psfs", {"Running downhill": 4, "Stairs — going down": 6,
                                        "Kneeling": 8})
    again = reopened(runback, clock)
    try:
        stored = again.log.questionnaires
        assert [(q.date, q.instrument) for q in stored] == [
            (START, InstrumentKey.AKPS), (START, InstrumentKey.KOOS_PF),
            (START, InstrumentKey.PSFS)]
        assert stored[0] == Questionnaire(START, InstrumentKey.AKPS, akps(90),
                                          "Before the first run.", stored[0].id,
                                          stored[0].recorded_at)
        assert stored[0].recorded_at.endswith("+00:00")
        assert stored[1].answers == {item.key: 1 for item in KOOS_PF.items[:6]}
        # the runner's order and words, exactly
        assert list(stored[2].answers.items()) == [
            ("Running downhill", 4), ("Stairs — going down", 6), ("Kneeling", 8)]
        scores = {h.instrument.key: h.latest.score.value for h in again.outcome_histories()
                  if h.latest is not None}
        # AKPS 100 − 10 = 90; KOOS-PF 100 − 1 × 25 = 75; PSFS (4 + 6 + 8) / 3 = 6
        assert scores == {InstrumentKey.AKPS: 90, InstrumentKey.KOOS_PF: 75,
                          InstrumentKey.PSFS: 6}
    finally:
        again.close()
    conn = sqlite3.connect(runback.path)  # plain SQLite: readable as DATA.md says
    try:
        row = conn.execute("SELECT instrument, answers FROM questionnaires "
                           "WHERE instrument = 'psfs'").fetchone()
    finally:
        conn.close()
    assert row == ("psfs", '{"Running downhill": 4, "Stairs — going down": 6, "Kneeling": 8}')


def test_a_questionnaire_answered_on_paper_is_back_dated(runner):
    runback, clock = runner
    clock.advance(10)
    runback.take_questionnaire("uwri", best(UWRI), date=START + 3 * DAY)
    assert runback.questionnaire_on("uwri", START + 3 * DAY) is not None
    assert runback.questionnaire_on("uwri", clock.day) is None
    with pytest.raises(InvalidInput):  # not after today
        runback.take_questionnaire("uwri", best(UWRI), date=clock.day + DAY)
    with pytest.raises(InvalidInput):  # not before the programme began
        runback.take_questionnaire("uwri", best(UWRI), date=START - DAY)
    assert len(runback.log.questionnaires) == 1


def test_a_second_of_an_instrument_on_one_day_is_refused_with_what_is_stored(runner):
    runback, clock = runner
    runback.take_questionnaire("akps", akps(93), notes="Sore after stairs.")
    first = runback.log.questionnaires[0]
    with pytest.raises(InvalidInput) as caught:
        runback.take_questionnaire("akps", akps(100))
    assert caught.value.field == "replace"
    message = str(caught.value)
    assert message.startswith(f"The AKPS of {START.isoformat()} is already stored: score 93 "
                              f"of 100 (Limping: 5; Standing on the leg: 5; Walking: 5; ")
    assert "; Running: 3; " in message and "). Notes: “Sore after stairs.”. " in message
    assert "replace it with these answers" in message
    assert list(runback.log.questionnaires) == [first]  # nothing saved
    # asked and confirmed: replaced, the same entry (id) with the new answers
    runback.take_questionnaire("akps", akps(100), replace=True)
    again = reopened(runback, clock)
    try:
        (stored,) = again.log.questionnaires
        assert (stored.id, stored.answers, stored.notes) == (first.id, akps(100), "")
        # another instrument that day, or the same one the next day: no question
        again.take_questionnaire("uwri", best(UWRI))
        clock.advance()
        again.take_questionnaire("akps", akps(100))
        assert len(again.log.questionnaires) == 3
    finally:
        again.close()


def test_a_questionnaire_that_gives_no_score_or_a_wrong_answer_is_refused(runner):
    runback, _ = runner
    twelve = best(AKPS)
    del twelve["thigh"]
    with pytest.raises(InvalidInput, match=r"^12 of 13 items answered: the AKPS needs every "
                                           r"item\. Nothing was saved\.$"):
        runback.take_questionnaire("akps", twelve)
    with pytest.raises(InvalidInput, match="5 of 11 items answered"):
        runback.take_questionnaire("koos_pf", {item.key: 0 for item in KOOS_PF.items[:5]})
    with pytest.raises(InvalidInput, match="4 is not one of its answers"):
        runback.take_questionnaire("akps", best(AKPS) | {"limp": 4})
    with pytest.raises(InvalidInput, match="Unknown questionnaire 'lysholm'"):
        runback.take_questionnaire("lysholm", {})
    assert not runback.log.questionnaires


def test_a_questionnaire_is_deleted(runner):
    runback, clock = runner
    runback.take_questionnaire("psfs", {"Stairs": 5})
    (taken,) = runback.log.questionnaires
    assert runback.delete_questionnaire(taken.id).areas == frozenset({Area.OUTCOMES})
    with pytest.raises(InvalidInput, match=f"no questionnaire number {taken.id}"):
        runback.delete_questionnaire(taken.id)
    again = reopened(runback, clock)
    try:
        assert not again.log.questionnaires
    finally:
        again.close()


# --- the history: each score against the first ----------------------------------------------------

def test_each_score_is_judged_against_the_first(runner):
    runback, clock = runner
    runback.take_questionnaire("akps", akps(90))  # the baseline
    for days, total in ((28, 98), (56, 100), (84, 90)):
        clock.day = START + days * DAY
        runback.take_questionnaire("akps", akps(total))
    history = runback.outcome_history("akps")
    assert history.instrument is AKPS
    assert [(s.score.value, s.change and s.change.verdict) for s in history.taken] == [
        (90, None),  # the baseline
        (98, Verdict.NO_MEANINGFUL_CHANGE),  # +8: below the 10 that matter
        (100, Verdict.IMPROVED),  # +10: exactly the meaningful change counts
        (90, Verdict.NO_MEANINGFUL_CHANGE)]  # back to the baseline
    assert history.baseline is history.taken[0] and history.latest is history.taken[-1]
    assert [questionnaire_row(AKPS, s) for s in history.taken[:3]] == [
        ((START).isoformat(), "90 of 100", "first score: the baseline"),
        ((START + 28 * DAY).isoformat(), "98 of 100", "+8 since the first: no meaningful "
                                                      "change (10 or more matters)"),
        ((START + 56 * DAY).isoformat(), "100 of 100", "+10 since the first: improved (10 "
                                                       "or more matters)")]


def test_a_fall_of_the_meaningful_change_is_worse_and_one_activity_needs_three(runner):
    runback, clock = runner
    runback.take_questionnaire("uwri", best(UWRI))  # 36
    runback.take_questionnaire("psfs", {"Running downhill": 5})
    clock.advance(28)
    # 8 items one step down: 36 − 8 = 28, −8
    runback.take_questionnaire("uwri", best(UWRI) | {item.key: 3 for item in UWRI.items[:8]})
    runback.take_questionnaire("psfs", {"Running downhill": 7})  # +2 of one activity
    uwri, psfs = (runback.outcome_history(key).latest for key in ("uwri", "psfs"))
    assert uwri.change.points == -8 and uwri.change.verdict is Verdict.WORSE
    assert psfs.change.meaningful_change == 3
    assert psfs.change.verdict is Verdict.NO_MEANINGFUL_CHANGE


def test_histories_show_the_instruments_used_then_any_other_taken(runner):
    runback, _ = runner
    assert [h.instrument for h in runback.outcome_histories()] == [AKPS, KOOS_PF, UWRI, PSFS]
    assert all(not h.taken for h in runback.outcome_histories())
    runback.take_questionnaire("koos_pf", {item.key: 0 for item in KOOS_PF.items})
    runback.set_instruments(["psfs", "akps"])
    assert runback.instruments_used() == (AKPS, PSFS)  # in the instruments' order
    assert [h.instrument for h in runback.outcome_histories()] == [AKPS, KOOS_PF, PSFS]


# --- what is due, and why ----------------------------------------------------------------------

def test_the_first_set_is_due_after_setup_until_each_is_taken(runner):
    runback, _ = runner
    due = runback.questionnaires_due()
    assert due is not None and due.due.reason is DueReason.SETUP and due.due.since == START
    assert due.instruments == (AKPS, KOOS_PF, UWRI, PSFS)
    assert due.words == ("Outcome questionnaires are due: the first set, to measure where "
                         "you start. To take: AKPS, KOOS-PF, UWRI, PSFS.")
    runback.take_questionnaire("akps", best(AKPS))
    runback.take_questionnaire("koos_pf", {item.key: 0 for item in KOOS_PF.items})
    half = runback.questionnaires_due()
    assert half is not None and half.instruments == (UWRI, PSFS)
    assert half.words.endswith("To take: UWRI, PSFS.")
    runback.take_questionnaire("uwri", best(UWRI))
    runback.take_questionnaire("psfs", {"Stairs": 6})
    assert runback.questionnaires_due() is None


def take_the_set(runback: Runback) -> None:
    for key, answers in (("akps", best(AKPS)), ("uwri", best(UWRI)), ("psfs", {"Stairs": 6}),
                         ("koos_pf", {item.key: 0 for item in KOOS_PF.items})):
        runback.take_questionnaire(key, answers)


def test_due_again_after_a_stage_change(runner):
    runback, clock = runner
    take_the_set(runback)
    clock.advance(9)
    assert runback.questionnaires_due() is None
    runback.set_stage(Stage.STRENGTH, "Calm for a week.")
    due = runback.questionnaires_due()
    assert due is not None and due.due.reason is DueReason.STAGE_CHANGE
    assert due.words == (f"Outcome questionnaires are due: you moved to stage 2 (Restore "
                         f"strength and stability) on {clock.day.isoformat()}. To take: "
                         f"AKPS, KOOS-PF, UWRI, PSFS.")
    # a set answered on paper before the move does not settle it; one on its day does
    runback.take_questionnaire("akps", best(AKPS), date=clock.day - DAY)
    assert AKPS in runback.questionnaires_due().instruments
    runback.take_questionnaire("akps", best(AKPS))
    assert AKPS not in runback.questionnaires_due().instruments


def test_due_every_few_weeks_as_the_setting_says(runner):
    runback, clock = runner
    take_the_set(runback)
    clock.day = START + 27 * DAY
    assert runback.questionnaires_due() is None
    clock.day = START + 28 * DAY
    runback.refresh()
    due = runback.questionnaires_due()
    assert due is not None and due.due.reason is DueReason.INTERVAL
    assert due.words.startswith(f"Outcome questionnaires are due: 4 weeks since the last set "
                                f"({START.isoformat()}).")
    take_the_set(runback)
    runback.change_plan("outcomes.every_weeks", 2, "Closer follow-up.")
    clock.day = START + 42 * DAY
    runback.refresh()
    assert runback.questionnaires_due().due.reason is DueReason.INTERVAL


def test_only_the_instruments_the_physio_uses_fall_due_and_the_choice_is_kept(runner):
    runback, clock = runner
    changes = runback.set_instruments([InstrumentKey.UWRI, "akps", "akps"])
    assert changes.areas == frozenset({Area.OUTCOMES})
    assert runback.questionnaires_due().instruments == (AKPS, UWRI)
    with pytest.raises(InvalidInput, match="Unknown questionnaire 'kujala'"):
        runback.set_instruments(["kujala"])
    again = reopened(runback, clock)
    try:
        assert again.profile.instruments == (InstrumentKey.AKPS, InstrumentKey.UWRI)
        assert again.instruments_used() == (AKPS, UWRI)
        again.set_instruments([])
        assert again.questionnaires_due() is None and again.instruments_used() == ()
    finally:
        again.close()


def test_what_is_due_is_the_same_from_the_first_view(runner):
    """Questionnaires are read whole for the first view: Today can say one is due before
    the rest of the file is read."""
    runback, clock = runner
    runback.take_questionnaire("akps", best(AKPS))
    runback.set_instruments(["akps", "psfs"])
    clock.advance(3)
    path = runback.path
    runback.close()
    first = Runback.open(path, clock=clock)
    try:
        first.start_reading()
        due, histories = first.questionnaires_due(), first.outcome_histories()
        assert not first.all_read
        assert due is not None and due.instruments == (PSFS,)
        first.read_all()
        first.refresh()
        assert (first.questionnaires_due(), first.outcome_histories()) == (due, histories)
    finally:
        first.close()


# --- rows another program broke ----------------------------------------------------------------

BROKEN = [
    pytest.param("UPDATE questionnaires SET answers = json_set(answers, '$.limp', 4)",
                 "answers", "AKPS, “Limping”: 4 is not one of its answers (5, 3, 0)",
                 id="an answer out of range"),
    pytest.param("UPDATE questionnaires SET answers = '{\"limp\": 5'", "answers",
                 "is not JSON", id="answers that are not JSON"),
    pytest.param("UPDATE questionnaires SET answers = '[5, 5, 5]'", "answers",
                 "is not a JSON object of answers", id="answers not by item"),
    pytest.param("UPDATE questionnaires SET instrument = 'lysholm'", "instrument",
                 "'lysholm' is not one of akps, koos_pf, uwri, psfs", id="an unknown instrument"),
    pytest.param("UPDATE questionnaires SET date = '02/03/2026'", "date", "ISO form",
                 id="a date not in ISO form"),
]


def broken_file(runner, sql: str, checks: bool = False):
    runback, _ = runner
    runback.take_questionnaire("akps", best(AKPS))
    path = runback.path
    runback.close()
    conn = sqlite3.connect(path)
    try:
        if not checks:  # a program that turns SQLite's CHECKs off (or predates them)
            conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    return path


@pytest.mark.parametrize("sql, column, words", BROKEN)
def test_a_broken_questionnaire_row_is_named_never_a_crash(runner, sql, column, words):
    path = broken_file(runner, sql)
    assert_named_in_every_read(path, runner[1], "questionnaires", column, words)


def test_sqlite_itself_refuses_an_unknown_instrument_or_answers_not_json(runner):
    with pytest.raises(sqlite3.IntegrityError):
        broken_file(runner, "UPDATE questionnaires SET instrument = 'lysholm'", checks=True)
    conn = sqlite3.connect(runner[0].path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE questionnaires SET answers = 'limp 5'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO questionnaires (date, instrument, answers, recorded_at) "
                         "SELECT date, instrument, answers, recorded_at FROM questionnaires")
    finally:
        conn.close()


def test_a_broken_list_of_instruments_names_the_profile_column(runner):
    path = broken_file(runner, "UPDATE profile SET instruments = '[\"akps\", \"kujala\"]'",
                       checks=True)
    opened = Runback.open(path, clock=runner[1])
    try:
        with pytest.raises(BrokenRow) as caught:
            opened.start_reading()
    finally:
        opened.close()
    assert (caught.value.table, caught.value.column) == ("profile", "instruments")
    assert "is not a JSON array of questionnaire keys" in str(caught.value)
