"""The physio's tab: stage, settings, walk–run level, exercises, history and export.

Every change is made as the physio (``Actor.PHYSIO``) with a reason, which core keeps in
the runner's file. The tab redraws only when shown: it is heavy and usually hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.changes import Area, Changes
from core.model import Actor, Stage
from core.rules import exercises
from core.today_card import ACTOR_WORDS, decision_row, stage_event_row
from ui.common import (
    Operations,
    button,
    card,
    combo,
    feedback_label,
    heading,
    named,
    show_feedback,
    text_label,
)
from ui.outcomes_card import OutcomesCard

if TYPE_CHECKING:
    from ui.discharge_dialog import DischargeDialog
from ui.physio_forms import (
    ExerciseTable,
    SettingsForm,
    change_settings,
    describe_value,
    fill_table,
    history_table,
    setting_label,
)

# Areas after which a section's editors reload (and lose unsaved edits).
RELOADS_EDITORS = frozenset({Area.PLAN, Area.FILE})


def reason_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText("Reason (kept in the runner's history)")
    named(box, name, "Required: say why; it is stored with the change")
    return box


def action_row(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    row = QHBoxLayout()
    for index, widget in enumerate(widgets):
        row.addWidget(widget, 1 if stretch_first and index == 0 else 0)
    return row


class PhysioTab(QWidget):
    export_requested = Signal()

    def __init__(self, ops: Operations):
        super().__init__()
        self.ops = ops
        self._pending: set[Area] = {Area.FILE}
        self._setup_ui()
        self._connect_signals()

    # --- building -----------------------------------------------------------------------

    def _setup_ui(self) -> None:
        self.title = heading("Physio")
        self.intro = text_label("Adjust this runner's plan. Every change is dated and kept "
                                "with your reason; it applies from today.", "Physio intro")
        self.export_button = button("Export for the physio…", "Export for the physio "
                                    "(spreadsheet)")
        self.report_button = button("Report…", "Write the clinical report for the physio "
                                    "(PDF)")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.report_button)
        top.addLayout(self._discharge_row())
        first_row = QHBoxLayout()
        first_row.addWidget(self._stage_card(), 1)
        first_row.addWidget(self._level_card(), 1)
        self.sections = QWidget()
        body = QVBoxLayout(self.sections)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(first_row)
        body.addWidget(self._settings_card())
        body.addWidget(self._exercise_card())
        body.addWidget(self._history_card())
        self.outcomes = OutcomesCard(self.ops)  # the questionnaires (issue 13)
        body.addWidget(self.outcomes)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(top)
        layout.addWidget(self.intro)
        layout.addWidget(self.discharged_text)
        layout.addWidget(self.sections)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        named(self.scroll_area, "Physio sections")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

    def _discharge_row(self) -> QHBoxLayout:
        """Discharge… (the programme finished), or Re-open once discharged; what is in
        force is said under the intro."""
        self.discharge_button = button("Discharge…", "Discharge the runner: the programme "
                                       "is finished")
        self.reopen_button = button("Re-open", "Re-open the programme (undo the discharge)")
        self.discharged_text = text_label(name="Discharge in force")
        row = QHBoxLayout()
        row.addWidget(self.discharge_button)
        row.addWidget(self.reopen_button)
        self.discharge_dialog: DischargeDialog | None = None
        return row

    def _stage_card(self) -> QGroupBox:
        box = card("Stage")
        self.stage_now = heading(scale=1.15)
        self.stage_since = text_label(name="Stage since")
        self.suggestion_text = text_label(name="Suggested stage move")
        self.decline_reason = QLineEdit()
        self.decline_reason.setPlaceholderText("Why not yet (optional, for Decline)")
        named(self.decline_reason, "Reason to decline")
        self.accept_button = button("Accept", "Accept suggested stage")
        self.decline_button = button("Decline", "Decline suggested stage")
        self.suggestion = QFrame()
        self.suggestion.setFrameShape(QFrame.Shape.StyledPanel)
        suggestion_layout = QVBoxLayout(self.suggestion)
        suggestion_layout.addWidget(self.suggestion_text)
        suggestion_layout.addLayout(action_row(self.decline_reason, self.accept_button,
                                               self.decline_button))
        self.stage_choice = combo("New stage", [(f"{int(s)} {s.title}", s) for s in Stage])
        self.stage_reason = reason_box("Reason for the stage")
        self.set_stage_button = button("Set stage")
        self.stage_feedback = feedback_label()
        layout = QVBoxLayout(box)
        layout.addWidget(self.stage_now)
        layout.addWidget(self.stage_since)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.stage_choice)
        layout.addLayout(action_row(self.stage_reason, self.set_stage_button))
        layout.addWidget(self.stage_feedback)
        layout.addStretch(1)
        return box

    def _level_card(self) -> QGroupBox:
        box = card("Walk–run level")
        self.level_now = text_label(name="Current walk–run level")
        self.level = QSpinBox()
        named(self.level, "Walk–run level to place on")
        self.level_description = text_label(name="Chosen level")
        self.level_reason = reason_box("Reason for the level")
        self.level_button = button("Place on level")
        self.level_feedback = feedback_label()
        layout = QVBoxLayout(box)
        layout.addWidget(self.level_now)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Level"))
        chooser.addWidget(self.level)
        chooser.addWidget(self.level_description, 1)
        self.level.setMinimumWidth(70)
        layout.addLayout(chooser)
        layout.addLayout(action_row(self.level_reason, self.level_button))
        layout.addWidget(self.level_feedback)
        layout.addStretch(1)
        return box

    def _exercise_card(self) -> QGroupBox:
        box = card("Exercises")
        self.exercises = ExerciseTable()
        self.add_exercise_button = button("Add exercise")
        self.exercise_reason = reason_box("Reason for the programme")
        self.save_exercises_button = button("Save programme")
        self.exercise_feedback = feedback_label()
        layout = QVBoxLayout(box)
        layout.addWidget(text_label("Each strength session lists these, in this order.",
                                    "Exercises help"))
        layout.addWidget(self.exercises)
        adding = QHBoxLayout()
        adding.addWidget(self.add_exercise_button)
        adding.addStretch(1)
        layout.addLayout(adding)
        layout.addLayout(action_row(self.exercise_reason, self.save_exercises_button))
        layout.addWidget(self.exercise_feedback)
        return box

    def _settings_card(self) -> QGroupBox:
        box = card("Thresholds")
        self.settings = SettingsForm()
        self.settings_reason = reason_box("Reason for the thresholds")
        self.discard_button = button("Discard edits")
        self.apply_button = button("Apply")
        self.settings_feedback = feedback_label()
        layout = QVBoxLayout(box)
        layout.addWidget(text_label("Edit any value, then Apply with a reason: only the "
                                    "values you changed are recorded.", "Thresholds help"))
        layout.addWidget(self.settings)
        layout.addLayout(action_row(self.settings_reason, self.discard_button,
                                    self.apply_button))
        layout.addWidget(self.settings_feedback)
        return box

    def _history_card(self) -> QGroupBox:
        box = card("History")
        self.stage_history = history_table(
            "Stage history", ("Date", "Event", "Stage", "By", "Reason"))
        self.plan_history = history_table(
            "Plan changes", ("Date", "Setting", "By", "Value", "Reason"), wide=2)
        self.decision_history = history_table(
            "Walk–run decisions", ("Date", "Level", "Decision", "Reason"))
        self.history_tabs = QTabWidget()
        named(self.history_tabs, "History tables")
        self.history_tabs.addTab(self.stage_history, "Stage changes")
        self.history_tabs.addTab(self.plan_history, "Plan changes")
        self.history_tabs.addTab(self.decision_history, "Walk–run decisions")
        QVBoxLayout(box).addWidget(self.history_tabs)
        return box

    def _connect_signals(self) -> None:
        self.export_button.clicked.connect(self.export_requested)
        self.report_button.clicked.connect(self.write_report)
        self.accept_button.clicked.connect(self.accept_suggestion)
        self.decline_button.clicked.connect(self.decline_suggestion)
        self.set_stage_button.clicked.connect(self.set_stage)
        self.level.valueChanged.connect(self._describe_level)
        self.level_button.clicked.connect(self.place_on_level)
        self.add_exercise_button.clicked.connect(self.add_exercise)
        self.save_exercises_button.clicked.connect(self.save_programme)
        self.discard_button.clicked.connect(self._reload_settings)
        self.apply_button.clicked.connect(self.apply_settings)
        self.discharge_button.clicked.connect(self.discharge)
        self.reopen_button.clicked.connect(self.reopen)

    # --- actions ------------------------------------------------------------------------

    def _run(self, action, feedback: QLabel, success: str, reason: QLineEdit) -> None:
        if self.ops.run(action, feedback, success):
            reason.clear()

    def write_report(self) -> None:
        from ui.report_action import report_with_dialog

        report_with_dialog(self, self.ops)

    def discharge(self) -> None:
        """The date and note dialog; saved (as the physio) when its Discharge is pressed."""
        from ui.discharge_dialog import DischargeDialog

        self.discharge_dialog = DischargeDialog(self, self.ops)
        self.discharge_dialog.open()

    def reopen(self) -> None:
        self.ops.run(lambda rb: rb.reopen(), self.stage_feedback,
                     "Programme re-opened: the discharge is kept in its history.")

    def accept_suggestion(self) -> None:
        self._run(lambda rb: rb.accept_suggestion(Actor.PHYSIO), self.stage_feedback,
                  "Stage move accepted.", self.decline_reason)

    def decline_suggestion(self) -> None:
        why = self.decline_reason.text()
        self._run(lambda rb: rb.decline_suggestion(Actor.PHYSIO, why), self.stage_feedback,
                  "Suggestion declined; it returns only on fresh evidence.", self.decline_reason)

    def set_stage(self) -> None:
        stage, why = self.stage_choice.currentData(), self.stage_reason.text()
        self._run(lambda rb: rb.set_stage(stage, why, Actor.PHYSIO), self.stage_feedback,
                  f"Stage set to {int(stage)}: {stage.title}.", self.stage_reason)

    def place_on_level(self) -> None:
        level, why = self.level.value(), self.level_reason.text()
        self._run(lambda rb: rb.change_plan("walk_run.level", level, why, Actor.PHYSIO),
                  self.level_feedback, f"Placed on walk–run level {level}.", self.level_reason)

    def add_exercise(self) -> None:
        self.exercises.add_row().setFocus()

    def save_programme(self) -> None:
        programme, why = self.exercises.programme(), self.exercise_reason.text()
        self._run(lambda rb: rb.change_plan("strength.exercises", programme, why, Actor.PHYSIO),
                  self.exercise_feedback, f"Programme saved: {len(programme)} exercises.",
                  self.exercise_reason)

    def apply_settings(self) -> None:
        edits = self.settings.edited(self.ops.runback.protocol)
        if not edits:
            show_feedback(self.settings_feedback, "No value was changed.")
            return
        why = self.settings_reason.text()
        names = ", ".join(setting_label(key) for key in edits)
        self._run(lambda rb: change_settings(rb, edits, why), self.settings_feedback,
                  f"Saved: {names}.", self.settings_reason)

    # --- showing ------------------------------------------------------------------------

    def refresh(self, changes: Changes) -> None:
        """Note what changed; redraw now if shown, else when next shown."""
        self._pending |= changes.areas
        if self.isVisible():
            self._redraw()

    def showEvent(self, event: QShowEvent) -> None:  # Qt names it
        super().showEvent(event)
        if self._pending:
            self._redraw()

    def _redraw(self) -> None:
        areas, self._pending = self._pending, set()
        runback = self.ops.runback
        self.sections.setEnabled(not runback.needs_setup)
        self._show_discharge()
        if Area.FILE in areas:
            for label in (self.stage_feedback, self.level_feedback, self.exercise_feedback,
                          self.settings_feedback):
                label.hide()
        if runback.needs_setup:
            self.stage_now.setText("No runner yet: finish the first-run setup.")
            self._pending = {Area.FILE}  # load everything once there is a runner
            return
        self._show_stage()
        self._show_level(reload=bool(areas & (RELOADS_EDITORS | {Area.SESSIONS})))
        if areas & RELOADS_EDITORS:
            self._reload_settings()
            protocol = self.ops.runback.protocol
            self.exercises.load(protocol.exercises, exercises.own_words(protocol))
        self._show_history()
        self.outcomes.refresh(areas)

    def _show_discharge(self) -> None:
        runback = self.ops.runback
        discharge = None if runback.needs_setup else runback.discharged()
        self.discharge_button.setEnabled(not runback.needs_setup)
        self.discharge_button.setVisible(discharge is None)
        self.reopen_button.setVisible(discharge is not None)
        self.discharged_text.setVisible(discharge is not None)
        if discharge is not None:
            note = f" Note: {discharge.note}" if discharge.note else ""
            self.discharged_text.setText(f"Discharged on {discharge.date.isoformat()}: the "
                                         f"programme is finished.{note}")

    def _show_stage(self) -> None:
        runback = self.ops.runback
        stage = runback.stage
        assert stage is not None  # a window opens only a started file, which has a stage
        self.stage_now.setText(f"Stage {int(stage)}: {stage.title}")
        since = runback.stage_since()
        self.stage_since.setText(f"Since {since.isoformat()}." if since else "")
        self.stage_choice.setCurrentIndex(self.stage_choice.findData(stage))
        suggestion = runback.suggestion()
        self.suggestion.setVisible(suggestion is not None)
        if suggestion is not None:
            verb = "moving on" if suggestion.forward else "stepping back"
            self.suggestion_text.setText(
                f"The app suggests {verb} to stage {int(suggestion.to_stage)} "
                f"({suggestion.to_stage.title}): {suggestion.reason}")

    def _show_level(self, reload: bool) -> None:
        runback = self.ops.runback
        protocol, ladder = runback.protocol, runback.ladder
        needed = protocol.walk_run.sessions_to_advance
        steps = protocol.level(ladder.level).describe().split(": ", 1)[-1]
        today = runback.walk_run_plan()
        # Only on the ladder: in stage 5 the ladder is kept for reference, and a "restart"
        # after weeks of continuous running would read as a prescription it is not.
        restart = ("" if today.level == ladder.level or runback.stage is not Stage.RETURN_TO_RUN
                   else f" Today's prescription is level {today.level}: {today.reason}")
        self.level_now.setText(
            f"Now on level {ladder.level} of {protocol.top_level}: {steps} "
            f"({ladder.passes} of {needed} passing sessions at this level).{restart}")
        self.level.setRange(1, protocol.top_level)
        if reload:
            self.level.setValue(ladder.level)
        self._describe_level(self.level.value())

    def _describe_level(self, number: int) -> None:
        level = self.ops.runback.protocol.level(number)
        self.level_description.setText(level.describe().split(": ", 1)[-1])

    def _reload_settings(self) -> None:
        self.settings.load(self.ops.runback.protocol)

    def _show_history(self) -> None:
        runback = self.ops.runback
        fill_table(self.stage_history, [stage_event_row(e) for e in runback.stage_history()])
        fill_table(self.plan_history, [
            (c.date.isoformat(), setting_label(c.key), ACTOR_WORDS[c.actor],
             describe_value(c.key, c.value), c.reason) for c in runback.plan_history()])
        fill_table(self.decision_history, [decision_row(d) for d in runback.latest_decisions()])

