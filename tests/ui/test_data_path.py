"""The README says where the runner's file lives, and it is where Runback keeps it."""

from __future__ import annotations

from pathlib import Path

from ui.app import application, default_data_file

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_names_the_folder_runback_keeps_the_file_in(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    application()  # the organisation and application names the folder is named by
    path = default_data_file()
    assert path.parent.is_dir()
    linux = f"~/.local/share/{path.relative_to(tmp_path / 'share').as_posix()}"
    assert linux == "~/.local/share/Runback/Runback/runner.db"
    text = README.read_text(encoding="utf-8")
    assert f"| Linux | `{linux}`" in text
    assert "`~/Library/Application Support/Runback/Runback/runner.db`" in text
    assert "`%APPDATA%\\Runback\\Runback\\runner.db`" in text
