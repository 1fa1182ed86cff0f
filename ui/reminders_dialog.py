"""File → Reminders…: remind me to check in (at a time), on strength days, start at login.

The dialog only loads the choice into its controls and saves it back (ui/reminders.py
keeps it; ui/autostart.py writes the login entry). It says in plain words what reminders
can and cannot do: they come from Runback while it runs, and from nowhere else.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from core import today_card
from core.reminders import DEFAULT_TIME, ReminderSettings
from ui import autostart
from ui.common import check_box, feedback_label, named, show_feedback, text_label
from ui.reminders import NO_TRAY, Reminders, load


class RemindersDialog(QDialog):
    def __init__(self, reminders: Reminders, parent: QWidget | None = None):
        super().__init__(parent)
        self.reminders = reminders
        self.setWindowTitle("Reminders")
        self._setup_ui()
        self._connect_signals()
        self.load()

    def _setup_ui(self) -> None:
        self.enabled = check_box("Remind me to check in each morning", "Reminders on")
        self.time = named(QTimeEdit(), "Reminder time",
                          "The time of day to be reminded, if you have not checked in yet")
        self.time.setDisplayFormat("HH:mm")
        self.strength = check_box("Also remind me on strength days", "Strength reminders")
        planned = self.reminders.window.runback.protocol.strength.sessions_per_week
        self.strength_days = text_label(today_card.strength_days(planned), "Strength days")
        self.login = check_box("Start Runback at login, in the system tray", "Start at login")
        self.login_where = text_label("", "Start at login")
        self.only_while_open = text_label(today_card.REMINDERS_ONLY_WHILE_OPEN,
                                          "When reminders come")
        self.no_tray = text_label(NO_TRAY, "No system tray")
        self.feedback = feedback_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow("At", self.time)
        form.addRow(self.strength)
        form.addRow(self.strength_days)
        form.addRow(self.login)
        form.addRow(self.login_where)
        layout = QVBoxLayout(self)
        layout.addWidget(self.only_while_open)
        layout.addWidget(self.no_tray)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.enabled.toggled.connect(self._enable_controls)

    def load(self) -> None:
        """The controls from what is kept (settings, the autostart entry, the tray)."""
        choice = load(self.reminders.settings)
        self.enabled.setChecked(choice.enabled)
        self.time.setTime(QTime(choice.time.hour, choice.time.minute))
        self.strength.setChecked(choice.strength)
        self.no_tray.setVisible(not self.reminders.available())
        supported = autostart.supported()
        self.login.setEnabled(supported)
        self.login.setChecked(autostart.enabled())
        self.login_where.setText(
            f"Ticked, Runback writes {autostart.entry_path()}; unticked, removes it."
            if supported
            else autostart.NOT_SUPPORTED)
        self._enable_controls()

    def _enable_controls(self) -> None:
        on = self.enabled.isChecked()
        self.time.setEnabled(on)
        self.strength.setEnabled(on)

    def choice(self) -> ReminderSettings:
        shown = self.time.time()
        return ReminderSettings(self.enabled.isChecked(),
                                dt.time(shown.hour(), shown.minute()), self.strength.isChecked())

    def accept(self) -> None:
        """Keep the choice; write or remove the login entry (a failure is said here, and
        the dialog stays open)."""
        self.reminders.apply(self.choice())
        if autostart.supported() and self.login.isChecked() != autostart.enabled():
            try:
                if self.login.isChecked():
                    autostart.enable()
                else:
                    autostart.disable()
            except OSError as error:
                show_feedback(self.feedback, f"Could not change the start at login: "
                                             f"{error.strerror or error}.", error=True)
                return
        super().accept()


def setup_question() -> QCheckBox:
    """The first-run setup's question (asked once; off unless ticked)."""
    box = check_box("Remind me each morning to check in (while Runback is open)",
                    "Morning reminders")
    box.setToolTip(f"A message from the system tray at {DEFAULT_TIME:%H:%M} if you have not "
                   f"checked in; change it any time in File → Reminders…")
    return box
