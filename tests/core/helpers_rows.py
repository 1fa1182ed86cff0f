"""A row another program broke, in a table read whole for Today (a small table): named,
never a crash, by the first view's read, by the whole file's, and by ``runback check``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.errors import BrokenRow
from core.file.row_checks import row_problems
from core.runback import Runback
from tests.conftest import Clock


def assert_named_in_every_read(path: Path, clock: Clock, table: str, column: str,
                               words: str) -> None:
    """The file at ``path`` holds one broken row, id 1 of ``table``, at ``column``: every
    read says so in one line with ``words``."""
    for reads in ("first view", "whole file"):
        opened = Runback.open(path, clock=clock)
        try:
            with pytest.raises(BrokenRow) as caught:
                if reads == "first view":  # small tables are read whole for Today
                    opened.start_reading()
                else:
                    opened.read_all()
        finally:
            opened.close()
        error = caught.value
        assert (error.table, error.column) == (table, column)
        assert f"table {table}, row id 1, column {column}: " in str(error)
        assert words in str(error) and "\n" not in str(error)
    conn = sqlite3.connect(path)
    try:
        problems = row_problems(conn)
    finally:
        conn.close()
    assert len(problems) == 1 and words in problems[0]
