"""Importing from a watch in the window: drop files (or choose them), the reading off the
GUI thread with its progress and cancel, the review, saving, and what the tabs show after.

The samples are written by the formats' own writers (tests/core/watch_samples.py).
"""

from __future__ import annotations

import threading

import pytest
from fit_tool.profile.profile_type import Sport as FitSport
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from core.exchange.watch.batch import import_paths
from core.model import SessionKind, Stage, Verdict
from core.today_card import verdict_words
from tests.core import watch_samples as samples
from tests.core.test_watch_import import DAY, MORNING, write
from tests.ui.conftest import WAIT_MS
from ui import import_dialog, watch_import
from ui.import_dialog import ImportDialog
from ui.watch_import import paths_of


@pytest.fixture(scope="module")
def walk_run_fit() -> bytes:
    return samples.fit_activity(MORNING, samples.walk_run(8, 60, 120, run_spm=169))


@pytest.fixture
def stage4(make_window, runner_file, clock):
    """The window on a runner the physio placed in stage 4, the evening of DAY."""
    runner_file.set_stage(Stage.RETURN_TO_RUN, "cleared to run")
    clock.day = DAY
    return make_window(runner_file)


def drop(qtbot, window, paths) -> ImportDialog:
    """Drop ``paths`` on the window as a file manager does; the review once all is read."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    dropped = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data,
                         Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, dropped)
    return review(qtbot, window)


def review(qtbot, window) -> ImportDialog:
    qtbot.waitUntil(lambda: getattr(window, "import_flow", None) is not None
                    and not window.import_flow.running, timeout=WAIT_MS)
    dialog = window.import_flow.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def saved(qtbot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.saving, timeout=WAIT_MS)


def texts(dialog: ImportDialog) -> list[str]:
    return [dialog.grid.itemAtPosition(row.number, 1).layout().itemAt(0).widget().text()
            for row in dialog.rows]


def test_dropped_files_are_reviewed_with_pain_saved_and_shown_on_the_tabs(
        qtbot, stage4, tmp_path, clock, walk_run_fit):
    window, runback = stage4, stage4.runback
    good = write(tmp_path, "walk-run.fit", walk_run_fit)
    bad = write(tmp_path, "truncated.fit", walk_run_fit[:len(walk_run_fit) // 2])
    dialog = drop(qtbot, window, [good, bad])
    walk_run, broken = texts(dialog)
    assert "A walk–run, level 1, 8 × 1 min run / 2 min walk, cadence 169 steps/min" in walk_run
    assert "matching level 1" in walk_run and "walk-run.fit" in walk_run
    assert "Not imported" in broken and "cut short" in broken and "truncated.fit" in broken
    assert dialog.save.text() == "&Save 1 activity"
    row = dialog.rows[0]
    assert dialog.rows[1].pain is None  # a bad file asks nothing
    row.pain.setValue(1)
    row.effort.setValue(4)
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    saved(qtbot, dialog)
    assert row.outcome.text() == "✓ Saved"
    assert "Tomorrow morning's check-in decides" in dialog.feedback.text()
    session = runback.log.sessions_of(SessionKind.WALK_RUN)[-1]
    assert (session.date, session.level, session.rounds, session.pain_during, session.effort,
            session.cadence) == (DAY, 1, 8, 1, 4, 169)
    assert runback.imported_count() == 1  # nothing of the truncated file
    dialog.cancel.click()
    # The walk–run waits for the next morning on the Return-to-run tab, its cadence on
    # the Mechanics tab's runs.
    ladder = window.stage_tabs[Stage.RETURN_TO_RUN]
    window.show_view(ladder)
    decisions = ladder.decisions
    assert decisions.item(0, 0).text() == DAY.isoformat()
    assert "record your knee pain on the morning of 2026-03-05" in decisions.item(0, 3).text()
    mechanics = window.stage_tabs[Stage.MECHANICS]
    window.show_view(mechanics)
    assert mechanics.history.table.item(0, 2).text() == "169"
    # The next morning's check-in decides, as after a walk–run typed in.
    clock.advance()
    window.ops.run(lambda rb: rb.check_in(1))
    decision = runback.decisions()[-1]
    assert decision.verdict is not Verdict.PENDING
    window.show_view(ladder)
    assert ladder.decisions.item(0, 2).text() == verdict_words(decision)


def test_a_file_already_imported_is_a_duplicate_skipped_with_its_message(
        qtbot, stage4, tmp_path, walk_run_fit):
    runback = stage4.runback
    path = write(tmp_path, "walk-run.fit", walk_run_fit)
    list(import_paths(runback, [path]))
    dialog = drop(qtbot, stage4, [path])
    (text,) = texts(dialog)
    assert "Duplicate, skipped" in text
    assert "Already imported (the same file) as the walk–run of 2026-03-04" in text
    assert not dialog.save.isEnabled() and dialog.cancel.text() == "&Close"
    assert runback.imported_count() == 1


def test_the_same_activity_twice_in_one_drop_is_saved_once(qtbot, stage4, tmp_path,
                                                           walk_run_fit):
    runback = stage4.runback
    first = write(tmp_path, "walk-run.fit", walk_run_fit)
    copy = write(tmp_path, "copy.fit", walk_run_fit)
    dialog = drop(qtbot, stage4, [first, copy])
    for row in dialog.rows:
        row.pain.setValue(0)
    assert dialog.save_all()
    saved(qtbot, dialog)
    assert dialog.rows[0].outcome.text() == "✓ Saved"
    assert dialog.rows[1].outcome.text().startswith("✗ Not saved: Not imported again")
    assert "1 not saved" in dialog.feedback.text()
    assert runback.imported_count() == 1
    assert len(runback.log.sessions_of(SessionKind.WALK_RUN)) == 1


def test_reading_is_off_the_gui_thread_and_a_cancel_saves_nothing(
        qtbot, stage4, tmp_path, monkeypatch, walk_run_fit):
    runback = stage4.runback
    paths = [write(tmp_path, f"walk-run-{n}.fit", walk_run_fit) for n in range(3)]
    entered, gate = [], threading.Event()

    def slow(source):  # the second file takes as long as the test wants
        entered.append(source.name)
        if len(entered) == 2:
            gate.wait(WAIT_MS / 1000)

    monkeypatch.setattr(watch_import, "before_read", slow)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(0)
    stage4.import_paths(paths)
    flow = stage4.import_flow
    try:
        qtbot.waitUntil(lambda: len(entered) == 2 and len(flow.reads) == 1, timeout=WAIT_MS)
        before = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) > before + 20, timeout=WAIT_MS)  # still turning
        qtbot.waitUntil(flow.progress.isVisible, timeout=WAIT_MS)
        assert flow.progress.maximum() == 3 and flow.progress.value() == 1
        assert "Read 1 of 3: walk-run-0.fit" in flow.progress.labelText()
        (cancel,) = flow.progress.findChildren(QPushButton)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        gate.set()
        timer.stop()
    qtbot.waitUntil(lambda: not flow.running, timeout=WAIT_MS)
    assert flow.cancelled and flow.dialog is None and not flow.progress.isVisible()
    assert entered == ["walk-run-0.fit", "walk-run-1.fit"]  # the third was never read
    assert "nothing was saved" in stage4.statusBar().currentMessage()
    assert runback.imported_count() == 0 and not runback.log.sessions_of(SessionKind.WALK_RUN)


def test_many_activities_are_saved_a_slice_at_a_time_the_window_answering_between(
        qtbot, stage4, tmp_path, monkeypatch):
    runback = stage4.runback
    paths = [write(tmp_path, f"ride-{n}.fit", samples.fit_activity(
        MORNING.replace(hour=n), [(samples.RUN, 600, 7.5, 170)], sport=FitSport.CYCLING,
        laps=False)) for n in range(3)]
    dialog = drop(qtbot, stage4, paths)
    monkeypatch.setattr(import_dialog, "SAVE_SLICE_SECONDS", 0)  # one save a slice
    assert dialog.save_all()
    assert dialog.saving and runback.imported_count() == 1
    assert dialog.feedback.text() == "Saving… 1 of 3"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the saving goes on to the end
    assert dialog.isVisible()
    saved(qtbot, dialog)
    assert runback.imported_count() == 3 and dialog.feedback.text().startswith("Saved 3")
    assert [row.outcome.text() for row in dialog.rows] == ["✓ Saved"] * 3


def test_the_review_is_used_with_the_keyboard_alone(qtbot, stage4, tmp_path, walk_run_fit):
    runback = stage4.runback
    run = samples.fit_activity(MORNING.replace(minute=30), samples.continuous(20), laps=False)
    dialog = drop(qtbot, stage4, [write(tmp_path, "walk-run.fit", walk_run_fit),
                                  write(tmp_path, "run.fit", run)])
    walk_run, evening = dialog.rows
    assert "A run, 20 min" in texts(dialog)[1] and "moves nothing" in texts(dialog)[1]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is walk_run.pain, timeout=WAIT_MS)
    qtbot.keyClick(walk_run.pain, Qt.Key.Key_Return)  # no pain yet: asked for, not saved
    assert "Add the knee pain during the walk–run" in dialog.feedback.text()
    assert QApplication.focusWidget() is walk_run.pain and runback.imported_count() == 0
    order = []
    qtbot.keyClicks(walk_run.pain, "2")
    for key_text in ("4", " ", None, "1"):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
        if key_text == " ":
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        elif key_text:
            qtbot.keyClicks(QApplication.focusWidget(), key_text)
    assert order == [walk_run.effort, walk_run.limp, walk_run.swelling, evening.pain]
    qtbot.keyClick(evening.pain, Qt.Key.Key_Return)
    saved(qtbot, dialog)
    assert walk_run.outcome.text() == evening.outcome.text() == "✓ Saved"
    session = runback.log.sessions_of(SessionKind.WALK_RUN)[-1]
    assert (session.pain_during, session.effort, session.limp, session.swelling) == (
        2, 4, True, False)
    assert runback.log.sessions_of(SessionKind.RUN)[-1].pain_during == 1
    assert QApplication.focusWidget() is dialog.cancel
    qtbot.keyClick(dialog.cancel, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_file_menu_imports_files_and_a_strava_export_chosen_by_its_index(
        qtbot, stage4, tmp_path, monkeypatch, walk_run_fit):
    assert stage4.import_action.shortcut().toString() == "Ctrl+I"
    assert stage4.import_action in stage4.file_menu.actions()
    export = samples.strava_folder(tmp_path / "export",
                                   {"activities/1.fit": walk_run_fit},
                                   [("1", "Walk–run", "Run", "activities/1.fit")])
    chosen = [str(export / "activities.csv")]
    monkeypatch.setattr(watch_import.QFileDialog, "getOpenFileNames",
                        lambda *args: (chosen, ""))
    assert paths_of(chosen) == [export]
    stage4.import_action.trigger()
    dialog = review(qtbot, stage4)
    (text,) = texts(dialog)
    assert "A walk–run, level 1" in text and "export: activities/1.fit" in text
    dialog.reject()
    assert stage4.runback.imported_count() == 0  # cancelled in the review: nothing saved
