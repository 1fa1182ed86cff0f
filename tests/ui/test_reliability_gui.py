"""The window under hostile conditions: damaged and foreign files, read-only places, a
full disk, a file already open elsewhere, bad values typed into the forms, and no network.

Each file case goes through File → Open (``switch_to``) and must end in one alert with a
clear message, the current runner still open, and every file on disk unchanged. A save the
disk refuses shows its message in the form's feedback label and leaves nothing half-written.
Read-only files use ``chattr +i`` (root writes through permission bits; tests/reliability/
damage.py explains); the command-line side is in tests/reliability/test_damaged_files.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import socket
from unittest import mock

import pytest
from PySide6.QtCore import QDate, Qt

from core.exchange.demo import create_demo
from core.exchange.export import SESSIONS_FILE, export, export_names, file_name
from core.model import Stage
from core.runback import Runback
from tests.reliability.damage import (
    DAMAGED_PARAMS,
    digest,
    fill,
    immutable,
    listing,
    runner_file,
    small_disk,
)
from tests.ui.conftest import move_to_stage
from ui import export_action, main_window, replace_question


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def alerts(monkeypatch):
    """Every alert the window raises, instead of a modal box."""
    shown: list[str] = []
    monkeypatch.setattr(main_window, "alert", lambda parent, title, text: shown.append(text))
    return shown


def open_from_menu(window, monkeypatch, path) -> None:
    monkeypatch.setattr(main_window.QtWidgets.QFileDialog, "getOpenFileName",
                        lambda *args, **kwargs: (str(path), ""))
    window.open_action.trigger()


def still_working(qtbot, window, clock) -> None:
    """The runner kept open after a refusal takes a check-in as before."""
    form = window.today_tab.check_in
    form.pain.setValue(2)
    with mock.patch.object(replace_question, "ask", return_value=True):  # replace 4/10
        click(qtbot, form.save)
    assert window.runback.log.pain_on(clock.day) == 2, form.feedback.text()


# --- damaged, foreign and read-only files ---------------------------------------------

@pytest.mark.parametrize("make, words", DAMAGED_PARAMS)
def test_opening_a_damaged_or_foreign_file_alerts_and_keeps_the_current_runner(
        qtbot, window, clock, tmp_path, monkeypatch, alerts, make, words):
    folder = tmp_path / "received"
    folder.mkdir()
    make(folder / "runner.db")
    before = listing(folder)
    current = window.runback
    open_from_menu(window, monkeypatch, folder / "runner.db")
    assert len(alerts) == 1 and words in alerts[0]
    assert window.runback is current and window.windowTitle() == "Runback — runner.db"
    assert listing(folder) == before  # no -wal, -shm or -lock left beside it
    still_working(qtbot, window, clock)


@pytest.mark.parametrize("what, words", [("file", "is read-only"), ("folder", "The folder")])
def test_opening_a_read_only_file_or_folder_alerts_and_changes_nothing(
        qtbot, window, clock, tmp_path, monkeypatch, alerts, what, words):
    folder = tmp_path / "received"
    folder.mkdir()
    path = folder / "runner.db"
    runner_file(path)
    before = listing(folder)
    with immutable(path if what == "file" else folder):
        open_from_menu(window, monkeypatch, path)
    assert len(alerts) == 1 and words in alerts[0]
    assert window.runback.store.path == tmp_path / "runner.db"
    assert listing(folder) == before
    still_working(qtbot, window, clock)


# --- a full disk, and a disk that refuses writes --------------------------------------

def test_a_save_on_a_full_disk_says_so_and_half_of_it_is_never_kept(qtbot, make_window,
                                                                     clock, tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        runback = Runback.create(disk / "runner.db", clock=clock)
        try:
            runback.setup("patellofemoral_pain", "left", 4, False)
            window = make_window(runback)
            clock.advance()
            window.check_new_day()
            calm = window.stage_tabs[Stage.CALM]
            window.show_view(calm)
            before, main_file = runback.store.load(), digest(disk / "runner.db")
            filler = fill(disk)

            calm.notes.setText("Swim after the disk filled")
            click(qtbot, calm.save)
            assert "is full" in calm.feedback.text() and calm.feedback.property("error")
            assert calm.notes.text() == "Swim after the disk filled"  # kept, to save again
            window.show_view(window.today_tab)
            form = window.today_tab.check_in
            form.pain.setValue(1)
            click(qtbot, form.save)
            assert "is full" in form.feedback.text()
            assert runback.store.load() == before  # nothing of either save was kept
            assert digest(disk / "runner.db") == main_file

            filler.unlink()  # space again: the same clicks save, once each
            click(qtbot, form.save)
            window.show_view(calm)
            click(qtbot, calm.save)
            assert not calm.feedback.property("error"), calm.feedback.text()
            log = runback.store.load()
            assert [s.notes for s in log.sessions] == ["Swim after the disk filled"]
            assert log.pain_on(clock.day) == 1
            assert runback.store.check() == ["ok"]
        finally:
            runback.close()


def test_a_disk_that_refuses_writes_mid_session_shows_why_and_loses_nothing(
        qtbot, window, clock, tmp_path):
    clock.advance()
    window.check_new_day()
    calm = window.stage_tabs[Stage.CALM]
    window.show_view(calm)
    before = window.runback.store.load()
    with immutable(tmp_path / "runner.db-wal"):  # as a USB stick whose switch is flipped
        click(qtbot, calm.save)
        assert "Could not write to" in calm.feedback.text()
        assert calm.feedback.property("error")
    assert window.runback.store.load() == before
    click(qtbot, calm.save)
    assert not calm.feedback.property("error"), calm.feedback.text()
    assert len(window.runback.store.load().sessions) == 1


# --- two windows on one file -----------------------------------------------------------

def test_opening_this_windows_own_file_again_says_so(qtbot, window, clock, tmp_path,
                                                      monkeypatch, alerts):
    current = window.runback
    open_from_menu(window, monkeypatch, tmp_path / "runner.db")
    assert alerts == [f"{tmp_path / 'runner.db'} is the file open in this window."]
    assert window.runback is current
    still_working(qtbot, window, clock)


def test_a_file_open_in_another_window_is_refused(qtbot, make_window, window, clock,
                                                  tmp_path, monkeypatch, alerts):
    other = Runback.create(tmp_path / "other.db", clock=clock)
    other.setup("it_band_syndrome", "right", 1, True)
    second = make_window(other)
    try:
        open_from_menu(second, monkeypatch, tmp_path / "runner.db")
        assert len(alerts) == 1 and "is already open in Runback" in alerts[0]
        assert second.runback is other
        still_working(qtbot, window, clock)
        still_working(qtbot, second, clock)
    finally:
        other.close()


# --- bad values typed into the forms ---------------------------------------------------

# Keys a person might press into each spin box (tab, control, session field, keys); the box
# refuses what is out of range or not a number, so what it shows, and saves, is always a
# value the core accepts.
TYPED = [
    pytest.param(Stage.CALM, "pain", "pain_during", ["12", "-3", "7.5", "NaN", "10000"],
                 id="cross-training pain"),
    pytest.param(Stage.CALM, "effort", "effort", ["11", "-1", "4.5", "ten"],
                 id="cross-training effort"),
    pytest.param(Stage.CALM, "minutes", "minutes",
                 ["0", "-5", "601", "1e9", "nan", "inf", "abc", "0.4"],
                 id="cross-training minutes"),
    pytest.param(Stage.RETURN_TO_RUN, "rounds", "rounds", ["0", "-2", "61", "2.5", "999"],
                 id="walk-run rounds"),
    pytest.param(Stage.RETURN_TO_RUN, "run_minutes", "run_minutes",
                 ["0", "-1", "121", "1e3", "0.2"], id="walk-run run minutes"),
    pytest.param(Stage.RETURN_TO_RUN, "walk_minutes", "walk_minutes", ["-1", "31", "inf"],
                 id="walk-run walk minutes"),
    pytest.param(Stage.RETURN_TO_RUN, "cadence", "cadence", ["251", "-170", "170.5", "1000"],
                 id="walk-run cadence"),
    pytest.param(Stage.RETURN_TO_RUN, "level", "level", ["0", "-1", "31", "1.5"],
                 id="walk-run level"),
]
TYPED_COUNT = sum(len(param.values[-1]) for param in TYPED)


@pytest.mark.parametrize("stage, control, field, keys", TYPED)
def test_a_spin_box_refuses_out_of_range_typing_and_saves_what_it_shows(
        qtbot, window, clock, stage, control, field, keys):
    move_to_stage(window, Stage.RETURN_TO_RUN)
    clock.advance()
    window.check_new_day()
    view = window.today_tab.check_in if stage is None else window.stage_tabs[stage]
    window.show_view(window.today_tab if stage is None else view)
    box = getattr(view, control)
    for text in keys:
        box.lineEdit().selectAll()
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        box.interpretText()
        assert box.minimum() <= box.value() <= box.maximum(), text
    shown = box.value()
    if box.specialValueText() and shown == box.minimum():
        shown = None  # the dash: not measured
    click(qtbot, view.save)
    log = window.runback.store.load()
    stored = log.pain_on(clock.day) if stage is None else getattr(log.sessions[-1], field)
    assert stored == shown, view.feedback.text()


# What a hurried hand types into the check-in's pain row (ui/pain_scale.py), and the pain
# it should then show: each digit picks, "1" then "0" is 10, anything else is ignored.
PAIN_TYPED = [("11", 1), ("-1", 1), ("2.5", 5), ("abc", 0), ("1e3", 3), ("99", 9),
              ("+", 0), (" ", 0), ("10", 10), ("100", 0), ("3", 3)]


@pytest.mark.parametrize("text, shown", PAIN_TYPED)
def test_typing_into_the_pain_row_keeps_a_pain_from_0_to_10_and_saves_it(
        qtbot, window, clock, text, shown):
    clock.advance()
    window.check_new_day()
    window.show_view(window.today_tab)
    check_in = window.today_tab.check_in
    check_in.pain.setValue(0)
    check_in.pain.setFocus()
    qtbot.keyClicks(check_in.pain, text)
    assert check_in.pain.value() == shown
    assert check_in.pain.group.checkedId() == shown  # the button lit is the pain read
    qtbot.keyClick(check_in.pain, Qt.Key.Key_Return)  # Enter saves the check-in
    assert window.runback.store.load().pain_on(clock.day) == shown, check_in.feedback.text()


REFUSED_NOTES = [
    pytest.param("a\x00b", "control character", id="NUL"),
    pytest.param("ring\x07", "control character", id="bell"),
    pytest.param("\x1b[31mred", "control character", id="terminal escape"),
    pytest.param("a\x0bb", "control character", id="vertical tab"),
    pytest.param("a\x7fb", "control character", id="DEL"),
    pytest.param("a\x85b", "control character", id="C1 next line"),
    pytest.param("x" * 6000, "too long", id="6000 characters"),
    pytest.param("y" * 2**20, "too long", id="1 MiB pasted"),
]


@pytest.mark.parametrize("form", ["check-in", "cross-training"])
@pytest.mark.parametrize("text, words", REFUSED_NOTES)
def test_notes_the_core_refuses_show_why_keep_the_text_and_save_nothing(
        qtbot, window, clock, form, text, words):
    clock.advance()
    window.check_new_day()
    view = window.today_tab.check_in if form == "check-in" else window.stage_tabs[Stage.CALM]
    window.show_view(window.today_tab if form == "check-in" else view)
    before = window.runback.store.load()
    view.notes.clear()
    view.notes.insert(text)  # what a paste does
    click(qtbot, view.save)
    assert words in view.feedback.text() and view.feedback.property("error")
    assert "Notes" in view.feedback.text()
    assert view.notes.text() == text[:view.notes.maxLength()]  # left to correct
    assert window.runback.store.load() == before


KEPT_NOTES = [
    pytest.param("'); DROP TABLE sessions;--", id="SQL injection"),
    pytest.param("x' OR '1'='1", id="SQL always-true"),
    pytest.param("Knee 😀👍🏽 fine 🏃‍♀️", id="emoji with joiner"),
    pytest.param("الركبة بخير اليوم", id="Arabic right-to-left"),
    pytest.param("הברך בסדר, 3 ק״מ", id="Hebrew with digits"),
    pytest.param("\u202eevil.exe\u202c", id="right-to-left override"),
    pytest.param('Knee "clicky", then fine', id="quotes and comma"),
    pytest.param("first line\nsecond line", id="line feed"),
    pytest.param("=1+1", id="begins with ="),
    pytest.param("+SUM(A1:A9)", id="begins with +"),
    pytest.param("-2+3", id="begins with -"),
    pytest.param("@cmd", id="begins with @"),
    pytest.param("\tstarts with a tab", id="begins with tab"),
    pytest.param("\rstarts with a CR", id="begins with CR"),
    pytest.param('=HYPERLINK("http://example.com","x")', id="spreadsheet link"),
    pytest.param("z" * 5000, id="exactly 5000 characters"),
]


@pytest.mark.parametrize("text", KEPT_NOTES)
def test_hostile_but_valid_notes_are_saved_and_exported_exactly(qtbot, window, clock,
                                                                tmp_path, text):
    clock.advance()
    window.check_new_day()
    tab = window.stage_tabs[Stage.CALM]
    window.show_view(tab)
    tab.notes.clear()
    tab.notes.insert(text)
    click(qtbot, tab.save)
    assert not tab.feedback.property("error"), tab.feedback.text()
    assert tab.notes.text() == ""
    assert window.runback.store.load().sessions[-1].notes == text
    export(window.runback, tmp_path / "out")
    sessions = tmp_path / "out" / file_name(window.runback, SESSIONS_FILE)
    with sessions.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["entry"] == "session"]
    neutral = "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
    # and after a separator inside (a spreadsheet splitting on ";" would start a cell there)
    neutral = re.sub(r"([;,\t\r\n] *)([=+\-@])", r"\1'\2", neutral)
    assert [row["notes"] for row in rows] == [neutral]


def test_dates_outside_the_programme_cannot_be_picked(qtbot, window, clock):
    clock.advance(3)
    window.check_new_day()
    form = window.today_tab.check_in
    start = window.runback.log.profile.start_date
    for day in (clock.day + dt.timedelta(days=1), start - dt.timedelta(days=1)):
        form.date.setDate(QDate(day.year, day.month, day.day))  # the box clamps it
        chosen = form.date.date().toPython()
        assert start <= chosen <= clock.day
        click(qtbot, form.save)
        assert not form.feedback.property("error"), form.feedback.text()
        assert window.runback.log.pain_on(chosen) is not None


BAD_INPUT_COUNT = TYPED_COUNT + 2 * len(REFUSED_NOTES) + len(KEPT_NOTES) + 2


# --- no network ------------------------------------------------------------------------

def test_demo_export_and_every_tab_open_no_network_connection(qtbot, make_window, tmp_path,
                                                              monkeypatch):
    """A socket guard: any attempt to reach a network address from Python fails the test.
    (tests/reliability/test_privacy.py watches the whole process, Qt included, with strace.)"""
    attempts: list[tuple] = []

    def refuse(name):
        def guard(*args, **kwargs):
            attempts.append((name, args[1:]))
            raise OSError(f"Runback must not use the network ({name})")
        return guard

    real_init = socket.socket.__init__

    def watched_init(self, family=-1, *args, **kwargs):
        if family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(("socket", family))
            raise OSError("Runback must not open a network socket")
        real_init(self, family, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", watched_init)
    for name in ("connect", "connect_ex", "sendto", "sendmsg"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))

    runback = create_demo(tmp_path / "demo.db", weeks=12)
    export(runback, tmp_path / "out")
    window = make_window(runback)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    monkeypatch.setattr(export_action.QFileDialog, "getExistingDirectory",
                        lambda *args, **kwargs: str(tmp_path / "again"))
    window.export_action.trigger()  # the physio's default, the workbook
    assert (tmp_path / "again" / export_names(runback, "xlsx")[0]).exists()
    window.close()
    runback.close()
    assert attempts == []
