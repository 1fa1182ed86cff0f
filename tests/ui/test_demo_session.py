"""``runback --demo`` lives in a temporary folder of its own: its file, its backups and its
settings (last tab, window state, last folders). The runner's own settings are never read
or written, and the folder is gone when the app ends: by a quit, SIGTERM or SIGHUP."""

from __future__ import annotations

import os
import tempfile

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.app_child import signal_and_wait, start_app, wait_ready
from ui import app as app_module
from ui.main_window import MainWindow

DEADLINE_SECONDS = 120  # a hang, not a slow machine


def test_the_demo_remembers_its_tab_in_its_own_folder_and_removes_it_on_quit(
        qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(app_module, "private_settings",
                        lambda: pytest.fail("the demo read the runner's own settings"))
    seen = {}

    def visit() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen["settings"] = window.settings.fileName()
        seen["file"] = window.runback.path
        window.tabs.setCurrentIndex(3)  # remembered on close, in the demo's settings
        window.close()  # the last window: the loop ends as after File → Quit

    QTimer.singleShot(0, visit)
    assert app_module.run(None, demo=True) == 0
    folder = seen["file"].parent
    assert folder.parent == tmp_path and folder.name.startswith("runback-demo-")
    assert seen["settings"] == str(folder / "settings.ini")
    assert list(tmp_path.iterdir()) == []  # the file, its backups and settings: all gone


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_logout_signal_removes_the_demo_folder(tmp_path, signal_name):
    temporary, config, data = (tmp_path / name for name in ("tmp", "config", "data"))
    temporary.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(temporary),
               XDG_CONFIG_HOME=str(config), XDG_DATA_HOME=str(data))
    process, ready = start_app(["--demo"], env)
    try:
        assert wait_ready(process, ready, DEADLINE_SECONDS), "the window never came up"
        (folder,) = temporary.iterdir()
        assert folder.name.startswith("runback-demo-")
        assert (folder / "demo.db").exists()
    finally:
        out, err = signal_and_wait(process, signal_name, DEADLINE_SECONDS)
    assert process.returncode == 0, err
    assert (out, err) == ("", "")
    assert list(temporary.iterdir()) == []
    assert not config.exists() and not data.exists()  # the runner's settings and folder
