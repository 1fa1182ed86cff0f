"""A runner and their physio using the real window as fast as they can, for
test_window_kills.py to kill at random.

Run as ``python -m tests.reliability.window_writer FILE SETTINGS SEED``; it loads its
modules, prints ``loaded`` and waits for ``go FIRST`` on stdin before it opens the file (so
the parent can start the next window while the last one runs and its file is checked);
its actions are numbered from FIRST. Every action
goes through the real widgets of the real ``MainWindow`` (offscreen): the form's fields are
filled, its button clicked (``QTest.mouseClick``), the event loop turns between actions.
Before an action it prints ``begin N KIND``; only once the window *shows* it saved (the
form's feedback reads its "Saved…" line, a strength box shows its new state and the
session's count agrees) does it print ``done N KIND WHAT``: what the runner was told.

Kinds (each entry is on a day of its own, ``day_of(N)``, and carries the note or reason
``aN``, so it can be found afterwards):

- ``check_in``: the Today tab's daily check-in;
- ``cross``: cross-training on the Calm tab;
- ``walk_run``: a walk–run session on the Return-to-run tab (level, rounds, pain…);
- ``tick`` / ``untick``: a strength exercise on the Strength tab (``WHAT`` = day and key);
- ``level`` / ``stage``: the physio places the runner on a ladder level or sets the stage
  on the Physio tab (a plan change, or a stage event, with its reason).

Anything else the window shows (an error in a feedback line, a box that does not take
its state) is printed as ``fail …`` and the process exits 1: the parent fails the test.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QPoint, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton, QWidget

from core.model import Stage
from core.runback import Runback
from tests.reliability.writer import NOW, day_of
from ui import replace_question
from ui.app import application
from ui.main_window import MainWindow

KINDS = ("check_in", "cross", "walk_run", "tick", "tick", "tick", "level", "stage")


def qdate(day) -> QDate:
    return QDate(day.year, day.month, day.day)


def click(button) -> None:
    """A left click where the runner would click: a check box on its box, a button in its
    middle."""
    where = QPoint()  # the middle
    if isinstance(button, QCheckBox):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        where = button.style().subElementRect(
            QStyle.SubElement.SE_CheckBoxIndicator, option, button).center()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def type_into(line_edit, text: str) -> None:
    line_edit.clear()
    QTest.keyClicks(line_edit, text)


def control(view: QWidget, name: str) -> QWidget:
    """The one control in ``view`` with this accessible name (what a screen reader, or a
    runner, knows it by)."""
    found = [w for w in view.findChildren(QWidget) if w.accessibleName() == name]
    if len(found) != 1:
        raise Failed(f"{len(found)} controls named {name!r}")
    return found[0]


class Failed(Exception):
    """The window did not show an action saved."""


class WindowWriter:
    def __init__(self, window: MainWindow, rng: random.Random):
        self.window = window
        self.rng = rng
        self.strength_day = None  # the day whose exercises are being ticked

    def act(self, index: int, kind: str) -> str:
        """Do one action through the widgets; return what identifies it in the file
        (besides its note), once the window shows it saved; raise ``Failed`` otherwise."""
        return getattr(self, kind)(index, day_of(index), f"a{index}")

    @staticmethod
    def expect(label, text: str, prefix: bool = False) -> None:
        shown = label.text()
        if not label.isVisibleTo(label.window()) or not (
                shown.startswith(text) if prefix else shown == text):
            raise Failed(f"{label.accessibleName() or 'feedback'} shows {shown!r}")

    def check_in(self, index, day, note) -> str:
        window = self.window
        window.show_view(window.today_tab)
        form = window.today_tab.check_in
        pain = self.rng.randint(0, 10)
        control(form, "Check-in date").setDate(qdate(day))  # loads what is stored that day
        control(form, "Knee pain now").setValue(pain)
        type_into(control(form, "Check-in notes"), note)
        click(form.save)
        self.expect(form.feedback, f"Saved: {pain}/10 on {day.isoformat()}.")
        return day.isoformat()

    def cross(self, index, day, note) -> str:
        tab = self.window.stage_tabs[Stage.CALM]
        self.window.show_view(tab)
        activity = control(tab, "Activity")
        activity.setCurrentIndex(self.rng.randrange(activity.count()))
        minutes = self.rng.randint(10, 90)
        control(tab, "Cross-training minutes").setValue(minutes)
        control(tab, "Cross-training effort").setValue(self.rng.randint(1, 8))
        control(tab, "Knee pain during cross-training").setValue(self.rng.randint(0, 4))
        control(tab, "Cross-training date").setDate(qdate(day))
        type_into(control(tab, "Cross-training notes"), note)
        click(tab.save)
        self.expect(tab.feedback,
                    f"Logged {minutes:g} min of {activity.currentText().lower()}.")
        return day.isoformat()

    def walk_run(self, index, day, note) -> str:
        tab = self.window.stage_tabs[Stage.RETURN_TO_RUN]
        self.window.show_view(tab)
        control(tab, "Walk–run date").setDate(qdate(day))
        level = control(tab, "Level done")
        level.setValue(self.rng.randint(1, level.maximum()))  # fills in the level's plan
        rounds = control(tab, "Rounds done")
        rounds.setValue(max(1, rounds.value() - self.rng.randint(0, 2)))
        control(tab, "Knee pain during the session").setValue(self.rng.randint(0, 4))
        control(tab, "Session effort").setValue(self.rng.randint(2, 6))
        control(tab, "Limp").setChecked(self.rng.random() < 0.1)
        type_into(control(tab, "Walk–run notes"), note)
        click(tab.save)
        self.expect(tab.feedback, "Saved.", prefix=True)
        return day.isoformat()

    def tick(self, index, day, note) -> str:
        """Tick an unticked exercise of the current strength day (a new day now and then),
        or, one time in four, untick a ticked one."""
        tab = self.window.stage_tabs[Stage.STRENGTH]
        self.window.show_view(tab)
        if self.strength_day is None or self.rng.random() < 0.15:
            self.strength_day = day
        control(tab, "Strength session date").setDate(qdate(self.strength_day))
        ticked = [key for key, (box, _) in tab.rows.items() if box.isChecked()]
        unticked = [key for key, (box, _) in tab.rows.items() if not box.isChecked()]
        untick = bool(ticked) and (not unticked or self.rng.random() < 0.25)
        key = self.rng.choice(ticked if untick else unticked)
        kind = "untick" if untick else "tick"
        print(f"begin {index} {kind} {self.strength_day.isoformat()} {key}", flush=True)
        box = tab.rows[key][0]
        click(box)
        count = len(ticked) + (-1 if untick else 1)
        if box.isChecked() == untick:
            raise Failed(f"the box for {key} shows {box.isChecked()} after the click")
        total = len(tab.rows)
        status = (f"Session complete: all {total}" if count == total else
                  f"Partial session: {count} of {total}" if count else f"{total} exercises")
        self.expect(tab.status, status, prefix=True)
        return f"{kind} {self.strength_day.isoformat()} {key}"

    def level(self, index, day, note) -> str:
        tab = self.window.physio_tab
        self.window.show_view(tab)
        level = self.rng.randint(1, tab.level.maximum())
        tab.level.setValue(level)
        type_into(tab.level_reason, note)
        click(tab.level_button)
        self.expect(tab.level_feedback, f"Placed on walk–run level {level}.")
        return str(level)

    def stage(self, index, day, note) -> str:
        tab = self.window.physio_tab
        self.window.show_view(tab)
        now = self.window.runback.stage
        choices = [i for i in range(tab.stage_choice.count())
                   if tab.stage_choice.itemData(i) is not now]
        tab.stage_choice.setCurrentIndex(self.rng.choice(choices))
        stage = tab.stage_choice.currentData()
        type_into(tab.stage_reason, note)
        click(tab.set_stage_button)
        self.expect(tab.stage_feedback, f"Stage set to {int(stage)}: {stage.title}.")
        return str(int(stage))


def main(argv: list[str]) -> None:
    path, settings, seed = Path(argv[0]), argv[1], int(argv[2])
    print("loaded", flush=True)
    word, first = sys.stdin.readline().split()
    assert word == "go"
    app = application()
    replace_question.ask = lambda parent, title, question: True  # a day's entry replaced
    window = MainWindow(Runback.open(path, clock=lambda: NOW),
                        QSettings(settings, QSettings.Format.IniFormat))
    window.show()
    writer = WindowWriter(window, random.Random(seed))
    index = int(first)

    def step() -> None:
        nonlocal index
        kind = writer.rng.choice(KINDS)
        if kind != "tick":  # a tick says whether it ticks or unticks once it has looked
            print(f"begin {index} {kind}", flush=True)
        try:
            what = writer.act(index, kind)
        except Exception as failure:  # any of them fails the test
            print(f"fail {index} {kind} {type(failure).__name__}: {failure}", flush=True)
            app.exit(1)
            return
        print(f"done {index} {what if kind == 'tick' else f'{kind} {what}'}", flush=True)
        index += 1
        QTimer.singleShot(0, step)  # the event loop turns (paints) between actions

    print("ready", flush=True)
    QTimer.singleShot(0, step)
    sys.exit(app.exec())


if __name__ == "__main__":
    main(sys.argv[1:])
