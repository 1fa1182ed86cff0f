"""Fixtures the reliability tests share."""

import pytest

from core.runback import Runback
from tests.reliability.writer import NOW, START


@pytest.fixture
def path(tmp_path):
    """A closed runner file, set up, at ``tmp_path / "runner.db"``."""
    path = tmp_path / "runner.db"
    runback = Runback.create(path, clock=lambda: NOW)
    runback.setup("patellofemoral_pain", "left", 3, True, start_date=START)
    runback.close()
    return path
