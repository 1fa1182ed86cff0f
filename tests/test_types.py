"""The code base passes its type checker (mypy, configured in pyproject.toml's
``[tool.mypy]``: the files it checks and how strictly). CI runs the same command."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_nothing():
    # mypy is in the test extras, which the README's test command installs.
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
