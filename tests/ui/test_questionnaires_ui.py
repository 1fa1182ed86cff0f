"""The outcome questionnaires in the window (issue 13), driven as a runner or a physio
would: answered with the keyboard only, the score read as the answers are given, the
change seen on the Physio tab and charted on Progress, a second one the same day replaced
only when confirmed, the set due on Today gone once taken, the instruments the physio
chose, and input the core refuses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.outcomes import AKPS, PSFS, InstrumentKey
from tests.ui.conftest import WAIT_MS
from ui import outcomes_card, questionnaire_dialog
from ui.common import Operations
from ui.physio_tab import PhysioTab
from ui.progress_tab import ProgressTab
from ui.questionnaire_dialog import QuestionnaireDialog

# AKPS answers with points 5+5+5+10+5+10+10+10+10+10+10+5+5 = 100 when each is the best.
BEST_AKPS = {item.key: item.answers[0].points for item in AKPS.items}
# The first AKPS: running "Severe pain" (3 of 10) and stairs "going down and up" (5 of
# 10): 100 − 7 − 5 = 88.
FIRST_AKPS = BEST_AKPS | {"running": 3, "stairs": 5}


@pytest.fixture
def ops(runner_file):
    return Operations(runner_file)


def open_dialog(qtbot, ops, instrument) -> QuestionnaireDialog:
    dialog = QuestionnaireDialog(ops, instrument)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog, timeout=WAIT_MS)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    return dialog


def press(qtbot, key, times: int = 1) -> None:
    """A key, where the keyboard focus is (as a person types)."""
    for _ in range(times):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key)


def type_text(qtbot, text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, text)


def take_akps_by_keyboard(qtbot, dialog: QuestionnaireDialog) -> None:
    """Every item's best answer (Space), except running: two down from the best (Down
    twice: "A little pain from the start", 6 of 10). Tab goes item to item."""
    for group in dialog.items:
        assert QApplication.focusWidget() is group.buttons[0], group.item.label
        press(qtbot, Qt.Key.Key_Space)
        if group.item.key == "running":
            press(qtbot, Qt.Key.Key_Down, 2)
        press(qtbot, Qt.Key.Key_Tab)


def make_physio(qtbot, ops) -> PhysioTab:
    return shown(qtbot, ops, PhysioTab(ops))


def make_progress(qtbot, ops) -> ProgressTab:
    return shown(qtbot, ops, ProgressTab(ops))


def shown(qtbot, ops, tab):
    """A tab on the screen, redrawn after each action as in the window."""
    ops.data_changed.connect(tab.refresh)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    qtbot.waitExposed(tab, timeout=WAIT_MS)
    return tab


def test_an_akps_taken_with_the_keyboard_is_scored_and_its_change_shown(
        qtbot, ops, runner_file, clock):
    runner_file.take_questionnaire("akps", FIRST_AKPS)  # 88: the baseline
    clock.advance(28)
    dialog = open_dialog(qtbot, ops, AKPS)
    assert dialog.score_label.text().startswith("Score: — (0 of 13 items answered")

    take_akps_by_keyboard(qtbot, dialog)
    # 100 − (10 − 6) = 96, 8 more than the first: less than the 10 that matter
    assert dialog.score_label.text() == ("Score: 96 of 100 · +8 since the first: no "
                                         "meaningful change (10 or more matters)")
    assert QApplication.focusWidget() is dialog.date  # past the items
    press(qtbot, Qt.Key.Key_Tab, 4)  # Tab goes through a date's parts (Qt), then on
    assert QApplication.focusWidget() is dialog.notes
    type_text(qtbot, "After a 20-minute run")
    press(qtbot, Qt.Key.Key_Return)

    assert dialog.result() == QuestionnaireDialog.DialogCode.Accepted
    latest = runner_file.outcome_history("akps").latest
    assert latest is not None and latest.score.value == 96
    assert latest.questionnaire.notes == "After a 20-minute run"
    assert dialog.message == (f"AKPS of {clock.day.isoformat()} saved: 96 of 100, +8 since "
                              f"the first: no meaningful change (10 or more matters).")

    physio = make_physio(qtbot, ops)
    table = physio.outcomes.pages[InstrumentKey.AKPS].table
    assert [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())] == [
        ["2026-03-02", "88 of 100", "first score: the baseline"],
        [clock.day.isoformat(), "96 of 100",
         "+8 since the first: no meaningful change (10 or more matters)"]]

    progress = make_progress(qtbot, ops)
    panel = progress.scores.panels[InstrumentKey.AKPS]
    _, ys = panel.scores.getData()
    assert list(ys) == [88, 96]
    assert (panel.band_low.getData()[1][0], panel.band_high.getData()[1][0]) == (78, 98)
    assert panel.readout.text().endswith("96 of 100 · +8 since the first: no meaningful "
                                         "change (10 or more matters)")


def test_a_psfs_taken_with_the_keyboard_rates_named_activities(qtbot, ops, runner_file, clock):
    runner_file.take_questionnaire("psfs", {"Running downhill": 2, "Stairs": 4, "Kneeling": 3})
    clock.advance(28)
    dialog = open_dialog(qtbot, ops, PSFS)
    # the last PSFS's activities are offered, to be rated again
    assert [row.name.text() for row in dialog.activities] == [
        "Running downhill", "Stairs", "Kneeling", "", ""]
    assert QApplication.focusWidget() is dialog.activities[0].name

    for times in (6, 7, 8):  # from "—": 5, 6, 7
        press(qtbot, Qt.Key.Key_Tab)  # to the rating
        press(qtbot, Qt.Key.Key_Up, times)
        press(qtbot, Qt.Key.Key_Tab)  # to the next activity's name
    type_text(qtbot, "Hopping")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Up, 5)  # 4
    # (5 + 6 + 7 + 4) / 4 = 5.5; the first was (2 + 4 + 3) / 3 = 3: +2.5, improved
    assert dialog.score_label.text() == ("Score: 5.5 of 10 · +2.5 since the first: "
                                         "improved (2.0 or more matters)")
    press(qtbot, Qt.Key.Key_Enter)

    latest = runner_file.outcome_history("psfs").latest
    assert latest is not None
    assert latest.questionnaire.answers == {"Running downhill": 5, "Stairs": 6, "Kneeling": 7,
                                            "Hopping": 4}
    physio = make_physio(qtbot, ops)
    table = physio.outcomes.pages[InstrumentKey.PSFS].table
    assert table.item(1, 1).text() == "5.5 of 10"
    assert table.item(1, 2).text().endswith("improved (2.0 or more matters)")
    progress = make_progress(qtbot, ops)
    panel = progress.scores.panels[InstrumentKey.PSFS]
    assert list(panel.scores.getData()[1]) == [3, 5.5]


def test_a_second_of_one_instrument_that_day_is_replaced_only_when_confirmed(
        qtbot, ops, runner_file, monkeypatch):
    runner_file.take_questionnaire("akps", FIRST_AKPS, notes="Sore after stairs")
    (first,) = runner_file.log.questionnaires
    asked = []
    answer = [False]

    def ask(parent, title, stored):
        asked.append((title, stored))
        return answer[0]
    monkeypatch.setattr(questionnaire_dialog, "ask_replace", ask)
    dialog = open_dialog(qtbot, ops, AKPS)
    for group in dialog.items:
        group.buttons[0].setChecked(True)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # kept
    (title, stored), = asked
    assert title == "Replace the AKPS of 2026-03-02?"
    assert stored.startswith("The AKPS of 2026-03-02 is already stored: score 88 of 100 "
                             "(Limping: 5; ")
    assert "Running: 3;" in stored and "Notes: “Sore after stairs”." in stored
    assert list(runner_file.log.questionnaires) == [first]
    assert dialog.isVisible()
    assert dialog.feedback.text() == "Kept the one stored; nothing was saved."

    answer[0] = True
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # replaced
    (stored_now,) = runner_file.log.questionnaires
    assert (stored_now.id, stored_now.answers) == (first.id, BEST_AKPS)
    assert not dialog.isVisible()


def test_the_set_due_on_today_is_gone_once_taken(qtbot, window, runner_file):
    window.ops.run(lambda rb: rb.set_instruments(["akps", "psfs"]))
    today = window.today_tab
    qtbot.waitUntil(lambda: today.take_questionnaires.isVisible(), timeout=WAIT_MS)
    assert today.due_words.text() == ("Outcome questionnaires are due: the first set, to "
                                      "measure where you start. To take: AKPS, PSFS.")

    qtbot.mouseClick(today.take_questionnaires, Qt.MouseButton.LeftButton)
    akps = today.taking.dialog
    assert akps.windowTitle() == "AKPS: Kujala Anterior Knee Pain Scale (1 of 2)"
    for group in akps.items:
        group.buttons[0].setChecked(True)
    qtbot.mouseClick(akps.save_button, Qt.MouseButton.LeftButton)
    psfs = today.taking.dialog
    assert psfs.instrument is PSFS
    assert today.due_words.text().endswith("To take: PSFS.")  # the AKPS is done
    psfs.activities[0].name.setText("Stairs")
    psfs.activities[0].rating.setValue(6)
    qtbot.mouseClick(psfs.save_button, Qt.MouseButton.LeftButton)

    assert today.taking is None
    assert not today.due_words.isVisible()
    assert not today.take_questionnaires.isVisible()
    day = runner_file.today.isoformat()
    assert today.questionnaires_saved.text() == (
        f"AKPS of {day} saved: 100 of 100, first score: the baseline.\n"
        f"PSFS of {day} saved: 6.0 of 10, first score: the baseline.")
    assert runner_file.questionnaires_due() is None


def test_the_physio_s_choice_of_instruments_hides_the_others(qtbot, window, runner_file):
    runner_file.take_questionnaire("uwri", {key: 4 for key in (
        "daily_life", "frustration", "recovery", "pain_during", "pain_after",
        "weekly_volume", "run_distance", "pace", "confidence")})
    window.show_view(window.physio_tab)
    card = window.physio_tab.outcomes
    assert all(box.isChecked() for box in card.uses.values())  # all four until chosen

    for key in (InstrumentKey.KOOS_PF, InstrumentKey.UWRI):
        qtbot.mouseClick(card.uses[key], Qt.MouseButton.LeftButton)

    assert [each.key for each in runner_file.instruments_used()] == [
        InstrumentKey.AKPS, InstrumentKey.PSFS]
    visible = [card.histories.tabText(i) for i in range(card.histories.count())
               if card.histories.isTabVisible(i)]
    assert visible == ["AKPS", "UWRI", "PSFS"]  # the UWRI taken stays in the history
    assert card.feedback.text() == "Questionnaires in use: AKPS, PSFS."
    window.show_view(window.progress_tab)
    panels = window.progress_tab.scores.panels
    assert [key for key, panel in panels.items() if not panel.box.isHidden()] == [
        InstrumentKey.AKPS, InstrumentKey.UWRI, InstrumentKey.PSFS]
    window.show_view(window.today_tab)
    qtbot.waitUntil(lambda: window.today_tab.due_words.text().endswith(
        "To take: AKPS, PSFS."), timeout=WAIT_MS)


def test_a_questionnaire_taken_by_mistake_is_deleted_from_the_physio_tab(
        qtbot, ops, runner_file, monkeypatch):
    runner_file.take_questionnaire("akps", FIRST_AKPS)
    questions = []
    monkeypatch.setattr(outcomes_card, "confirm_delete",
                        lambda parent, question: questions.append(question) or True)
    physio = make_physio(qtbot, ops)
    page = physio.outcomes.pages[InstrumentKey.AKPS]
    assert not page.delete_button.isEnabled()  # nothing selected
    page.table.selectRow(0)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    assert questions == ["Delete the AKPS of 2026-03-02 (88 of 100)? It cannot be undone."]
    assert not runner_file.log.questionnaires
    assert page.table.rowCount() == 0


def test_a_rated_activity_without_a_name_gives_a_message_and_saves_nothing(
        qtbot, ops, runner_file):
    dialog = open_dialog(qtbot, ops, PSFS)
    dialog.activities[0].name.setText("Stairs")
    dialog.activities[0].rating.setValue(5)
    dialog.activities[1].rating.setValue(7)  # no name
    assert dialog.score_label.text().startswith("Score: — (Activity 2 is rated but has no "
                                                "name")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.feedback.text() == ("Activity 2 is rated but has no name: name it, or set "
                                      "its rating to —.")
    assert dialog.isVisible()
    assert not runner_file.log.questionnaires


def test_an_unanswered_item_gives_core_s_message_and_the_focus(qtbot, ops, runner_file):
    dialog = open_dialog(qtbot, ops, AKPS)
    for group in dialog.items:
        if group.item.key != "thigh":
            group.buttons[0].setChecked(True)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.feedback.text() == ("12 of 13 items answered: the AKPS needs every item. "
                                      "Nothing was saved.")
    thigh = next(group for group in dialog.items if group.item.key == "thigh")
    assert QApplication.focusWidget() is thigh.buttons[0]
    assert not runner_file.log.questionnaires


def test_every_control_of_the_dialog_has_an_accessible_name(qtbot, ops):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QLineEdit

    for instrument in (AKPS, PSFS):
        dialog = open_dialog(qtbot, ops, instrument)
        controls = dialog.findChildren(QAbstractButton) + dialog.findChildren(
            QAbstractSpinBox) + dialog.findChildren(QLineEdit)
        unnamed = [c for c in controls if not c.accessibleName()
                   and c.parent() is not None and not isinstance(c.parent(), QAbstractSpinBox)]
        assert not unnamed, [c.metaObject().className() for c in unnamed]
        dialog.close()
