"""One exercise on the Strength tab: its tick, the dose and what was done (sets × reps or
hold, and a load), the knee pain it caused, and its how-to with a line drawing, opened
with "How to".

A view: it shows a ``Guide`` (core/rules/exercises.py) and a tick, and says when the
runner ticks or changes a value; the Strength tab saves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.model import ExerciseTick
from core.rules.exercise_progress import HOLD_SECONDS_MAX, LOAD_KG_MAX, REPS_MAX, SETS_MAX, Done
from core.rules.exercises import Guide, drawing_words
from ui.common import check_box, named, optional_pain_box, optional_value, text_label
from ui.physio_forms import StrictDoubleSpinBox, StrictSpinBox


class Drawing(QLabel):
    """An exercise's line drawing in the palette's text colour (the SVG's
    ``currentColor``), drawn again when the palette changes (dark mode)."""

    SIZE = QSize(210, 140)

    def __init__(self, path: Path, name: str):
        super().__init__()
        self.path = path
        self.svg = path.read_text(encoding="utf-8")
        self.setFixedSize(self.SIZE)
        self.setAccessibleName(f"Drawing: {name}")
        self.setAccessibleDescription(drawing_words(self.svg))
        self.setToolTip(drawing_words(self.svg))
        self._draw()

    def _draw(self) -> None:
        colour = self.palette().color(QPalette.ColorRole.WindowText).name()
        renderer = QSvgRenderer(QByteArray(self.svg.replace("currentColor", colour).encode()))
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.SIZE * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        self.setPixmap(pixmap)

    def changeEvent(self, event: QEvent) -> None:  # Qt names it
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._draw()


def how_to_html(guide: Guide) -> str:
    """The how-to as the card shows it: the parts, the variant chosen, the others."""
    rows = []
    chosen = guide.variant_text
    if chosen:
        rows.append(f"<b>Your physio chose the {guide.variant.value} form, {chosen.name}:</b> "
                    f"{chosen.how}")
    if guide.how_to is None:
        rows.append("Your physio will show you this exercise.")
    else:
        rows += [f"<b>{heading}:</b> {text}" for heading, text in guide.how_to.parts()]
    others = [(label, variant) for label, variant in (("Easier", guide.easier),
                                                      ("Harder", guide.harder))
              if variant and variant != chosen]
    rows += [f"<b>{label}:</b> {variant.name}: {variant.how}" for label, variant in others]
    if guide.own_words:
        rows.append("<i>In your physio's words.</i>")
    return "".join(f'<p style="margin-top:0; margin-bottom:4px">{row}</p>' for row in rows)


class ExerciseCard(QFrame):
    """An exercise of the day's session."""

    ticked = Signal(str, bool)  # the exercise's key, ticked or not
    edited = Signal(str)  # what was done, or the pain, changed

    def __init__(self, guide: Guide):
        super().__init__()
        self.guide = guide
        self.hold = guide.dose.endswith("s hold")
        self._setup_ui()
        self._connect_signals()

    def _setup_ui(self) -> None:
        guide = self.guide
        self.setFrameShape(QFrame.Shape.StyledPanel)
        named(self, guide.shown_name)
        self.tick = check_box(guide.shown_name, f"Done: {guide.shown_name}")
        self.plan = QLabel(f"Plan: {guide.dose}")  # one line: the last time is in ``last``
        self.how = named(QToolButton(), f"How to do {guide.name}")
        self.how.setText("How to ▸")
        self.how.setCheckable(True)
        top = QHBoxLayout()
        top.addWidget(self.tick, 1)
        top.addWidget(self.plan)
        top.addWidget(self.how)

        self.sets = self._whole_box("Sets done", 1, SETS_MAX, " sets")
        if self.hold:
            self.amount = self._whole_box("Seconds held", 1, HOLD_SECONDS_MAX, " s")
        else:
            self.amount = self._whole_box("Reps done", 1, REPS_MAX, " reps")
        self.load = StrictDoubleSpinBox("Load")
        self.load.setRange(0, LOAD_KG_MAX)
        self.load.setDecimals(1)
        self.load.setSingleStep(2.5)
        self.load.setSpecialValueText("none")
        self.load.setSuffix(" kg")
        named(self.load, f"Load for {guide.name}", "Optional: the weight used, in kg")
        self.pain = optional_pain_box(f"Knee pain during {guide.name}")
        done = QHBoxLayout()
        done.addWidget(QLabel("Did"))
        done.addWidget(self.sets)
        done.addWidget(QLabel("×"))
        done.addWidget(self.amount)
        done.addSpacing(12)
        done.addWidget(QLabel("Load"))
        done.addWidget(self.load)
        done.addSpacing(12)
        done.addWidget(QLabel("Knee pain"))
        done.addWidget(self.pain)
        done.addStretch(1)

        self.details = QWidget()
        details = QHBoxLayout(self.details)
        details.setContentsMargins(0, 4, 0, 0)
        if guide.illustration is not None:
            self.drawing: Drawing | None = Drawing(guide.illustration, guide.name)
            details.addWidget(self.drawing, 0, Qt.AlignmentFlag.AlignTop)
        else:
            self.drawing = None
        self.last = text_label("", f"Last time: {guide.name}", selectable=False)
        self.words = text_label(how_to_html(guide), f"How to do {guide.name}")
        self.words.setTextFormat(Qt.TextFormat.RichText)
        words = QVBoxLayout()
        words.addWidget(self.last)
        words.addWidget(self.words, 1)
        details.addLayout(words, 1)
        self.details.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(done)
        layout.addWidget(self.details)

    def _whole_box(self, name: str, low: int, high: int, suffix: str) -> QSpinBox:
        box = StrictSpinBox(name)
        box.setRange(low, high)
        box.setSuffix(suffix)
        named(box, f"{name}: {self.guide.name}")
        return box

    def _connect_signals(self) -> None:
        self.tick.toggled.connect(lambda on: self.ticked.emit(self.guide.key, on))
        for box in (self.sets, self.amount, self.load, self.pain):
            box.valueChanged.connect(lambda _: self.edited.emit(self.guide.key))
        self.how.toggled.connect(self.show_how_to)

    def show_how_to(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.how.setText("Hide how-to ▾" if shown else "How to ▸")
        with QSignalBlocker(self.how):
            self.how.setChecked(shown)

    def focus_order(self) -> tuple[QWidget, ...]:
        """The card's controls in the order Tab visits them."""
        return self.tick, self.how, self.sets, self.amount, self.load, self.pain

    def show_tick(self, exercise: ExerciseTick, last_time: Done | None) -> None:
        """The stored tick; an exercise not ticked yet starts from ``last_time`` (when
        counted the same way), else from its dose."""
        if exercise.ticked or last_time is None or bool(last_time.hold_seconds) != self.hold:
            sets, amount, load = exercise.done
        else:
            sets, amount, load = last_time.sets, last_time.amount, last_time.load_kg
        # A box is set only if its value differs: setting the same value repaints the box
        # (8 cards' boxes were ~1.5 ms of a tick's redraw).
        whole = ((self.sets, sets), (self.amount, amount),
                 (self.pain, -1 if exercise.pain is None else exercise.pain))
        with (QSignalBlocker(self.tick), QSignalBlocker(self.sets), QSignalBlocker(self.amount),
              QSignalBlocker(self.load), QSignalBlocker(self.pain)):
            self.tick.setChecked(exercise.ticked)
            for box, value in whole:
                if box.value() != value:
                    box.setValue(value)
            if self.load.value() != (load or 0):
                self.load.setValue(load or 0)
        self.last.setText(f"<b>Last time</b> ({last_time.date:%a %d %b}): {last_time.text}."
                          if last_time else "<b>First time:</b> start with the plan's dose.")

    def done(self) -> dict[str, Any]:
        """What the boxes say was done, as core's ``tick_exercise`` takes it."""
        return {"sets": self.sets.value(),
                ("hold_seconds" if self.hold else "reps"): self.amount.value(),
                "load_kg": optional_value(self.load)}

    def pain_value(self) -> int | None:
        return optional_value(self.pain)

