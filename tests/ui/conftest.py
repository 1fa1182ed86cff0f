"""Fixtures for driving the real main window (offscreen) on a real runner file."""

import pytest
from PySide6.QtCore import QSettings

from core.model import Stage
from core.runback import Runback
from ui.main_window import MainWindow

# How long a test waits for a window to appear or a view to be drawn before it fails. A
# wait ends as soon as its event happens, so this is only the limit on a hang: generous,
# because a busy machine (two CPU-heavy processes on two cores) can take seconds.
WAIT_MS = 60_000


@pytest.fixture
def settings(tmp_path):
    """Window settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """Build a main window on a runback; closed (and its file) at the end."""
    windows = []

    def make(runback: Runback) -> MainWindow:
        window = MainWindow(runback, settings)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window, runner_file):
    """The window on a runner set up in stage 1 (pain 4/10)."""
    return make_window(runner_file)


def move_to_stage(window: MainWindow, stage: Stage) -> None:
    window.ops.run(lambda rb: rb.set_stage(stage, "Test: physio placed the runner."))
