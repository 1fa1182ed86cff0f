"""Bad values at the core API: each is refused with a message naming the field, and the
runner's file is left exactly as it was. Hostile but valid notes are kept exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from core.errors import InvalidInput
from core.model import (
    Activity,
    CheckInEntry,
    CrossTrainingEntry,
    RunEntry,
    RunType,
    Stage,
    Taken,
    WalkRunEntry,
)
from core.runback import Runback
from tests.core.helpers_metrics import DAY, MONDAY, Clock, runner

START = MONDAY
TODAY = MONDAY + 10 * DAY  # 2024-01-11, a Thursday
TOMORROW = TODAY + DAY
BEFORE_START = START - DAY
A_DATETIME = dt.datetime(2024, 1, 5, 9, 30)
NAN, INF = math.nan, math.inf
TOO_LONG = "x" * 5001


def cross(rb: Runback, **change):
    values = {"activity": "bike", "minutes": 30, "effort": 4, "pain_during": 1} | change
    return rb.log_cross_training(**values)


def walk_run(rb: Runback, **change):
    values = {"rounds": 8, "run_minutes": 1, "walk_minutes": 2, "pain_during": 1,
              "effort": 4} | change
    return rb.log_walk_run(WalkRunEntry(**values))


def run(rb: Runback, **change):
    values = {"run_type": "easy", "minutes": 30, "effort": 4, "pain_during": 1} | change
    return rb.log_run(**values)


def p(call, field, id, shown=None):
    """One bad call: the field it must name (and the text the message must show)."""
    return pytest.param(call, field, shown or field, id=id)


BAD_CALLS = [
    # daily check-in: pain, date, notes
    p(lambda rb: rb.check_in(-1), "pain", "check-in pain -1"),
    p(lambda rb: rb.check_in(11), "pain", "check-in pain 11"),
    p(lambda rb: rb.check_in(2.5), "pain", "check-in pain 2.5"),
    p(lambda rb: rb.check_in(2.0), "pain", "check-in pain 2.0 (a float)"),
    p(lambda rb: rb.check_in(NAN), "pain", "check-in pain NaN"),
    p(lambda rb: rb.check_in(INF), "pain", "check-in pain infinity"),
    p(lambda rb: rb.check_in(-INF), "pain", "check-in pain minus infinity"),
    p(lambda rb: rb.check_in("3"), "pain", "check-in pain as text"),
    p(lambda rb: rb.check_in(None), "pain", "check-in pain missing"),
    p(lambda rb: rb.check_in(True), "pain", "check-in pain True"),
    p(lambda rb: rb.check_in(10**5000), "pain", "check-in pain of 5000 digits"),
    p(lambda rb: rb.check_in(1, date=TOMORROW), "date", "check-in tomorrow"),
    p(lambda rb: rb.check_in(1, date=BEFORE_START), "date", "check-in before the start"),
    p(lambda rb: rb.check_in(1, date=A_DATETIME), "date", "check-in date is a datetime"),
    p(lambda rb: rb.check_in(1, date="2024-01-05"), "date", "check-in date as text"),
    p(lambda rb: rb.check_in(1, notes="a\x00b"), "notes", "notes with NUL"),
    p(lambda rb: rb.check_in(1, notes="bell\x07"), "notes", "notes with BEL"),
    p(lambda rb: rb.check_in(1, notes="\x1b[31mred"), "notes", "notes with ESC"),
    p(lambda rb: rb.check_in(1, notes="a\x0bb"), "notes", "notes with vertical tab"),
    p(lambda rb: rb.check_in(1, notes="a\x7fb"), "notes", "notes with DEL"),
    p(lambda rb: rb.check_in(1, notes="a\x85b"), "notes", "notes with C1 next-line"),
    p(lambda rb: rb.check_in(1, notes="\x9b2J"), "notes", "notes with C1 CSI"),
    p(lambda rb: rb.check_in(1, notes="bad \ud800 half"), "notes", "notes with lone surrogate"),
    p(lambda rb: rb.check_in(1, notes="\udfff"), "notes", "notes with lone low surrogate"),
    p(lambda rb: rb.check_in(1, notes=TOO_LONG), "notes", "notes of 5001 characters"),
    p(lambda rb: rb.check_in(1, notes=123), "notes", "notes as a number"),
    p(lambda rb: rb.check_in(1, notes=b"bytes"), "notes", "notes as bytes"),
    # cross-training
    p(lambda rb: cross(rb, activity="run"), "activity", "cross-training activity unknown"),
    p(lambda rb: cross(rb, activity="BIKE"), "activity", "cross-training activity upper case"),
    p(lambda rb: cross(rb, activity=None), "activity", "cross-training activity missing"),
    p(lambda rb: cross(rb, minutes=-5), "minutes", "cross-training minutes negative"),
    p(lambda rb: cross(rb, minutes=0), "minutes", "cross-training minutes zero"),
    p(lambda rb: cross(rb, minutes=0.2), "minutes", "cross-training minutes 0.2"),
    p(lambda rb: cross(rb, minutes=601), "minutes", "cross-training minutes over 10 hours"),
    p(lambda rb: cross(rb, minutes=1e9), "minutes", "cross-training minutes a billion"),
    p(lambda rb: cross(rb, minutes=10**400), "minutes", "cross-training minutes 10**400"),
    p(lambda rb: cross(rb, minutes=-(10**400)), "minutes", "cross-training minutes -10**400"),
    p(lambda rb: cross(rb, minutes=NAN), "minutes", "cross-training minutes NaN"),
    p(lambda rb: cross(rb, minutes=INF), "minutes", "cross-training minutes infinity"),
    p(lambda rb: cross(rb, minutes="30"), "minutes", "cross-training minutes as text"),
    p(lambda rb: cross(rb, minutes=True), "minutes", "cross-training minutes True"),
    p(lambda rb: cross(rb, minutes=None), "minutes", "cross-training minutes missing"),
    p(lambda rb: cross(rb, effort=-1), "effort", "cross-training effort -1"),
    p(lambda rb: cross(rb, effort=11), "effort", "cross-training effort 11"),
    p(lambda rb: cross(rb, effort=4.5), "effort", "cross-training effort 4.5"),
    p(lambda rb: cross(rb, effort=None), "effort", "cross-training effort missing"),
    p(lambda rb: cross(rb, pain_during=11), "pain during", "cross-training pain 11"),
    p(lambda rb: cross(rb, pain_during=-1), "pain during", "cross-training pain -1"),
    p(lambda rb: cross(rb, pain_during=False), "pain during", "cross-training pain False"),
    p(lambda rb: cross(rb, date=TOMORROW), "date", "cross-training tomorrow"),
    p(lambda rb: cross(rb, date=BEFORE_START), "date", "cross-training before the start"),
    p(lambda rb: cross(rb, notes="\x00"), "notes", "cross-training notes NUL"),
    # walk–run
    p(lambda rb: walk_run(rb, rounds=0), "rounds", "walk–run zero rounds"),
    p(lambda rb: walk_run(rb, rounds=-1), "rounds", "walk–run negative rounds"),
    p(lambda rb: walk_run(rb, rounds=2.5), "rounds", "walk–run 2.5 rounds"),
    p(lambda rb: walk_run(rb, rounds=61), "rounds", "walk–run 61 rounds"),
    p(lambda rb: walk_run(rb, run_minutes=0), "run minutes per round", "walk–run no running"),
    p(lambda rb: walk_run(rb, run_minutes=-1), "run minutes per round",
      "walk–run negative running"),
    p(lambda rb: walk_run(rb, run_minutes=181), "run minutes per round",
      "walk–run 181 min a round"),
    p(lambda rb: walk_run(rb, run_minutes=NAN), "run minutes per round", "walk–run run NaN"),
    p(lambda rb: walk_run(rb, walk_minutes=-1), "walk minutes per round",
      "walk–run negative walking"),
    p(lambda rb: walk_run(rb, walk_minutes=INF), "walk minutes per round",
      "walk–run infinite walking"),
    p(lambda rb: walk_run(rb, walk_minutes=61), "walk minutes per round",
      "walk–run 61 min walking a round"),
    p(lambda rb: walk_run(rb, rounds=60, run_minutes=9, walk_minutes=2), "minutes",
      "walk–run of 11 hours in all"),
    p(lambda rb: walk_run(rb, pain_during=-1), "pain during", "walk–run pain -1"),
    p(lambda rb: walk_run(rb, pain_during=11), "pain during", "walk–run pain 11"),
    p(lambda rb: walk_run(rb, pain_during=None), "pain during", "walk–run pain missing"),
    p(lambda rb: walk_run(rb, effort=None), "effort", "walk–run effort missing"),
    p(lambda rb: walk_run(rb, effort=12), "effort", "walk–run effort 12"),
    p(lambda rb: walk_run(rb, level=0), "level", "walk–run level 0"),
    p(lambda rb: walk_run(rb, level=9), "level", "walk–run level above the ladder"),
    p(lambda rb: walk_run(rb, level="2"), "level", "walk–run level as text"),
    p(lambda rb: walk_run(rb, limp="no"), "limp", "walk–run limp as text"),
    p(lambda rb: walk_run(rb, limp=None), "limp", "walk–run limp missing"),
    p(lambda rb: walk_run(rb, swelling=0), "swelling", "walk–run swelling as 0"),
    p(lambda rb: walk_run(rb, cadence=99), "cadence", "walk–run cadence 99"),
    p(lambda rb: walk_run(rb, cadence=251), "cadence", "walk–run cadence 251"),
    p(lambda rb: walk_run(rb, cadence=170.5), "cadence", "walk–run cadence 170.5"),
    p(lambda rb: walk_run(rb, cue_under_body="yes"), "cue: land under the body",
      "walk–run cue as text"),
    p(lambda rb: walk_run(rb, cue_tall_trunk=1), "cue: tall steady trunk",
      "walk–run cue as 1"),
    p(lambda rb: walk_run(rb, date=TOMORROW), "date", "walk–run tomorrow"),
    p(lambda rb: walk_run(rb, notes="\x1f"), "notes", "walk–run notes unit separator"),
    # continuous runs
    p(lambda rb: run(rb, run_type="tempo"), "run type", "run type unknown"),
    p(lambda rb: run(rb, run_type=3), "run type", "run type a number"),
    p(lambda rb: run(rb, minutes=0), "minutes", "run zero minutes"),
    p(lambda rb: run(rb, minutes=-30), "minutes", "run negative minutes"),
    p(lambda rb: run(rb, minutes=6000), "minutes", "run 100 hours"),
    p(lambda rb: run(rb, effort=-1), "effort", "run effort -1"),
    p(lambda rb: run(rb, pain_during=2.5), "pain during", "run pain 2.5"),
    p(lambda rb: run(rb, distance_km=0), "distance", "run distance zero"),
    p(lambda rb: run(rb, distance_km=-3), "distance", "run distance negative"),
    p(lambda rb: run(rb, distance_km=301), "distance", "run distance 301 km"),
    p(lambda rb: run(rb, distance_km=NAN), "distance", "run distance NaN"),
    p(lambda rb: run(rb, cadence=0), "cadence", "run cadence 0"),
    p(lambda rb: run(rb, swelling="false"), "swelling", "run swelling as text"),
    p(lambda rb: run(rb, date=A_DATETIME), "date", "run date is a datetime"),
    p(lambda rb: rb.log_mobility(241), "minutes", "mobility over 4 hours"),
    p(lambda rb: rb.log_mobility(0), "minutes", "mobility zero minutes"),
    # strength
    p(lambda rb: rb.tick_exercise("burpee"), "exercise", "tick an unknown exercise",
      shown="'burpee'"),
    p(lambda rb: rb.tick_exercise("plank", pain=11), "exercise pain", "exercise pain 11"),
    p(lambda rb: rb.tick_exercise("plank", pain=-1), "exercise pain", "exercise pain -1"),
    p(lambda rb: rb.tick_exercise("plank", pain="0"), "exercise pain", "exercise pain text"),
    p(lambda rb: rb.tick_exercise("plank", date=TOMORROW), "date", "tick tomorrow"),
    p(lambda rb: rb.tick_exercise("plank", date=BEFORE_START), "date", "tick before start"),
    p(lambda rb: rb.delete_session(999), "session", "delete a session that is not there"),
    # sleep, cadence, readiness
    p(lambda rb: rb.log_sleep(-1), "sleep", "sleep -1 hours"),
    p(lambda rb: rb.log_sleep(25), "sleep", "sleep 25 hours"),
    p(lambda rb: rb.log_sleep(NAN), "sleep", "sleep NaN hours"),
    p(lambda rb: rb.log_sleep("8"), "sleep", "sleep as text"),
    p(lambda rb: rb.log_sleep(None), "sleep", "sleep missing"),
    p(lambda rb: rb.log_sleep(8, date=TOMORROW), "date", "sleep tomorrow"),
    p(lambda rb: rb.set_cadence_baseline(99), "baseline cadence", "baseline cadence 99"),
    p(lambda rb: rb.set_cadence_baseline(251), "baseline cadence", "baseline cadence 251"),
    p(lambda rb: rb.set_cadence_baseline(160.5), "baseline cadence", "baseline cadence 160.5"),
    p(lambda rb: rb.set_cadence_baseline("160"), "baseline cadence", "baseline cadence text"),
    p(lambda rb: rb.set_cadence_baseline(None), "baseline cadence", "baseline cadence missing"),
    p(lambda rb: rb.log_readiness("plank", True, 1), "test", "readiness test unknown"),
    p(lambda rb: rb.log_readiness("brisk_walk_30min", "yes", 1), "completed",
      "readiness completed as text"),
    p(lambda rb: rb.log_readiness("brisk_walk_30min", True, 11), "pain", "readiness pain 11"),
    p(lambda rb: rb.log_readiness("brisk_walk_30min", True, 1, notes="\x00"), "notes",
      "readiness notes NUL"),
    # the physio's changes
    p(lambda rb: rb.change_plan("pain.nope", 3, "typo"), "setting", "change an unknown setting"),
    p(lambda rb: rb.change_plan("pain.threshold", 11, "why"), "pain.threshold",
      "change the threshold to 11"),
    p(lambda rb: rb.change_plan("pain.threshold", 5, "why"), "pain.threshold",
      "change the threshold to the stop threshold"),
    p(lambda rb: rb.change_plan("pain.threshold", NAN, "why"), "pain.threshold",
      "change the threshold to NaN"),
    p(lambda rb: rb.change_plan("pain.threshold", INF, "why"), "pain.threshold",
      "change the threshold to infinity"),
    p(lambda rb: rb.change_plan("pain.threshold", 2.5, "why"), "pain.threshold",
      "change the threshold to 2.5"),
    p(lambda rb: rb.change_plan("load.ratio_caution", True, "why"), "load.ratio_caution",
      "change the ratio band to True"),
    p(lambda rb: rb.change_plan("walk_run.ladder", [], "why"), "walk_run.ladder",
      "change the ladder to nothing"),
    p(lambda rb: rb.change_plan("walk_run.level", 0, "why"), "walk–run level",
      "place the runner at level 0"),
    p(lambda rb: rb.change_plan("walk_run.level", 9, "why"), "walk–run level",
      "place the runner above the ladder"),
    p(lambda rb: rb.change_plan("pain.threshold", 3, ""), "reason", "change with no reason",
      shown="Say why the plan changes"),
    p(lambda rb: rb.change_plan("pain.threshold", 3, " \t\n"), "reason",
      "change with a blank reason", shown="Say why the plan changes"),
    p(lambda rb: rb.change_plan("pain.threshold", 3, "why\x00"), "reason",
      "change with a NUL in the reason"),
    p(lambda rb: rb.set_stage(0, "why"), "stage", "set stage 0"),
    p(lambda rb: rb.set_stage(6, "why"), "stage", "set stage 6"),
    p(lambda rb: rb.set_stage("3", "why"), "stage", "set stage as text"),
    p(lambda rb: rb.set_stage(3.0, "why"), "stage", "set stage 3.0"),
    p(lambda rb: rb.set_stage(True, "why"), "stage", "set stage True"),
    p(lambda rb: rb.set_stage(3, ""), "reason", "set stage with no reason",
      shown="Say why the stage changes"),
    p(lambda rb: rb.set_stage(3, TOO_LONG), "reason", "set stage with a 5001-char reason"),
    p(lambda rb: rb.accept_suggestion(), "stage", "accept when nothing is suggested"),
]


@pytest.fixture
def rb() -> Runback:
    runback, _ = runner(Stage.STRENGTH, start=START, today=TODAY)
    return runback


def snapshot(rb: Runback):
    return rb.store.counts(), rb.store.load()


def test_the_battery_is_big_enough():
    assert len(BAD_CALLS) >= 50


@pytest.mark.parametrize(("call", "field", "shown"), BAD_CALLS)
def test_a_bad_value_is_refused_by_name_and_changes_nothing(rb, call, field, shown):
    rb.check_in(1, notes="before")  # something in the file to keep
    before = snapshot(rb)
    with pytest.raises(InvalidInput) as error:
        call(rb)
    assert error.value.field == field
    assert shown.lower() in str(error.value).lower()
    assert snapshot(rb) == before


# --- first-run setup -------------------------------------------------------------------------

def setup(rb: Runback, **change):
    values = {"knee_problem": "patellofemoral_pain", "affected_side": "left",
              "current_pain": 1, "can_walk_30_min": True} | change
    return rb.setup(**values)


BAD_SETUPS = [
    p(lambda rb: setup(rb, knee_problem="ankle"), "knee problem", "setup knee problem unknown"),
    p(lambda rb: setup(rb, knee_problem=None), "knee problem", "setup knee problem missing"),
    p(lambda rb: setup(rb, affected_side="middle"), "affected side", "setup side unknown"),
    p(lambda rb: setup(rb, current_pain=11), "current pain", "setup pain 11"),
    p(lambda rb: setup(rb, current_pain=-1), "current pain", "setup pain -1"),
    p(lambda rb: setup(rb, current_pain=None), "current pain", "setup pain missing"),
    p(lambda rb: setup(rb, current_pain=1.5), "current pain", "setup pain 1.5"),
    p(lambda rb: setup(rb, can_walk_30_min="yes"), "can walk 30 minutes pain-free",
      "setup walk answer as text"),
    p(lambda rb: setup(rb, start_date=TOMORROW), "start date", "setup starts tomorrow"),
    p(lambda rb: setup(rb, start_date=A_DATETIME), "start date", "setup start a datetime"),
    p(lambda rb: setup(rb, goal="run\x00"), "goal", "setup goal with NUL"),
    p(lambda rb: setup(rb, goal=TOO_LONG), "goal", "setup goal of 5001 characters"),
    p(lambda rb: rb.check_in(1), "setup", "a check-in before setup"),
    p(lambda rb: rb.set_stage(3, "why"), "setup", "a stage before setup"),
]


@pytest.mark.parametrize(("call", "field", "shown"), BAD_SETUPS)
def test_a_bad_setup_is_refused_by_name_and_changes_nothing(call, field, shown):
    rb = Runback.in_memory(clock=Clock(TODAY))
    before = snapshot(rb)
    with pytest.raises(InvalidInput) as error:
        call(rb)
    assert error.value.field == field
    assert shown.lower() in str(error.value).lower()
    assert snapshot(rb) == before
    assert rb.needs_setup


def test_a_second_setup_is_refused_and_changes_nothing(rb):
    before = snapshot(rb)
    with pytest.raises(InvalidInput) as error:
        setup(rb, current_pain=6)
    assert error.value.field == "setup"
    assert snapshot(rb) == before


# --- hostile but valid notes -----------------------------------------------------------------

HOSTILE_NOTES = [
    pytest.param("'); DROP TABLE sessions;--", id="SQL injection"),
    pytest.param("x' OR '1'='1", id="SQL always-true"),
    pytest.param('"; DELETE FROM check_ins; --', id="SQL with double quote"),
    pytest.param("Knee 😀👍🏽 fine 🏃‍♀️", id="emoji with skin tone and joiner"),
    pytest.param("الركبة بخير اليوم", id="Arabic right-to-left"),
    pytest.param("הברך בסדר, 3 ק״מ", id="Hebrew right-to-left with digits"),
    pytest.param("\u202eevil.exe\u202c", id="right-to-left override"),
    pytest.param("tab\there\r\nCRLF\nnewline\rCR", id="tab, CR and newline"),
    pytest.param("=1+1", id="begins with ="),
    pytest.param("+SUM(A1:A9)", id="begins with +"),
    pytest.param("-2+3", id="begins with -"),
    pytest.param("@cmd", id="begins with @"),
    pytest.param('=HYPERLINK("http://example.com","x")', id="spreadsheet formula"),
    pytest.param("\tstarts with a tab", id="begins with tab"),
    pytest.param("  padded  ", id="spaces around are kept"),
    pytest.param("e\u0301 \u200d \u00a0 \u2028 \ufeff", id="combining, joiner, NBSP, LS, BOM"),
    pytest.param("%s %d {0} \\N \\x00", id="format strings and backslashes"),
    pytest.param("日本語のメモ", id="CJK"),
    pytest.param("x" * 5000, id="exactly 5000 characters"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", HOSTILE_NOTES)
def test_hostile_but_valid_notes_are_stored_and_read_back_exactly(rb, text):
    rb.check_in(2, notes=text)
    cross(rb, notes=text)
    rb.log_readiness("brisk_walk_30min", True, 1, notes=text)
    stored = rb.store.load()
    assert stored.check_ins[-1].notes == text
    assert stored.sessions[-1].notes == text
    assert stored.readiness[-1].notes == text
    assert rb.store.counts()["sessions"] == 1
    assert rb.store.check() == ["ok"]


@pytest.mark.parametrize("text", HOSTILE_NOTES)
def test_a_hostile_but_valid_goal_is_kept_exactly(text):
    rb = Runback.in_memory(clock=Clock(TODAY))
    setup(rb, goal=text)
    assert rb.store.load().profile.goal == text


def test_a_walk_run_logged_by_its_fields_is_the_same_as_logged_as_one_entry():
    """The keyword form builds the entry in the same call: the same session either way."""
    (by_entry, _), (by_fields, _) = (runner(Stage.RETURN_TO_RUN, START, TODAY)
                                     for _ in range(2))
    entry = WalkRunEntry(8, 1, 2, 1, 4, cadence=170, notes="flat loop", date=TODAY - DAY)
    assert by_entry.log_walk_run(entry) == by_fields.log_walk_run(
        8, 1, 2, 1, 4, cadence=170, notes="flat loop", date=TODAY - DAY)
    assert by_entry.log.sessions == by_fields.log.sessions
    with pytest.raises(TypeError):
        by_entry.log_walk_run(entry, notes="twice")


ENTRIES = [
    pytest.param(Stage.RETURN_TO_RUN, "check_in", lambda rb: rb.log.check_ins,
                 CheckInEntry(3, "stiff on the stairs", TODAY - DAY, Taken.BEFORE_SESSION,
                              swelling=True, stiffness=True), id="check-in"),
    pytest.param(Stage.PERFORMANCE, "log_run", lambda rb: rb.log.sessions,
                 RunEntry(RunType.HILLS, 40, 6, 2, distance_km=7.5, cadence=172,
                          cue_under_body=True, limp=False, swelling=False, notes="two hills",
                          date=TODAY - DAY), id="run"),
    pytest.param(Stage.CALM, "log_cross_training", lambda rb: rb.log.sessions,
                 CrossTrainingEntry(Activity.SWIM, 25, 3, 1, "easy lengths", TODAY - DAY),
                 id="cross-training"),
]


@pytest.mark.parametrize("stage, action, rows, entry", ENTRIES)
def test_an_entry_logged_by_its_fields_is_the_same_as_logged_as_one_value(stage, action,
                                                                           rows, entry):
    """As for the walk–run: the entry value, its fields by name or in order save the same
    row; an entry and fields at once is refused before anything is written."""
    by_entry, by_name, by_order = (runner(stage, START, TODAY)[0] for _ in range(3))
    fields = dataclasses.asdict(entry)
    assert getattr(by_entry, action)(entry) == getattr(by_name, action)(**fields) \
        == getattr(by_order, action)(*fields.values())
    assert rows(by_entry) == rows(by_name) == rows(by_order)
    assert rows(by_entry)[-1].notes == entry.notes  # the entry's row, saved
    before = rows(by_entry)
    with pytest.raises(TypeError):
        getattr(by_entry, action)(entry, notes="twice")
    with pytest.raises(TypeError):
        getattr(by_entry, action)(entry, entry)
    assert rows(by_entry) == before
