"""The review of an import: one row per activity read, what it will be saved as, and what
the runner adds that a watch cannot know (pain during, effort, a limp, swelling).

A walk–run is saved at the level prescribed that day with the rounds and minutes the
watch recorded; its pain during is asked for, since the next morning's check-in decides
only with it. Duplicates, activities that save nothing and files that cannot be read
are listed with their reason and left alone. Save writes each through
``Runback.save_import`` (a row refused says why; the others are saved), once; every
control is reached with Tab, Enter saves, Escape cancels and saves nothing.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.changes import Area, Changes
from core.errors import InvalidInput, RunbackError
from core.exchange.watch.batch import describe
from core.exchange.watch.match import ImportKind
from ui.colors import ink
from ui.common import (
    button,
    check_box,
    effort_box,
    feedback_label,
    heading,
    named,
    optional_pain_box,
    optional_value,
    show_feedback,
    text_label,
)

if TYPE_CHECKING:
    from core.exchange.watch import Read
    from core.exchange.watch.match import ImportProposal
    from core.runback import Runback
    from ui.common import Operations

TITLE = "Import from a watch: review"
HEADERS = ("When", "Saved as", "Knee pain during", "Effort", "Limp", "Swelling")
ASKED = (ImportKind.WALK_RUN, ImportKind.RUN)  # the kinds with pain, effort, limp, swelling
INPUT_COLUMN = 2
WIDEST_CHARACTERS = 200
# Saving goes on for this long at a time, then the window answers (a save takes ~5–40 ms).
SAVE_SLICE_SECONDS = 0.1  # the rows' width at most, in average characters


class Row:
    """One activity read: its proposal (None for a file that cannot be read) and, when it
    will be saved, the runner's inputs."""

    def __init__(self, number: int, read: Read, proposal: ImportProposal | None):
        self.number = number
        self.read = read
        self.proposal = proposal
        self.pain: QSpinBox | None = None
        self.effort: QSpinBox | None = None
        self.limp: QCheckBox | None = None
        self.swelling: QCheckBox | None = None
        self.outcome: QLabel | None = None

    @property
    def saved(self) -> bool:
        return self.proposal is not None and self.proposal.saved

    @property
    def when(self) -> str:
        activity = self.read.activity
        if activity is None:
            return "—"
        start = activity.start
        return f"{start:%a} {start.day} {start:%b %Y}, {start:%H:%M}"

    def filled(self) -> ImportProposal:
        """The proposal with what the runner added."""
        if self.proposal is None:
            raise ValueError("a file that cannot be read saves nothing")
        fields: dict[str, object] = {}
        if self.pain is not None:
            fields["pain_during"] = optional_value(self.pain)
        if self.effort is not None:
            fields["effort"] = optional_value(self.effort)
        if self.limp is not None and self.swelling is not None:
            fields["limp"] = self.limp.isChecked()
            fields["swelling"] = self.swelling.isChecked()
        return dataclasses.replace(self.proposal, **fields)  # type: ignore[arg-type]


class ImportDialog(QDialog):
    """Review what was read; save what is to be saved."""

    finished_saving = Signal()

    def __init__(self, ops: Operations, reads: list[tuple[Read, ImportProposal | None]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        # By date, as a week's files are remembered; files that cannot be read last.
        in_order = sorted(reads, key=lambda pair: (pair[0].activity is None,
                                                   _start(pair[0])))
        self.rows = [Row(number, read, proposal)
                     for number, (read, proposal) in enumerate(in_order, start=1)]
        self.saved_count = 0
        self.saving = False
        self._queue: list[tuple[Row, ImportProposal]] = []
        self._results: dict[int, str] = {}
        self._setup_ui()
        self._connect_signals()

    @property
    def to_save(self) -> list[Row]:
        return [row for row in self.rows if row.saved]

    def _setup_ui(self) -> None:
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        count = len(self.to_save)
        self.title = heading(f"{len(self.rows)} {_plural(len(self.rows), 'activity')} read: "
                             f"{count} to save", scale=1.25)
        self.title.setAccessibleName("Import summary")
        self.help = text_label(
            "Add what the watch cannot know: the knee pain you had during each walk–run "
            "and run (0 = none, 10 = worst), how hard it felt, and a limp or new swelling. "
            "A walk–run counts at the level prescribed that day; the next morning's check-in "
            "decides the next step, as usual.", name="How to review")

        table = QWidget()
        self.grid = QGridLayout(table)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        for column, text in enumerate(HEADERS):
            label = QLabel(f"<b>{text}</b>")
            self.grid.addWidget(label, 0, column)
        for row in self.rows:
            self._add_row(row)
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(len(self.rows) + 1, 1)
        # On a wide screen the inputs stay beside the words they are about.
        table.setMaximumWidth(self.fontMetrics().averageCharWidth() * WIDEST_CHARACTERS)
        content = QWidget()
        beside = QHBoxLayout(content)
        beside.setContentsMargins(0, 0, 0, 0)
        beside.addWidget(table, 1)
        beside.addStretch(0)  # what is left beyond the widest
        self.list_area = QScrollArea()
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.list_area.setWidget(content)
        named(self.list_area, "Activities read")

        self.feedback = feedback_label()
        self.save = button(f"&Save {count} {_plural(count, 'activity')}",
                           "Save the activities", primary=True)
        self.save.setEnabled(count > 0)
        self.cancel = button("Cancel" if count else "&Close",
                             "Cancel the import" if count else "Close")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        layout.addWidget(self.list_area, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        self.resize(*_size(self))
        first = next((row.pain for row in self.rows if row.pain is not None), None)
        (first or (self.save if count else self.cancel)).setFocus()

    def _add_row(self, row: Row) -> None:
        grid, line = self.grid, row.number
        proposal = row.proposal
        when = text_label(row.when.replace(", ", "\n"), name=f"Activity {line}: when")
        when.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.addWidget(when, line, 0)
        what = text_label(_what(row, ink("error", self.palette()),
                                ink("orange", self.palette())), name=f"Activity {line}")
        what.setTextFormat(Qt.TextFormat.RichText)
        cell = QVBoxLayout()
        cell.setSpacing(2)
        cell.addWidget(what)
        if proposal is not None and proposal.saved:
            row.outcome = text_label(name=f"Activity {line}: outcome")
            row.outcome.setVisible(False)
            cell.addWidget(row.outcome)
        grid.addLayout(cell, line, 1)
        if proposal is None or proposal.kind not in (*ASKED, ImportKind.CROSS_TRAINING):
            return
        short = f"activity {line} ({row.when})"
        row.pain = optional_pain_box(f"Knee pain during {short}")
        row.effort = effort_box(f"Effort of {short}")
        row.effort.setRange(-1, 10)
        row.effort.setSpecialValueText("—")
        row.effort.setValue(-1)
        grid.addWidget(row.pain, line, INPUT_COLUMN, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(row.effort, line, INPUT_COLUMN + 1, Qt.AlignmentFlag.AlignTop)
        if proposal.kind in ASKED:
            row.limp = check_box("", f"Limp during {short}")
            row.swelling = check_box("", f"New swelling after {short}")
            grid.addWidget(row.limp, line, INPUT_COLUMN + 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(row.swelling, line, INPUT_COLUMN + 3, Qt.AlignmentFlag.AlignTop)

    def _connect_signals(self) -> None:
        self.save.clicked.connect(self.save_all)
        self.cancel.clicked.connect(self.reject)

    def save_all(self) -> bool:
        """Save every activity to be saved, with what the runner added. A slice at a time
        (``SAVE_SLICE_SECONDS``), the window answering between two: a few are saved at
        once, a long export over many turns of the event loop (``finished`` says when).

        :return: whether saving started (False: a walk–run lacks its pain, or the file is
            read-only; the message says so).
        """
        missing = next((row for row in self.to_save if row.pain is not None
                        and row.proposal is not None
                        and row.proposal.kind is ImportKind.WALK_RUN
                        and optional_value(row.pain) is None), None)
        if missing is not None and missing.pain is not None:
            show_feedback(self.feedback, f"Add the knee pain during the walk–run of "
                                         f"{missing.when}: the next morning's check-in "
                                         f"decides only with it.", error=True)
            missing.pain.setFocus()
            self.list_area.ensureWidgetVisible(missing.pain)
            return False
        self._queue = [(row, row.filled()) for row in self.to_save]
        self._results = {}
        self.saving = True
        self.save.setEnabled(False)
        self.cancel.setEnabled(False)  # what is saved stays saved: nothing to cancel
        started = self._save_some()
        if not started:
            self.saving = False
            self.save.setEnabled(True)
            self.cancel.setEnabled(True)
        return started

    def _save_some(self) -> bool:
        """One slice of the saving; the next is queued if any is left."""
        results, queue = self._results, self._queue
        deadline = time.perf_counter() + SAVE_SLICE_SECONDS

        def save(runback: Runback) -> Changes:
            areas: set[Area] = set()
            notices: list[str] = []
            first = True
            while queue and (first or time.perf_counter() < deadline):
                first = False
                row, proposal = queue.pop(0)
                try:
                    changes = runback.save_import(proposal)
                except InvalidInput as error:
                    results[row.number] = str(error)
                    continue
                except RunbackError as error:  # the file itself: stop, keep what is saved
                    results[row.number] = str(error)
                    queue.clear()
                    break
                results[row.number] = ""
                areas |= changes.areas
                if changes.notice:
                    notices.append(changes.notice)
            return Changes(frozenset(areas), " ".join(dict.fromkeys(notices)))

        if not self.ops.run(save, self.feedback):
            return False
        if queue:
            show_feedback(self.feedback, f"Saving… {len(results)} of {len(self.to_save)}")
            QTimer.singleShot(0, self._save_some)
        else:
            self.saving = False
            self._show_saved(results)
            self.finished_saving.emit()
        return True

    def reject(self) -> None:
        if not self.saving:  # Escape while saving: the saving goes on to the end
            super().reject()

    def _show_saved(self, results: dict[int, str]) -> None:
        saved = [row for row in self.to_save if results.get(row.number) == ""]
        self.saved_count = len(saved)
        for row in self.to_save:
            if row.outcome is None:
                continue
            problem = results.get(row.number)
            row.outcome.setText("✓ Saved" if problem == "" else
                                f"✗ Not saved: {problem or 'stopped after an earlier error'}")
            row.outcome.setVisible(True)
            for control in (row.pain, row.effort, row.limp, row.swelling):
                if control is not None:
                    control.setEnabled(False)
        refused = len(self.to_save) - len(saved)
        text = f"Saved {len(saved)} {_plural(len(saved), 'activity')}."
        if refused:
            text += f" {refused} not saved: each row says why."
        if any(row.proposal is not None and row.proposal.kind is ImportKind.WALK_RUN
               for row in saved):
            text += " Tomorrow morning's check-in decides the next step."
        show_feedback(self.feedback, text, error=bool(refused))
        self.save.setVisible(False)
        self.cancel.setEnabled(True)
        self.cancel.setText("&Close")
        named(self.cancel, "Close")
        self.cancel.setDefault(True)
        self.cancel.setAutoDefault(True)
        self.cancel.setFocus()
        status = getattr(self.parent(), "statusBar", None)
        if callable(status):
            status().showMessage(f"Imported {len(saved)} {_plural(len(saved), 'activity')} "
                                 f"from the watch.", 15000)


def _what(row: Row, error: str, warning: str) -> str:
    """The row's middle cell, rich text: what it is saved as, or why not; the file, and
    why it is offered as that. ``error`` and ``warning`` are the palette's inks."""
    import html

    proposal, read = row.proposal, row.read
    source = html.escape(read.source.name)
    if proposal is None:
        return (f"<b>Not imported: the file cannot be read</b><br>"
                f"<span style='color:{error}'>⚠ {html.escape(_sentence(read.problem or ''))}</span>"
                f"<br><small>{source}</small>")
    if proposal.kind is ImportKind.DUPLICATE:
        return (f"<b>Duplicate, skipped</b><br>{html.escape(_sentence(proposal.reason))}"
                f"<br><small>{source}</small>")
    if proposal.kind is ImportKind.SKIP:
        return (f"<b>Skipped</b>: {html.escape(proposal.reason)}<br><small>{source}</small>")
    words = describe(proposal, dated=False)
    text = f"<b>{html.escape(words[0].upper() + words[1:])}</b>"
    text += f"<br><small>{source}: {html.escape(proposal.reason)}</small>"
    if proposal.warning:
        text += f"<br><span style='color:{warning}'>⚠ {html.escape(proposal.warning)}</span>"
    return text


def _start(read: Read) -> float:
    return read.activity.start.timestamp() if read.activity is not None else 0.0


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".") if text else text


def _plural(count: int, word: str) -> str:
    if count == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _size(dialog: QDialog) -> tuple[int, int]:
    """Wide enough for a row on one line, within the screen it opens on."""
    screen = dialog.screen().availableGeometry()
    return min(1000, screen.width() - 40), min(640, screen.height() - 60)
