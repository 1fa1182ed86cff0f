"""After knee surgery in the window: the setup asks for the surgery date, and the
Mechanics tab records the physio's assessment and shows the return-to-run criteria."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from core.model import KneeProblem, ReadinessTest, Stage
from core.runback import Runback
from tests.ui.conftest import WAIT_MS
from ui.setup_dialog import SetupDialog

SURGERY = dt.date(2025, 11, 24)  # 14 weeks before the tests' first day (2026-03-02)


def open_setup(qtbot, make_window, runback: Runback) -> SetupDialog:
    window = make_window(runback)
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None, timeout=WAIT_MS)
    return window.findChild(SetupDialog)


def choose(qtbot, box: QComboBox, text: str) -> None:
    """Pick an item with the keyboard, as a runner tabbing through the form would."""
    target = box.findText(text)
    assert target >= 0, text
    box.setFocus()
    while box.currentIndex() != target:
        key = Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(box, key)


def type_into(qtbot, box: QAbstractSpinBox, text: str) -> None:
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    box.interpretText()


def start(dialog: SetupDialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_setup_asks_for_the_surgery_date_only_after_surgery(qtbot, make_window, tmp_path,
                                                            clock):
    runback = Runback.create(tmp_path / "new.db", clock=clock)
    dialog = open_setup(qtbot, make_window, runback)
    assert not dialog.form.isRowVisible(dialog.surgery_date)
    choose(qtbot, dialog.problem, KneeProblem.AFTER_SURGERY.label)
    assert dialog.form.isRowVisible(dialog.surgery_date)
    assert dialog.surgery_date.text() == "— choose the date"

    start(dialog)  # no date chosen: the core asks for it, nothing is saved
    assert "Give the date of your knee surgery" in dialog.feedback.text()
    assert runback.needs_setup and dialog.isVisible()

    dialog.surgery_date.setDate(SURGERY)
    start(dialog)
    assert runback.log.profile.knee_problem is KneeProblem.AFTER_SURGERY
    assert runback.log.profile.surgery_date == SURGERY


def test_setup_keeps_no_surgery_date_for_another_knee_problem(qtbot, make_window, tmp_path,
                                                              clock):
    runback = Runback.create(tmp_path / "new.db", clock=clock)
    dialog = open_setup(qtbot, make_window, runback)
    choose(qtbot, dialog.problem, KneeProblem.AFTER_SURGERY.label)
    dialog.surgery_date.setDate(SURGERY)
    choose(qtbot, dialog.problem, KneeProblem.IT_BAND.label)
    assert not dialog.form.isRowVisible(dialog.surgery_date)
    start(dialog)
    assert runback.log.profile.knee_problem is KneeProblem.IT_BAND
    assert runback.log.profile.surgery_date is None


def surgery_runner_in_stage_3(make_window, tmp_path, clock):
    runback = Runback.create(tmp_path / "surgery.db", clock=clock)
    runback.setup(KneeProblem.AFTER_SURGERY, "left", 1, True, surgery_date=SURGERY)
    runback.set_stage(Stage.MECHANICS, "Physio's assessment")
    for test in ReadinessTest:
        runback.log_readiness(test, True, 0)
    window = make_window(runback)
    tab = window.stage_tabs[Stage.MECHANICS]
    window.show_view(tab)
    return window, tab.surgery


def rows(card) -> list[tuple[str, str, str]]:
    table = card.criteria
    return [tuple(table.item(row, column).text() for column in range(3))
            for row in range(table.rowCount())]


def test_the_card_records_an_assessment_and_shows_each_criterion(qtbot, make_window, tmp_path,
                                                                 clock):
    window, card = surgery_runner_in_stage_3(make_window, tmp_path, clock)
    assert card.isVisible()
    assert "latest assessment since stage 3 began" in card.intro.text()
    assert {state for _, _, state in rows(card)[1:]} == {"not measured"}

    choose(qtbot, card.extension, "Yes")
    type_into(qtbot, card.flexion, "96")
    choose(qtbot, card.effusion, "trace")
    type_into(qtbot, card.pain, "1")
    type_into(qtbot, card.quadriceps, "78")
    type_into(qtbot, card.hop, "65")
    qtbot.keyClicks(card.notes, "Hops short on the left")
    qtbot.mouseClick(card.record, Qt.MouseButton.LeftButton)

    (check,) = window.runback.log.surgery_checks
    assert (check.full_extension, check.flexion_percent, check.effusion.value, check.pain,
            check.quadriceps_symmetry_percent, check.hop_symmetry_percent, check.notes) == (
        True, 96, "trace", 1, 78, 65, "Hops short on the left")
    assert card.feedback.text() == "Assessment recorded."
    assert rows(card) == [
        ("At least 12 weeks since surgery", "14 weeks, surgery on 2025-11-24", "met"),
        ("Full extension", "yes on 2026-03-02", "met"),
        ("Flexion at least 95 % of the other knee", "96 % on 2026-03-02", "met"),
        ("Effusion none or trace on the stroke test", "trace on 2026-03-02", "met"),
        ("Knee pain below 2/10", "1/10 on 2026-03-02", "met"),
        ("Quadriceps strength symmetry at least 70 %", "78 % on 2026-03-02", "met"),
        ("Single-leg hop symmetry at least 70 %", "65 % on 2026-03-02", "not yet"),
    ]
    assert window.runback.suggestion() is None
    assert card.hop.text() == "—"  # the form is ready for the next assessment

    type_into(qtbot, card.hop, "72")
    qtbot.mouseClick(card.record, Qt.MouseButton.LeftButton)
    assert rows(card)[-1] == ("Single-leg hop symmetry at least 70 %", "72 % on 2026-03-02",
                              "met")
    assert window.statusBar().currentMessage().startswith("Move on to stage 4?")


def test_an_empty_assessment_is_refused_with_a_message(qtbot, make_window, tmp_path, clock):
    window, card = surgery_runner_in_stage_3(make_window, tmp_path, clock)
    qtbot.mouseClick(card.record, Qt.MouseButton.LeftButton)
    assert "Enter at least one measure" in card.feedback.text()
    assert window.runback.log.surgery_checks == ()


def test_the_card_is_hidden_for_a_runner_without_surgery(window):
    window.ops.run(lambda rb: rb.set_stage(Stage.MECHANICS, "Test"))
    tab = window.stage_tabs[Stage.MECHANICS]
    window.show_view(tab)
    assert tab.isVisible() and not tab.surgery.isVisible()


def test_every_control_on_the_card_has_an_accessible_name(make_window, tmp_path, clock):
    _, card = surgery_runner_in_stage_3(make_window, tmp_path, clock)
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QAbstractItemView)
    controls = [w for w in card.findChildren(QWidget)
                if isinstance(w, kinds) and w.window() is card.window()  # not a popup's
                and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox, QAbstractItemView,
                                                QAbstractScrollArea))]  # nor a part of one
    assert len(controls) >= 10
    assert [type(w).__name__ for w in controls if not w.accessibleName()] == []
