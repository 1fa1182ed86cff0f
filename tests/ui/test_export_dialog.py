"""File → Export from the window: the folder dialog opens in Documents the first time,
then where the last export went; an export's files already in the folder are replaced
only when the user says so."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from core.exchange.export import export_names
from ui import export_action


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder of the test's own, with a Documents folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs there
    return home


@pytest.fixture
def dialog(monkeypatch):
    """The folder dialog: the folders it opened in, and the folder the user picks next."""
    opened, pick = [], {}

    def choose(parent, title, folder):
        opened.append(folder)
        return pick.get("folder", "")
    monkeypatch.setattr(export_action.QFileDialog, "getExistingDirectory", choose)
    return opened, pick


@pytest.fixture
def replace_asked(monkeypatch):
    """The replace question: what was asked, and the answer to give."""
    asked, answer = [], {"button": QMessageBox.StandardButton.No}

    def question(parent, title, text, buttons, default):
        asked.append(text)
        assert default == QMessageBox.StandardButton.No  # Enter never replaces a file
        return answer["button"]
    monkeypatch.setattr(export_action.QMessageBox, "question", question)
    return asked, answer


def test_the_first_export_opens_in_documents_the_next_where_the_last_went(
        window, home, dialog, tmp_path):
    opened, pick = dialog
    window.export()  # cancelled
    assert opened == [str(home / "Documents")]
    pick["folder"] = str(tmp_path / "for the physio")
    window.export()
    assert (tmp_path / "for the physio" / export_names(window.runback, "xlsx")[0]).is_file()
    window.export_csv()
    assert opened[2] == str(tmp_path / "for the physio")


def test_without_a_documents_folder_it_opens_at_home(window, home, dialog):
    (home / "Documents").rmdir()
    window.export()
    assert dialog[0] == [str(home)]


def test_an_export_already_there_is_replaced_only_when_the_user_says_so(
        window, home, dialog, replace_asked, tmp_path):
    pick = dialog[1]
    asked, answer = replace_asked
    out = tmp_path / "out"
    pick["folder"] = str(out)
    window.export_csv()
    assert asked == []  # nothing there yet: nothing to ask
    names = export_names(window.runback, "csv")
    (out / names[0]).write_text("the physio's own notes")
    window.export_csv()
    assert len(asked) == 1 and names[0] in asked[0] and "Replace" in asked[0]
    assert (out / names[0]).read_text() == "the physio's own notes"  # No: kept
    answer["button"] = QMessageBox.StandardButton.Yes
    window.export_csv()
    assert (out / names[0]).read_text(encoding="utf-8-sig").startswith('"week_start"')
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
