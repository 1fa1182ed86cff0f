"""Exercises people can do right, on screen: the Strength tab's how-to with its drawing,
what was done saved and started from last time, the physio's variant and own words
through a dated programme change, and the progression on the Progress tab."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from core.model import Actor
from core.runback import Runback
from tests.ui.conftest import WAIT_MS
from ui.colors import dark_palette
from ui.common import Operations
from ui.exercise_progress import ExerciseProgress
from ui.physio_forms import FORM, HOW_TO
from ui.physio_tab import PhysioTab
from ui.strength_tab import StrengthTab


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    qtbot.waitExposed(widget, timeout=WAIT_MS)
    return widget


@pytest.fixture
def ops(runner_file):
    return Operations(runner_file)


@pytest.fixture
def strength(qtbot, ops):
    tab = StrengthTab(ops)
    ops.data_changed.connect(tab.refresh)
    tab.refresh(None)
    return shown(qtbot, tab)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_each_exercise_shows_its_dose_and_opens_its_how_to_with_a_drawing(qtbot, strength):
    card = strength.cards["glute_bridge"]
    assert card.plan.text() == "Plan: 3 × 12"
    assert not card.details.isVisible()
    click(qtbot, card.how)
    assert card.details.isVisible() and card.how.text() == "Hide how-to ▾"
    words = card.words.accessibleDescription()  # what a screen reader hears
    for heading in ("Position:", "Movement:", "What to feel:", "Common mistake:",
                    "Easier: Half bridge", "Harder: Single-leg bridge"):
        assert heading in words
    assert card.drawing is not None and not card.drawing.pixmap().isNull()
    assert "straight line" in card.drawing.accessibleDescription()
    assert "First time" in card.last.text()
    assert strength.cards["plank"].amount.suffix() == " s"


def drawn_colours(drawing) -> set[str]:
    image = drawing.pixmap().toImage()
    return {QColor(image.pixel(x, y)).name() for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2) if QColor.fromRgba(image.pixel(x, y)).alpha()
            == 255}


def test_the_drawing_takes_the_palettes_text_colour_light_and_dark(qtbot, strength):
    drawing = strength.cards["plank"].drawing
    light = strength.palette().color(QPalette.ColorRole.WindowText).name()
    assert light in drawn_colours(drawing)
    strength.setPalette(dark_palette())
    dark = dark_palette().color(QPalette.ColorRole.WindowText).name()
    assert dark != light and dark in drawn_colours(drawing)


def test_what_was_done_is_saved_and_the_next_session_starts_from_it(qtbot, strength, ops,
                                                                    runner_file, clock):
    card = strength.cards["glute_bridge"]
    card.amount.setValue(15)
    card.load.setValue(12.5)
    card.tick.click()
    tick = runner_file.strength_session().exercises[0]
    assert tick.ticked and tick.done_text == "3 × 15 at 12.5 kg"
    card.sets.setValue(2)  # a ticked exercise's change is saved at once
    assert runner_file.strength_session().exercises[0].done_text == "2 × 15 at 12.5 kg"

    clock.advance(2)
    strength.refresh(None)
    card = strength.cards["glute_bridge"]
    assert (card.sets.value(), card.amount.value(), card.load.value()) == (2, 15, 12.5)
    assert not card.tick.isChecked() and "2 × 15 at 12.5 kg" in card.last.text()
    other = strength.cards["hip_thrust"]  # never done: the plan's dose, no load
    assert (other.sets.value(), other.amount.value(), other.load.text()) == (3, 10, "none")
    card.tick.click()
    assert strength.feedback.text() == ""
    assert runner_file.strength_session().exercises[0].done_text == "2 × 15 at 12.5 kg"


def test_the_physio_chooses_a_variant_and_writes_own_words_dated(qtbot, ops, runner_file,
                                                                  strength):
    physio = PhysioTab(ops)
    ops.data_changed.connect(physio.refresh)
    shown(qtbot, physio)
    table = physio.exercises
    table.cellWidget(0, FORM).setCurrentIndex(2)  # glute bridge: harder
    click(qtbot, table.cellWidget(5, HOW_TO))  # plank: own words
    dialog = table.how_to_dialog
    qtbot.waitExposed(dialog, timeout=WAIT_MS)
    dialog.parts["mistake"].setText("")
    dialog.accept()
    assert dialog.isVisible() and "missing: common mistake" in dialog.message.text()
    dialog.parts["mistake"].setText("Holding your breath.")
    dialog.accept()
    assert not dialog.isVisible() and table.cellWidget(5, HOW_TO).text() == "How-to ✎"
    physio.exercise_reason.setText("Bridges are easy now")
    click(qtbot, physio.save_exercises_button)

    change = runner_file.plan_history()[0]
    assert (change.key, change.date, change.actor) == ("strength.exercises",
                                                       runner_file.today, Actor.PHYSIO)
    history = physio.plan_history
    assert "Glute bridge (harder form)" in history.item(0, 3).text()
    assert "Plank (own how-to)" in history.item(0, 3).text()
    bridge, plank = strength.cards["glute_bridge"], strength.cards["plank"]
    assert bridge.tick.text() == "Glute bridge: single-leg bridge"
    assert "chose the harder form" in bridge.words.accessibleDescription()
    assert "Common mistake: Holding your breath." in plank.words.accessibleDescription()
    assert "In your physio's words" in plank.words.accessibleDescription()
    # the table reloads what was saved
    assert table.cellWidget(0, FORM).currentText() == "Harder"


def test_the_progress_tab_lists_each_exercise_and_its_every_time(qtbot, ops,
                                                                 runner_file: Runback, clock):
    progress = shown(qtbot, ExerciseProgress(ops))
    assert "No strength exercise ticked yet" in progress.message.text()
    first = clock.day
    for load in (10, 15):
        ops.run(lambda rb, load=load: rb.tick_exercise("glute_bridge", sets=3, reps=12,
                                                       load_kg=load))
        clock.advance(3)
    ops.run(lambda rb: rb.tick_exercise("plank"))
    assert progress.summary.rowCount() == 2
    latest = first + dt.timedelta(days=3)
    assert [progress.summary.item(0, c).text() for c in range(4)] == [
        "Glute bridge", "2", f"{latest}: 3 × 12 at 15 kg", f"load 10 kg → 15 kg since {first}"]
    assert progress.record.item(0, 2).text() == "3 × 12 at 15 kg"
    progress.summary.selectRow(1)
    assert progress.record.rowCount() == 1 and progress.record.item(0, 2).text() == (
        "3 × 30 s hold")
