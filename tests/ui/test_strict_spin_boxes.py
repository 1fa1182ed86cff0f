"""The physio's spin boxes never save a value other than the one typed: a number out of
range, or a fraction in a whole-number box, is refused with a message naming the setting
and its range, the last accepted value stays, and nothing is saved for it. Qt's default
would clamp 7 to 5 (or drop the keystroke) without a word."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from core.rules import protocol as protocol_module
from core.rules import settings
from ui.physio_forms import ExerciseTable, SettingsForm

REFUSED = [
    pytest.param("pain.threshold", "7", "must be from 0 to 5", id="threshold above its range"),
    pytest.param("pain.threshold", "-1", "must be from 0 to 5", id="threshold below 0"),
    pytest.param("pain.threshold", "2.5", "must be a whole number", id="a fraction"),
    pytest.param("walk_run.rest_days_between", "9", "must be from 0 to 6", id="rest days"),
    pytest.param("load.ratio_caution", "9", "must be from 0.5 to 5", id="a ratio too high"),
    pytest.param("load.ratio_caution", "0.2", "must be from 0.5 to 5", id="a ratio too low"),
    pytest.param("calm.cross_training_max_minutes", "1000", "must be from 5 to 240",
                 id="minutes"),
]


def type_into(qtbot, box, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


@pytest.fixture
def form(qtbot):
    form = SettingsForm()
    qtbot.addWidget(form)
    form.load(protocol_module.default())
    form.show()
    return form


@pytest.mark.parametrize("key, typed, words", REFUSED)
def test_out_of_range_typing_is_refused_with_a_message_and_never_saved(
        qtbot, form, key, typed, words):
    base = protocol_module.default()
    box = form.boxes[key]
    before = box.value()
    type_into(qtbot, box, typed)
    assert box.value() == before
    assert form.message.isVisible() and words in form.message.text()
    assert f"{typed} was not kept" in form.message.text()
    assert form.edited(base) == {}


@pytest.mark.parametrize("key, typed, saved", [("pain.threshold", "4", 4),
                                               ("load.ratio_caution", "1.45", 1.45),
                                               ("walk_run.rest_days_between", "0", 0)])
def test_a_value_in_range_is_saved_exactly_as_typed(qtbot, form, key, typed, saved):
    type_into(qtbot, form.boxes[key], typed)
    edited = form.edited(protocol_module.default())
    assert edited == {key: saved} and type(edited[key]) is settings.REGISTRY.scalar(key).kind
    assert not form.message.isVisible()


@pytest.mark.parametrize("column, typed", [(1, "0"), (1, "21"), (2, "101")])
def test_the_exercise_tables_numbers_are_refused_the_same_way(qtbot, column, typed):
    table = ExerciseTable()
    qtbot.addWidget(table)
    table.load(protocol_module.default().exercises[:1])
    table.show()
    refusals = []
    table.refused.connect(refusals.append)
    before = table.programme()
    type_into(qtbot, table.cellWidget(0, column), typed)
    assert table.programme() == before
    assert len(refusals) == 1 and f"{typed} was not kept" in refusals[0]
