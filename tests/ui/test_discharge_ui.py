"""Discharge… on the Physio tab, as a physio uses it: the date and note dialog, a refusal
said in the dialog, Re-open once discharged."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from core.model import Actor
from tests.ui.conftest import WAIT_MS
from tests.ui.test_physio_tab import tab  # noqa: F401 - the fixture
from ui.common import to_qdate


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_the_physio_discharges_with_a_date_and_a_note_then_re_opens(qtbot, tab,  # noqa: F811
                                                                    runner_file, clock):
    assert tab.discharge_button.isVisible() and not tab.reopen_button.isVisible()
    clock.advance(5)  # a week into the programme
    click(qtbot, tab.discharge_button)
    dialog = tab.discharge_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog, timeout=WAIT_MS)
    assert dialog.date.date() == to_qdate(clock.day)  # today, by default
    day = clock.day - dt.timedelta(days=1)
    dialog.date.setDate(to_qdate(day))
    dialog.note.setText("Back to club runs; review in June.")
    click(qtbot, dialog.discharge_button)

    discharge = runner_file.discharged()
    assert discharge is not None
    assert (discharge.date, discharge.note, discharge.actor) == (
        day, "Back to club runs; review in June.", Actor.PHYSIO)
    assert not dialog.isVisible()
    assert tab.reopen_button.isVisible() and not tab.discharge_button.isVisible()
    assert tab.discharged_text.text() == (f"Discharged on {day.isoformat()}: the programme is "
                                          f"finished. Note: Back to club runs; review in June.")

    click(qtbot, tab.reopen_button)
    assert runner_file.discharged() is None
    assert tab.discharge_button.isVisible() and not tab.reopen_button.isVisible()
    assert not tab.discharged_text.isVisible()
    assert "re-opened" in tab.stage_feedback.text()


def test_a_refused_discharge_is_said_in_the_dialog_which_stays_open(qtbot, tab,  # noqa: F811
                                                                   runner_file):
    click(qtbot, tab.discharge_button)
    dialog = tab.discharge_dialog
    qtbot.waitExposed(dialog, timeout=WAIT_MS)
    dialog.note.setText("bad\x07note")  # a control character, refused by core
    click(qtbot, dialog.discharge_button)
    assert dialog.isVisible() and dialog.feedback.isVisible()
    assert "Notes contain" in dialog.feedback.text()
    assert runner_file.discharged() is None
    dialog.reject()
