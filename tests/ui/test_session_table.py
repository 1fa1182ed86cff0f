"""A table of recent sessions shows the latest ones after every save, delete, undo and
redo: only what changed is set (ui/session_table.py), and what it shows is still right."""

from core.model import RunEntry, RunType, Stage
from tests.ui.conftest import move_to_stage

NUMBER_COLUMNS = (2, 3, 4)  # the runs table's minutes, effort and pain


def shown(table) -> list[tuple[str, ...]]:
    return [tuple(table.item(row, column).text() for column in range(table.columnCount()))
            for row in range(table.rowCount())]


def latest(history) -> list[tuple[str, ...]]:
    """What the table should show: the latest sessions, newest first, in its columns."""
    return [tuple("" if value(session) is None else str(value(session))
                  for _, value in history.columns)
            for session in history.ops.runback.latest_sessions(history.kinds, history.limit)]


def test_the_recent_runs_follow_every_change(window):
    move_to_stage(window, Stage.PERFORMANCE)
    tab = window.stage_tabs[Stage.PERFORMANCE]
    window.show_view(tab)
    history = tab.history
    history.limit = 4  # the table is full after four runs: older ones leave at the bottom
    ids = []
    for minutes in range(20, 27):  # each run its own minutes, effort and notes
        assert window.ops.run(lambda rb, m=minutes: rb.log_run(RunEntry(
            RunType.EASY, m, m % 5 + 1, m % 3, notes=f"run of {m} min")))
        ids.append(window.runback.log.sessions[-1].id)
        assert shown(history.table) == latest(history)
    assert [row[2] for row in shown(history.table)] == ["26", "25", "24", "23"]
    assert window.ops.run(lambda rb: rb.delete_session(ids[-1]))  # the newest, at the top
    assert shown(history.table) == latest(history)
    assert [row[2] for row in shown(history.table)] == ["25", "24", "23", "22"]
    assert window.ops.run(lambda rb: rb.delete_session(ids[2]))  # one in the middle
    assert [row[2] for row in shown(history.table)] == ["25", "24", "23", "21"]
    window.history.stack.undo()  # the one in the middle back
    assert [row[2] for row in shown(history.table)] == ["25", "24", "23", "22"]
    window.history.stack.undo()  # the newest back, at the top
    assert shown(history.table) == latest(history)
    assert [row[2] for row in shown(history.table)] == ["26", "25", "24", "23"]
    window.history.stack.redo()
    assert [row[2] for row in shown(history.table)] == ["25", "24", "23", "22"]
    for row in range(history.table.rowCount()):  # numbers stay right-aligned, words not
        for column in range(history.table.columnCount()):
            right = bool(history.table.item(row, column).textAlignment() & 0x2)
            assert right == (column in NUMBER_COLUMNS)
