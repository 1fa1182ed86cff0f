"""The physio's discharge (format 6): recorded with a date and a note, re-opened; the last
set of questionnaires due at discharge and settled by a set taken on or after it; Today
says the programme is finished; the rules judge later entries as before; page 1 of the
report names it; a row another program broke is named."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from core.changes import Area
from core.errors import InvalidInput
from core.exchange.report import build
from core.model import Actor, Stage
from core.outcomes import AKPS, UWRI, DueReason
from core.runback import Runback
from tests.conftest import START, Clock
from tests.core.helpers_engine import Runner
from tests.core.helpers_rows import assert_named_in_every_read
from tests.core.test_questionnaires import best, reopened

DAY = dt.timedelta(days=1)


@pytest.fixture
def runner(tmp_path):
    """A runner set up on START with the AKPS and UWRI taken, a week later, on a file."""
    clock = Clock(START)
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    runback.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
    runback.set_instruments(["akps", "uwri"])
    take_the_set(runback)
    clock.advance(7)
    yield runback, clock
    runback.close()


def take_the_set(runback: Runback, date: dt.date | None = None) -> None:
    for key, of in (("akps", AKPS), ("uwri", UWRI)):
        runback.take_questionnaire(key, best(of), date=date)


def test_a_discharge_is_kept_with_its_date_note_and_physio(runner):
    runback, clock = runner
    changes = runback.discharge(clock.day - DAY, "Running 5 km pain-free; sees us in June.")
    assert changes.areas == frozenset({Area.DISCHARGE})
    again = reopened(runback, clock)
    try:
        discharge = again.discharged()
        assert discharge is not None
        assert (discharge.date, discharge.note, discharge.actor) == (
            clock.day - DAY, "Running 5 km pain-free; sees us in June.", Actor.PHYSIO)
    finally:
        again.close()


def test_the_last_set_is_due_at_discharge_and_one_taken_on_or_after_it_settles_it(runner):
    runback, clock = runner
    assert runback.questionnaires_due() is None
    runback.discharge(note="Goal reached.")
    due = runback.questionnaires_due()
    assert due is not None and due.due.reason is DueReason.DISCHARGE
    assert due.instruments == (AKPS, UWRI) and due.due.since == clock.day
    assert due.words == (f"Outcome questionnaires are due: the last set, at discharge "
                         f"({clock.day.isoformat()}). To take: AKPS, UWRI.")
    # answered on paper the day before the discharge: it does not settle it
    runback.take_questionnaire("akps", best(AKPS), date=clock.day - DAY)
    assert runback.questionnaires_due().instruments == (AKPS, UWRI)
    clock.advance(2)  # taken two days after the discharge: it does
    runback.refresh()
    take_the_set(runback)
    assert runback.questionnaires_due() is None
    clock.advance(60)  # the set at discharge was the last: no four-weekly set after it
    runback.refresh()
    assert runback.questionnaires_due() is None


def test_re_opening_clears_the_discharge_and_keeps_it_in_the_history(runner):
    runback, clock = runner
    runback.discharge(note="Goal reached.")
    clock.advance(3)
    changes = runback.reopen()
    assert changes.areas == frozenset({Area.DISCHARGE})
    assert runback.discharged() is None
    assert runback.questionnaires_due() is None  # the last set was 10 days ago: not due
    assert "finished" not in runback.today_card()["today"]["stage_label"]
    again = reopened(runback, clock)
    try:
        assert again.discharged() is None
        (kept,) = again.discharge_history()
        assert (kept.note, kept.reopened_on) == ("Goal reached.", clock.day)
        again.discharge(note="Now for good.")  # discharged again, on another day
        assert again.discharged().note == "Now for good."
        assert len(again.discharge_history()) == 2
    finally:
        again.close()


def test_what_cannot_be_discharged_or_re_opened_is_refused(runner):
    runback, clock = runner
    with pytest.raises(InvalidInput, match="not discharged: there is nothing to re-open"):
        runback.reopen()
    with pytest.raises(InvalidInput, match="in the future"):
        runback.discharge(clock.day + DAY)
    with pytest.raises(InvalidInput, match="before the programme started"):
        runback.discharge(START - DAY)
    runback.discharge(note="Goal reached.")
    with pytest.raises(InvalidInput, match=r"already discharged on .* re-open the programme"):
        runback.discharge()
    assert len(runback.discharge_history()) == 1


def test_sqlite_itself_keeps_one_discharge_in_force(runner):
    runback, _ = runner
    runback.discharge()
    with pytest.raises(sqlite3.IntegrityError):
        runback.store.conn.execute(
            "INSERT INTO discharges (date, actor, recorded_at) VALUES ('2026-03-03', "
            "'physio', '')")


def test_today_says_the_programme_is_finished_and_still_takes_check_ins(runner):
    runback, clock = runner
    runback.discharge(clock.day - DAY, "Back to club runs.")
    today = runback.today_card()["today"]
    day = (clock.day - DAY).isoformat()
    assert today["stage_label"].startswith(f"Programme finished on {day} · Stage 2 of 5")
    assert today["discharged"] == day
    assert today["details"].startswith(
        f"Programme finished: your physio discharged you on {day}. Your physio's note: "
        f"“Back to club runs.” You can still check in and log sessions")
    runback.reopen()
    runback.discharge(note="Moving away")  # a note without a full stop gets one
    assert "“Moving away”. You can still" in runback.today_card()["today"]["details"]
    runback.check_in(1)
    assert runback.today_card()["check_in"]["pain"] == 1
    path = runback.path
    runback.close()
    first = Runback.open(path, clock=clock)  # Today from the first view says the same
    try:
        first.start_reading()
        card = first.today_card()
        assert not first.all_read
        first.read_all()
        first.refresh()
        assert card == first.today_card()
        assert card["today"]["discharged"] == clock.day.isoformat()
    finally:
        first.close()


def test_a_walk_run_after_discharge_is_kept_and_judged_as_usual():
    """The rules do not read the discharge: the same sessions decide the same, and no
    wrong advance comes of it."""
    def journey(discharged: bool):
        runner = Runner(stage=Stage.RETURN_TO_RUN)
        if discharged:
            runner.on(0).discharge(note="Moving away; carries on alone.")
        for offset, pain in ((1, 1), (3, 4), (5, 1), (7, 1)):
            runner.check_in(offset, 1)
            runner.walk_run(offset, pain=pain)
            runner.check_in(offset + 1, 1)
        return runner.app
    plain, after = journey(False), journey(True)
    assert after.discharged() is not None and plain.discharged() is None
    assert len(after.decisions()) == 4
    assert after.decisions() == plain.decisions()
    assert after.ladder.level == plain.ladder.level


def test_page_1_of_the_report_names_the_discharge(runner):
    runback, clock = runner
    assert "Discharged" not in dict(build(runback).sections[0].facts)
    runback.discharge(clock.day - DAY, "Goal reached.\nSees us in June.")
    facts = dict(build(runback).sections[0].facts)
    assert facts["Discharged"] == (f"{(clock.day - DAY).isoformat()}, by the physio: Goal "
                                   f"reached. Sees us in June.")
    assert "Discharged" not in dict(build(runback, end=clock.day - 2 * DAY).sections[0].facts)


BROKEN = [
    pytest.param("UPDATE discharges SET date = '02/03/2026'", "date", "ISO form",
                 id="a date not in ISO form"),
    pytest.param("UPDATE discharges SET actor = 'coach'", "actor",
                 "'coach' is not one of runner, physio, app", id="an unknown actor"),
    pytest.param("UPDATE discharges SET reopened_on = 'yesterday'", "reopened_on", "ISO form",
                 id="a re-open day not in ISO form"),
]


@pytest.mark.parametrize("sql, column, words", BROKEN)
def test_a_broken_discharge_row_is_named_never_a_crash(runner, sql, column, words):
    runback, clock = runner
    runback.discharge()
    path = runback.path
    runback.close()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()
    assert_named_in_every_read(path, clock, "discharges", column, words)
