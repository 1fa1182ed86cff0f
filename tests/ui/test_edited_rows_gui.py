"""A runner file another program broke, opened in the window: one alert naming the table,
row and column; the current runner kept; no lock, -wal or -shm left beside the file.
The core and command-line side: tests/reliability/test_edited_rows.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from core.errors import BrokenRow
from core.exchange.demo import create_demo
from ui import app, main_window

END = dt.date(2026, 6, 28)
EDITS = [
    pytest.param("UPDATE profile SET start_date = '0001-01-01'", "table profile, row id 1, "
                 "column start_date", id="a start date in year 1"),
    pytest.param("UPDATE sessions SET date = '03/02/2026' WHERE id = 3",
                 "table sessions, row id 3, column date", id="a date not in ISO form"),
    pytest.param("UPDATE plan_changes SET value = 'not json'", "table plan_changes, row id 1, "
                 "column value", id="a plan value that is not JSON"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "runner.db"
    create_demo(path, weeks=6, end=END).close()
    return path


def broken(demo: Path, folder: Path, sql: str) -> Path:
    folder.mkdir()
    path = folder / "runner.db"
    shutil.copy(demo, path)
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def listing(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.parametrize("sql, where", EDITS)
def test_file_open_alerts_naming_the_cell_and_keeps_the_current_runner(
        qtbot, window, tmp_path, monkeypatch, demo, sql, where):
    shown: list[str] = []
    monkeypatch.setattr(main_window, "alert", lambda parent, title, text: shown.append(text))
    path = broken(demo, tmp_path / "received", sql)
    before = listing(path.parent)
    current = window.runback
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(path), ""))
    window.open_action.trigger()
    assert len(shown) == 1 and where in shown[0], shown
    assert window.runback is current
    assert listing(path.parent) == before  # no -lock, -wal or -shm left


def test_at_start_up_a_dialog_says_which_cell_and_the_lock_is_released(
        qtbot, tmp_path, monkeypatch, demo):
    path = broken(demo, tmp_path / "received", EDITS[0].values[0])
    before = listing(path.parent)
    dialogs: list[str] = []
    monkeypatch.setattr(app.QApplication, "platformName", staticmethod(lambda: "xcb"))
    monkeypatch.setattr(app.QtWidgets.QMessageBox, "warning",
                        lambda parent, title, text: dialogs.append(text))
    with pytest.raises(BrokenRow):
        app._opened(path, demo=False)
    assert len(dialogs) == 1 and "column start_date" in dialogs[0]
    assert listing(path.parent) == before
