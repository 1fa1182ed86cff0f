"""Reminders through the system tray, while Runback runs (core/reminders.py decides).

The window's minute timer (``MainWindow.day_timer``) calls ``Reminders.check``: no timer
of its own, no busy polling. Nothing of the tray is built unless reminders are enabled
(start-up costs one settings lookup). Without a system tray
(``QSystemTrayIcon.isSystemTrayAvailable()`` false) nothing is shown, and the settings
dialog says so.

Settings (QSettings, the window's own: the demo keeps its own too):

- ``reminders/enabled``  bool, default false: remind at all;
- ``reminders/time``  "HH:MM", default "08:00": the time of day, local;
- ``reminders/strength``  bool, default true: also on strength days;
- ``reminders/asked``  bool: the first-run setup has asked once (never again);
- ``reminders/fired_check_in``, ``reminders/fired_strength``  ISO dates: the last day
  each kind was shown (once a day per kind).

Start at login is the autostart entry itself (ui/autostart.py), not a setting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QSystemTrayIcon

from core import reminders
from core.errors import RunbackError
from core.reminders import Kind, Reminder, ReminderSettings

if TYPE_CHECKING:
    from ui.main_window import MainWindow

GROUP = "reminders"
MESSAGE_MILLISECONDS = 20_000
NO_TRAY = ("This desktop has no system tray, so Runback cannot show reminders here. Your "
           "choice is kept for a desktop that has one.")


def load(settings: QSettings) -> ReminderSettings:
    """The runner's choice, from ``settings`` (the defaults where nothing is stored)."""
    default = ReminderSettings()
    return ReminderSettings(
        enabled=_flag(settings, "enabled", default.enabled),
        time=_time(settings.value(f"{GROUP}/time"), default.time),
        strength=_flag(settings, "strength", default.strength))


def save(settings: QSettings, choice: ReminderSettings) -> None:
    settings.setValue(f"{GROUP}/enabled", choice.enabled)
    settings.setValue(f"{GROUP}/time", choice.time.strftime("%H:%M"))
    settings.setValue(f"{GROUP}/strength", choice.strength)
    settings.sync()


def asked(settings: QSettings) -> bool:
    """Whether the first-run setup has asked about reminders already (asked once)."""
    return _flag(settings, "asked", False)


def fired(settings: QSettings) -> dict[Kind, dt.date]:
    """The last day each kind of reminder was shown."""
    found = {}
    for kind in Kind:
        with contextlib.suppress(ValueError):  # never fired (or edited by hand): when due
            found[kind] = dt.date.fromisoformat(str(settings.value(f"{GROUP}/fired_{kind.value}")))
    return found


def _flag(settings: QSettings, key: str, default: bool) -> bool:
    # type=bool: an ini file gives back "true"/"false" strings otherwise.
    return cast(bool, settings.value(f"{GROUP}/{key}", default, type=bool))


def _time(value: object, default: dt.time) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        return default


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class Reminders(QObject):
    """The tray icon and its messages, for one window.

    :param window: the main window (its file, and what a click on a message opens).
    :param settings: where the choice and the days fired are kept.
    :param available: whether a system tray exists (tests inject it).
    :param make_tray: builds the tray icon (tests inject one that records messages).
    """

    def __init__(self, window: MainWindow, settings: QSettings,
                 available: Callable[[], bool] = tray_available,
                 make_tray: Callable[[QObject], QSystemTrayIcon] = QSystemTrayIcon):
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.available = available
        self.make_tray = make_tray
        self.choice = load(settings)
        self.tray: QSystemTrayIcon | None = None

    def start(self) -> bool:
        """Show the tray icon if reminders are enabled and a tray exists; whether it shows."""
        if self.tray is None and self.choice.enabled and self.available():
            self.tray = self._build_tray()
        return self.tray is not None

    def apply(self, choice: ReminderSettings) -> None:
        """Keep the runner's new choice, and show or remove the tray icon to match."""
        save(self.settings, choice)
        self.choice = choice
        if not choice.enabled and self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None
        self.start()

    def answer_setup(self, enabled: bool) -> None:
        """The first-run setup's answer (asked once): on or off at the default time."""
        self.settings.setValue(f"{GROUP}/asked", True)
        self.apply(ReminderSettings(enabled, self.choice.time, self.choice.strength))

    def check(self) -> Reminder | None:
        """The minute timer's slot: show the reminder due now, if any, and remember the
        day it fired (core/reminders.py decides)."""
        if self.tray is None:
            return None  # off, or no tray to show it in
        runback = self.window.runback
        now = runback.clock()
        days = fired(self.settings)
        if not reminders.waiting(self.choice, now, days):
            return None  # the file is not read
        try:
            facts = runback.reminder_facts()
        except RunbackError:
            return None  # damage found in the file: the window says so, not a reminder
        reminder = reminders.due(self.choice, now, facts, days)
        if reminder is None:
            return None
        self.tray.showMessage(reminder.title, reminder.text, self.tray.icon(),
                              MESSAGE_MILLISECONDS)
        for kind in reminder.kinds:
            self.settings.setValue(f"{GROUP}/fired_{kind.value}", now.date().isoformat())
        self.settings.sync()
        return reminder

    def _build_tray(self) -> QSystemTrayIcon:
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QMenu

        from core.resources import resource_path

        tray = self.make_tray(self)
        tray.setIcon(QIcon(str(resource_path("icons/runback.svg"))))
        tray.setToolTip("Runback: reminders on")
        menu = QMenu(self.window)
        menu.addAction("Open Runback").triggered.connect(self.open_window)
        menu.addAction("Check in").triggered.connect(self.open_check_in)
        menu.addAction("Reminders…").triggered.connect(self.window.show_reminders)
        menu.addSeparator()
        menu.addAction("Quit Runback").triggered.connect(self.quit)
        tray.setContextMenu(menu)
        tray.activated.connect(self._activated)
        tray.messageClicked.connect(self.open_check_in)
        tray.show()
        return tray

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_window()

    def open_window(self) -> None:
        window = self.window
        window.showNormal()
        window.raise_()
        window.activateWindow()

    def open_check_in(self) -> None:
        """A click on a reminder: the window, on Today, in the check-in."""
        self.open_window()
        self.window.focus_check_in()

    def quit(self) -> None:
        """Quit from the tray: the window closes as File → Quit does (even if hidden)."""
        from PySide6.QtWidgets import QApplication

        self.window.close()
        QApplication.quit()
