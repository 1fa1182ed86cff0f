"""The Progress tab, shown, follows every change: the charts after a check-in, the
questionnaires' score charts after one is taken or deleted, and not only on its first
show (it reads each part again only after a change it shows: ui/progress_tab.py)."""

from core.outcomes import AKPS, InstrumentKey

BEST_AKPS = {item.key: item.answers[0].points for item in AKPS.items}  # 100 of 100
FIRST_AKPS = BEST_AKPS | {"running": 3, "stairs": 5}  # 88 of 100


def scores(tab) -> list[float]:
    return list(tab.scores.panels[InstrumentKey.AKPS].scores.getData()[1])


def test_the_shown_progress_tab_follows_check_ins_and_questionnaires(window, clock):
    window.show_view(window.progress_tab)
    tab = window.progress_tab
    akps = tab.scores.panels[InstrumentKey.AKPS].box
    clock.advance()
    window.check_new_day()
    assert window.ops.run(lambda rb: rb.check_in(2))
    assert list(tab.pain.daily.getData()[1]) == [4, 2]
    assert window.ops.run(lambda rb: rb.take_questionnaire("akps", FIRST_AKPS))
    assert not akps.isHidden() and scores(tab) == [88]
    clock.advance()
    window.check_new_day()
    assert window.ops.run(lambda rb: rb.check_in(1))  # the scores stay as they are
    assert list(tab.pain.daily.getData()[1]) == [4, 2, 1]
    assert not akps.isHidden() and scores(tab) == [88]
    assert window.ops.run(lambda rb: rb.take_questionnaire("akps", BEST_AKPS))
    assert scores(tab) == [88, 100]
    window.history.stack.undo()  # the second questionnaire undone
    assert scores(tab) == [88]
    window.history.stack.undo()  # the check-in undone: the scores stay
    assert list(tab.pain.daily.getData()[1]) == [4, 2]
    assert scores(tab) == [88]
