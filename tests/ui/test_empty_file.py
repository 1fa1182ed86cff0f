"""An empty runner file (a first creation an older Runback left cut short) is offered for
re-creation in a question; declined, it is left exactly as it was."""

import pytest
from PySide6.QtWidgets import QMessageBox

from core.errors import EmptyRunnerFile
from ui import empty_file


@pytest.fixture
def answer(monkeypatch):
    """The runner's answer to the question, and the questions asked."""
    asked = []
    choice = {"button": QMessageBox.StandardButton.Yes}

    def question(parent, title, text, *rest):
        asked.append(text)
        return choice["button"]
    monkeypatch.setattr(empty_file, "HEADLESS", frozenset())  # as on a real screen
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return choice, asked


def test_an_empty_file_is_created_again_when_the_runner_says_yes(qapp, tmp_path, answer):
    path = tmp_path / "runner.db"
    path.write_bytes(b"")
    runback = empty_file.open_or_recreate(None, path)
    try:
        assert "Create a new runner file in its place?" in answer[1][0]
        assert runback.needs_setup  # a new file: the setup comes next
        runback.setup("patellofemoral_pain", "left", 3, True)
    finally:
        runback.close()
    assert path.stat().st_size > 0


def test_an_empty_file_is_left_as_it_was_when_the_runner_says_no(qapp, tmp_path, answer):
    answer[0]["button"] = QMessageBox.StandardButton.No
    path = tmp_path / "runner.db"
    path.write_bytes(b"")
    with pytest.raises(EmptyRunnerFile):
        empty_file.open_or_recreate(None, path)
    assert path.read_bytes() == b"" and sorted(tmp_path.iterdir()) == [path]
