"""Send to watch… (Today and the Return-to-run tab): today's walk–run saved as a FIT
workout file where the runner chooses (core/exchange/watch/workout.py writes it, all or
none), then where to copy it on the watch. Disabled, saying why, on a day without one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton, QWidget

from ui.common import alert, button

if TYPE_CHECKING:
    from core.views import RunnerView
    from ui.common import Operations

TITLE = "Send to watch"
FOLDER_KEY = "watch/workout_folder"  # the folder the last workout was saved in


def watch_button() -> QPushButton:
    """Disabled until ``show_watch_state`` finds a walk–run today."""
    widget = button("Send to watch…")
    widget.setEnabled(False)
    return widget


def show_watch_state(widget: QPushButton, runner: RunnerView) -> None:
    """Enabled on a walk–run day; otherwise disabled, its tooltip saying why (core's words)."""
    today = runner.walk_run_today()
    if today.level is None:
        tip = f"No workout today: {today.reason}"
    else:
        tip = (f"Save today's {today.level.describe()} as a workout file for your watch, "
               f"with a warm-up and a cool-down walk.")
    widget.setEnabled(today.level is not None)
    widget.setToolTip(tip)
    widget.setAccessibleDescription(tip)


def window_settings(widget: QWidget) -> QSettings:
    """The main window's settings (a test's own file in tests), else the app's."""
    settings = getattr(widget.window(), "settings", None)
    return settings if isinstance(settings, QSettings) else QSettings()


def copy_hint(name: str) -> str:
    return (f"On a Garmin, copy it into the GARMIN/NewFiles folder of the watch (plugged in "
            f"by USB); the watch lists it under its workouts as “{name}”.")


def send_to_watch(parent: QWidget, ops: Operations) -> Path | None:
    """Ask where to save today's workout (proposing its file name in the folder used last),
    write it, and say where to copy it.

    :return: the file written, or None if there is no workout today, the dialog was
        cancelled or the write failed (nothing left).
    """
    # Loaded when first used: the watch package and fit-tool cost start-up ~0.15 s.
    from core.exchange.watch.workout import (
        NoWorkout,
        WorkoutError,
        todays_workout,
        write_workout,
    )

    try:
        workout = todays_workout(ops.runback)
    except NoWorkout as why:  # the day changed since the button was drawn
        alert(parent, TITLE, f"No workout today: {why}")
        return None
    settings = window_settings(parent)
    folder = str(settings.value(FOLDER_KEY, "") or "") or str(Path.home())
    from PySide6.QtWidgets import QFileDialog  # its enums cost Today's start ~1.5 ms

    chosen, _ = QFileDialog.getSaveFileName(
        parent, f"{TITLE}: save today's workout", str(Path(folder) / workout.file_name),
        "FIT workouts (*.fit *.FIT)")
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".fit":
        path = path.with_name(f"{path.name}.FIT")
    try:
        written = write_workout(workout, path)
    except WorkoutError as error:
        alert(parent, TITLE, str(error))
        return None
    settings.setValue(FOLDER_KEY, str(written.parent))
    ops.notice.emit(f"Workout saved as {written} ({workout.level.describe()}). "
                    f"{copy_hint(workout.name)}")
    return written
