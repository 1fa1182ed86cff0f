"""The outcome questionnaires (docs/RULES.md, "Outcome questionnaires"): every score here
is worked out by hand in the comment beside it, so a physio can check it on paper."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import InvalidInput
from core.model import Actor, Stage, StageEvent, StageEventKind
from core.outcomes import (
    AKPS,
    INSTRUMENTS,
    KOOS_PF,
    PSFS,
    UWRI,
    DueReason,
    Instrument,
    Score,
    Verdict,
    classify,
    compare,
    due,
    instrument,
    score,
)
from core.rules import protocol as protocol_module


def best(of: Instrument) -> dict[str, int]:
    return {item.key: item.answers[0].points for item in of.items}


def worst(of: Instrument) -> dict[str, int]:
    return {item.key: item.answers[-1].points for item in of.items}


# --- the declarations ---------------------------------------------------------------------------

def test_each_instrument_is_declared_with_its_published_numbers():
    assert [len(i.items) for i in (AKPS, KOOS_PF, UWRI)] == [13, 11, 9]
    assert sum(max(item.points) for item in AKPS.items) == 100
    assert all(item.points == (0, 1, 2, 3, 4) for item in KOOS_PF.items)
    assert sum(max(item.points) for item in UWRI.items) == 36
    assert PSFS.activities is not None and (PSFS.activities.low, PSFS.activities.high) == (0, 10)
    assert {i.short_name: i.meaningful_change for i in INSTRUMENTS.values()} == {
        "AKPS": 10, "KOOS-PF": 16, "UWRI": 8, "PSFS": 2}
    assert PSFS.meaningful_change_one_activity == 3
    for each in INSTRUMENTS.values():
        assert each.name and each.source and each.higher_is_better
        keys = [item.key for item in each.items]
        assert len(keys) == len(set(keys)), each.short_name
        for item in each.items:
            assert item.label and all(a.text for a in item.answers)
            assert len(set(item.points)) == len(item.points), item.key


def test_the_kujala_item_scores_are_the_published_ones():
    assert {item.key: item.points for item in AKPS.items} == {
        "limp": (5, 3, 0), "weight_bearing": (5, 3, 0), "walking": (5, 3, 2, 0),
        "stairs": (10, 8, 5, 0), "squatting": (5, 4, 3, 2, 0), "running": (10, 8, 6, 3, 0),
        "jumping": (10, 7, 2, 0), "sitting": (10, 8, 6, 4, 0), "pain": (10, 8, 6, 3, 0),
        "swelling": (10, 8, 6, 4, 0), "kneecap": (10, 6, 4, 2, 0), "thigh": (5, 3, 0),
        "bending": (5, 3, 0)}


def test_an_instrument_is_found_by_its_stored_key_and_an_unknown_one_is_refused():
    assert instrument("koos_pf") is KOOS_PF
    with pytest.raises(InvalidInput, match="Unknown questionnaire 'lysholm'"):
        instrument("lysholm")


# --- scores: all best, all worst, a mixed set ----------------------------------------------------

@pytest.mark.parametrize(("of", "best_score", "worst_score"), [
    (AKPS, 100, 0), (KOOS_PF, 100, 0), (UWRI, 36, 0)], ids=lambda v: getattr(v, "key", v))
def test_all_best_and_all_worst(of, best_score, worst_score):
    assert score(of, best(of)).value == best_score
    assert score(of, worst(of)).value == worst_score


def test_akps_mixed():
    answers = {"limp": 3, "weight_bearing": 5, "walking": 3, "stairs": 8, "squatting": 4,
               "running": 6, "jumping": 7, "sitting": 8, "pain": 8, "swelling": 8,
               "kneecap": 10, "thigh": 5, "bending": 5}
    # 3 + 5 + 3 + 8 + 4 + 6 + 7 + 8 + 8 + 8 + 10 + 5 + 5 = 80
    assert score(AKPS, answers) == Score(AKPS.key, 80, 13)


def test_koos_pf_mixed():
    answers = dict(zip([item.key for item in KOOS_PF.items],
                       [0, 1, 2, 1, 3, 2, 0, 1, 1, 2, 0], strict=True))
    # sum 13, mean 13 / 11 = 1.1818…; 100 − 1.1818… × 25 = 100 − 29.545… = 70.4545…
    result = score(KOOS_PF, answers)
    assert result.value == pytest.approx(70.4545, abs=1e-4)
    assert KOOS_PF.shown(result.value) == "70.5"


def test_uwri_mixed():
    answers = dict(zip([item.key for item in UWRI.items], [3, 2, 3, 4, 3, 2, 2, 3, 1],
                       strict=True))
    # 3 + 2 + 3 + 4 + 3 + 2 + 2 + 3 + 1 = 23 of 36
    assert score(UWRI, answers).value == 23


def test_psfs_all_best_all_worst_and_mixed():
    assert score(PSFS, {"Running 5 km": 10, "Stairs": 10, "Squatting": 10}).value == 10
    assert score(PSFS, {"Running 5 km": 0, "Stairs": 0, "Squatting": 0}).value == 0
    # (7 + 9 + 5) / 3 = 21 / 3 = 7
    assert score(PSFS, {"Running 5 km": 7, "Stairs": 9, "Squatting": 5}).value == 7


def test_psfs_with_one_activity_and_with_five():
    assert score(PSFS, {"Running downhill": 6}) == Score(PSFS.key, 6, 1)
    five = {"Running 5 km": 2, "Stairs": 4, "Squatting": 5, "Kneeling": 7, "Hopping": 8}
    # (2 + 4 + 5 + 7 + 8) / 5 = 26 / 5 = 5.2
    assert score(PSFS, five) == Score(PSFS.key, 5.2, 5)


# --- too few answered ----------------------------------------------------------------------------

def test_koos_pf_needs_half_its_items_answered():
    keys = [item.key for item in KOOS_PF.items]
    five = score(KOOS_PF, dict.fromkeys(keys[:5], 1))
    assert five.value is None and five.answered == 5
    assert five.reason == ("5 of 11 items answered: the KOOS-PF needs at least 6 (half, "
                           "rounded up).")
    # six answered, 1 1 2 2 0 0: mean 6 / 6 = 1; 100 − 1 × 25 = 75 (the rest left out or None)
    six = dict(zip(keys, [1, 1, 2, 2, 0, 0], strict=False)) | dict.fromkeys(keys[6:], None)
    assert score(KOOS_PF, six) == Score(KOOS_PF.key, 75, 6)


def test_akps_and_uwri_need_every_item_and_psfs_one_activity():
    answers = best(AKPS)
    del answers["thigh"]
    assert score(AKPS, answers).reason == "12 of 13 items answered: the AKPS needs every item."
    assert score(UWRI, {}).value is None
    assert score(PSFS, {"Stairs": None}).reason == "No activity rated: the PSFS needs at least 1."


# --- invalid answers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("of", "answers", "message"), [
    (AKPS, {"limp": 4}, "AKPS, “Limping”: 4 is not one of its answers (5, 3, 0)."),
    (AKPS, {"limp": True}, "True is not one of its answers"),
    (AKPS, {"limp": 5.0}, "5.0 is not one of its answers"),
    (AKPS, {"limpp": 5}, "The AKPS has no item 'limpp'; its items are limp, weight_bearing"),
    (KOOS_PF, {"stairs": 5}, "KOOS-PF, “Pain on stairs”: 5 is not one of its answers "
                             "(0, 1, 2, 3, 4)."),
    (KOOS_PF, {"stairs": -1}, "-1 is not one of its answers"),
    (UWRI, {"pace": "4"}, "UWRI, “Your usual pace, against before”: '4' is not one"),
    (UWRI, [3, 2], "The UWRI answers must be given item by item"),
    (PSFS, {"Stairs": 11}, "The rating of “Stairs” must be a whole number from 0 to 10 (got 11)."),
    (PSFS, {"Stairs": 2.5}, "must be a whole number from 0 to 10"),
    (PSFS, {"Stairs": 3, " stairs ": 4}, "The activity “stairs” is named twice"),
    (PSFS, {"": 3}, "Activity must be a name of 1–60 characters"),
    (PSFS, {f"Activity {n}": 5 for n in range(6)}, "at most 5 activities (got 6)"),
], ids=lambda v: getattr(v, "key", None) or str(v)[:30])
def test_an_invalid_answer_is_refused_with_a_message(of, answers, message):
    with pytest.raises(InvalidInput) as caught:
        score(of, answers)
    assert message in str(caught.value)


# --- change against the baseline, at the boundaries ---------------------------------------------

def akps_with(total_below_best: int) -> Score:
    """An AKPS below 100 by ``total_below_best``, taken off running (10 → 8/6/3/0) first."""
    answers = best(AKPS)
    steps = {0: 10, 2: 8, 4: 6, 7: 3, 10: 0}
    answers["running"] = steps[total_below_best]
    return score(AKPS, answers)


@pytest.mark.parametrize(("points", "meaningful", "verdict"), [
    (10, 10, Verdict.IMPROVED), (9, 10, Verdict.NO_MEANINGFUL_CHANGE),
    (-10, 10, Verdict.WORSE), (-9, 10, Verdict.NO_MEANINGFUL_CHANGE),
    (16, 16, Verdict.IMPROVED), (15.99, 16, Verdict.NO_MEANINGFUL_CHANGE),
    (-16, 16, Verdict.WORSE), (-15.99, 16, Verdict.NO_MEANINGFUL_CHANGE),
    (8, 8, Verdict.IMPROVED), (7, 8, Verdict.NO_MEANINGFUL_CHANGE),
    (-8, 8, Verdict.WORSE), (-7, 8, Verdict.NO_MEANINGFUL_CHANGE),
    (2, 2, Verdict.IMPROVED), (1.9, 2, Verdict.NO_MEANINGFUL_CHANGE),
    (-2, 2, Verdict.WORSE), (3, 3, Verdict.IMPROVED), (2.9, 3, Verdict.NO_MEANINGFUL_CHANGE),
    (0, 2, Verdict.NO_MEANINGFUL_CHANGE),
], ids=lambda v: str(v))
def test_a_change_equal_to_the_meaningful_change_counts(points, meaningful, verdict):
    assert classify(points, meaningful) is verdict


def test_a_lower_is_better_scale_reads_the_change_the_other_way():
    assert classify(-10, 10, higher_is_better=False) is Verdict.IMPROVED


def test_akps_change_at_and_below_ten_points():
    first = akps_with(10)  # running "I can't run": 90
    assert first.value == 90
    ten_up = compare(AKPS, akps_with(10), akps_with(0))  # 90 → 100
    assert ten_up is not None and (ten_up.points, ten_up.verdict) == (10, Verdict.IMPROVED)
    eight_up = compare(AKPS, akps_with(10), akps_with(2))  # 90 → 98: +8
    assert eight_up is not None and eight_up.verdict is Verdict.NO_MEANINGFUL_CHANGE
    ten_down = compare(AKPS, akps_with(0), akps_with(10))  # 100 → 90
    assert ten_down is not None and ten_down.verdict is Verdict.WORSE and ten_down.meaningful
    assert ten_down.describe(AKPS) == "−10 since the first: worse (10 or more matters)"


def test_koos_pf_change_of_eight_answer_steps_is_meaningful_and_seven_is_not():
    keys = [item.key for item in KOOS_PF.items]
    first = score(KOOS_PF, dict.fromkeys(keys, 2))  # mean 2: 100 − 50 = 50
    # 7 items one step better: mean (22 − 7) / 11 = 15 / 11; 100 − 34.09 = 65.91; +15.91
    seven = score(KOOS_PF, dict.fromkeys(keys, 2) | dict.fromkeys(keys[:7], 1))
    # 8 items one step better: mean 14 / 11; 100 − 31.82 = 68.18; +18.18
    eight = score(KOOS_PF, dict.fromkeys(keys, 2) | dict.fromkeys(keys[:8], 1))
    below, above = compare(KOOS_PF, first, seven), compare(KOOS_PF, first, eight)
    assert below is not None and below.points == pytest.approx(15.909091)
    assert below.verdict is Verdict.NO_MEANINGFUL_CHANGE
    assert above is not None and above.verdict is Verdict.IMPROVED


def test_uwri_change_at_and_below_eight_points():
    keys = [item.key for item in UWRI.items]
    first = score(UWRI, dict.fromkeys(keys, 2))  # 9 × 2 = 18
    plus_8 = score(UWRI, dict.fromkeys(keys, 2) | dict.fromkeys(keys[:8], 3))  # 26
    plus_7 = score(UWRI, dict.fromkeys(keys, 2) | dict.fromkeys(keys[:7], 3))  # 25
    minus_8 = score(UWRI, dict.fromkeys(keys, 2) | dict.fromkeys(keys[:8], 1))  # 10
    verdicts = [c.verdict for c in (compare(UWRI, first, s) for s in (plus_8, plus_7, minus_8))
                if c is not None]
    assert verdicts == [Verdict.IMPROVED, Verdict.NO_MEANINGFUL_CHANGE, Verdict.WORSE]


def test_psfs_change_needs_two_points_or_three_for_one_activity():
    names = ("Running 5 km", "Stairs", "Squatting")
    # 5 6 6 → 17 / 3 = 5.667; 7 8 8 → 23 / 3 = 7.667: exactly +2 (as floats, 1.9999…96)
    first = score(PSFS, dict(zip(names, (5, 6, 6), strict=True)))
    later = score(PSFS, dict(zip(names, (7, 8, 8), strict=True)))
    change = compare(PSFS, first, later)
    assert change is not None and (change.points, change.verdict) == (2, Verdict.IMPROVED)
    # 7 8 7 → 22 / 3 = 7.333: +1.667, not 2
    short = compare(PSFS, first, score(PSFS, dict(zip(names, (7, 8, 7), strict=True))))
    assert short is not None and short.verdict is Verdict.NO_MEANINGFUL_CHANGE
    one = score(PSFS, {"Running downhill": 5})
    two_up = compare(PSFS, one, score(PSFS, {"Running downhill": 7}))
    three_up = compare(PSFS, one, score(PSFS, {"Running downhill": 8}))
    three_down = compare(PSFS, one, score(PSFS, {"Running downhill": 2}))
    assert two_up is not None and two_up.meaningful_change == 3
    assert two_up.verdict is Verdict.NO_MEANINGFUL_CHANGE
    assert three_up is not None and three_up.verdict is Verdict.IMPROVED
    assert three_down is not None and three_down.verdict is Verdict.WORSE


def test_no_change_without_two_scores_and_no_comparing_across_instruments():
    unscored = score(KOOS_PF, {})
    assert compare(KOOS_PF, unscored, score(KOOS_PF, worst(KOOS_PF))) is None
    with pytest.raises(InvalidInput, match="cannot be compared as a KOOS-PF one"):
        compare(KOOS_PF, score(AKPS, best(AKPS)), score(KOOS_PF, best(KOOS_PF)))


# --- when a set is due ---------------------------------------------------------------------------

START = dt.date(2024, 3, 4)
DAY = dt.timedelta(days=1)


def moved(on: dt.date, to: Stage, kind: StageEventKind = StageEventKind.ACCEPTED,
          number: int = 2) -> StageEvent:
    return StageEvent(number, on, kind, Stage(to - 1), to, "criteria met", Actor.RUNNER)


STARTED = StageEvent(1, START, StageEventKind.START, None, Stage.CALM, "setup", Actor.RUNNER)


def test_the_interval_is_a_setting_of_four_weeks():
    assert protocol_module.default().outcomes.every_weeks == 4


def test_the_first_set_is_due_at_setup_until_one_is_taken():
    first = due(START, [STARTED], [], 4, START)
    assert first is not None and (first.reason, first.since) == (DueReason.SETUP, START)
    assert first.words == ("Outcome questionnaires are due: the first set, to measure where "
                           "you start.")
    assert due(START, [STARTED], [START], 4, START) is None


def test_due_again_every_four_weeks_to_the_day():
    assert due(START, [STARTED], [START], 4, START + 27 * DAY) is None
    again = due(START, [STARTED], [START], 4, START + 28 * DAY)
    assert again is not None and again.reason is DueReason.INTERVAL
    assert again.since == START + 28 * DAY
    assert again.words == ("Outcome questionnaires are due: 4 weeks since the last set "
                           "(2024-03-04).")
    once_a_week = due(START, [STARTED], [START], 1, START + 7 * DAY)
    assert once_a_week is not None and "1 week since" in once_a_week.words
    # the interval counts from the latest set
    assert due(START, [STARTED], [START, START + 20 * DAY], 4, START + 28 * DAY) is None


def test_due_at_each_stage_change_after_the_last_set():
    events = [STARTED, moved(START + 10 * DAY, Stage.STRENGTH)]
    change = due(START, events, [START], 4, START + 12 * DAY)
    assert change is not None and change.reason is DueReason.STAGE_CHANGE
    assert (change.since, change.stage) == (START + 10 * DAY, Stage.STRENGTH)
    assert change.words == ("Outcome questionnaires are due: you moved to stage 2 (Restore "
                            "strength and stability) on 2024-03-14.")
    # taken on the day of the move: settled
    assert due(START, events, [START, START + 10 * DAY], 4, START + 12 * DAY) is None
    # a stage set by the physio counts; a suggestion, or one declined, does not
    set_back = [STARTED, moved(START + 5 * DAY, Stage.STRENGTH, StageEventKind.SET)]
    assert due(START, set_back, [START], 4, START + 6 * DAY) is not None
    for kind in (StageEventKind.SUGGESTED, StageEventKind.DECLINED):
        assert due(START, [STARTED, moved(START + 5 * DAY, Stage.STRENGTH, kind)], [START], 4,
                   START + 6 * DAY) is None


def test_the_latest_of_two_stage_changes_is_named():
    events = [STARTED, moved(START + 3 * DAY, Stage.STRENGTH),
              moved(START + 9 * DAY, Stage.MECHANICS, number=3)]
    change = due(START, events, [START], 4, START + 10 * DAY)
    assert change is not None and change.stage is Stage.MECHANICS


def test_due_at_discharge_first():
    discharge = START + 40 * DAY
    last = due(START, [STARTED], [START + 30 * DAY], 4, discharge, discharge=discharge)
    assert last is not None and (last.reason, last.since) == (DueReason.DISCHARGE, discharge)
    assert last.words == ("Outcome questionnaires are due: the last set, at discharge "
                          "(2024-04-13).")
    assert due(START, [STARTED], [discharge], 4, discharge + DAY, discharge=discharge) is None
    # a discharge still to come is not due yet
    assert due(START, [STARTED], [START], 4, START + DAY, discharge=discharge) is None


def test_nothing_from_the_future_is_read():
    events = [STARTED, moved(START + 20 * DAY, Stage.STRENGTH)]
    assert due(START, events, [START], 4, START + 10 * DAY) is None
    # a set dated after today does not settle today's
    first = due(START, [STARTED], [START + 5 * DAY], 4, START)
    assert first is not None and first.reason is DueReason.SETUP
