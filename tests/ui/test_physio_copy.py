"""File → Send to physio…: a consistent copy, named with the runner and the date, that
opens anywhere; a refused target is a message and leaves the runner's file untouched."""

import sqlite3
import stat

from core.runback import Runback
from ui import physio_copy


def choose(monkeypatch, path) -> list[str]:
    """The runner picks ``path`` in the save dialog; returns the name it proposed."""
    proposed = []

    def dialog(parent, caption, directory, *rest):
        proposed.append(directory)
        return str(path), ""
    monkeypatch.setattr(physio_copy.QFileDialog, "getSaveFileName", dialog)
    return proposed


def test_send_to_physio_writes_a_copy_that_opens_anywhere(window, clock, monkeypatch, tmp_path):
    window.runback.check_in(2, "before the copy", replace=True)
    target = tmp_path / "for-physio.db"
    proposed = choose(monkeypatch, target)
    window.physio_copy_action.trigger()
    assert proposed[0].endswith(f"Runback-Run-10-km-{clock.day.isoformat()}.db")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT notes FROM check_ins WHERE notes = 'before the copy'"
                        ).fetchone()
    conn.close()
    copy = Runback.open(target, clock=clock)
    assert copy.log.profile.goal == "Run 10 km"
    copy.close()
    assert str(target) in window.statusBar().currentMessage()
    window.runback.check_in(3, "after the copy", replace=True)  # the runner's own file still saves


def test_send_to_physio_onto_the_open_file_itself_is_refused(window, monkeypatch):
    path = window.runback.store.path
    choose(monkeypatch, path)
    alerts = []
    monkeypatch.setattr(physio_copy, "alert", lambda parent, title, text: alerts.append(text))
    window.physio_copy_action.trigger()
    assert alerts and "is the runner file itself" in alerts[0]
    window.runback.check_in(3, "still the same file", replace=True)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM check_ins WHERE notes = 'still the same file'"
                        ).fetchone()[0] == 1
    conn.close()
