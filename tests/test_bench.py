"""The benchmark command works (on a tiny data set: the real run is not for CI)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # two whole bench runs (about 25 s): .ci/run's slow step


def run_bench(tmp_path, *extra):
    out = tmp_path / "PERFORMANCE.md"
    result = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out),
                             *extra], capture_output=True, text=True, cwd=ROOT, timeout=300)
    return result, out


def test_bench_writes_the_table_of_every_budget(tmp_path):
    result, out = run_bench(tmp_path)
    assert result.returncode in (0, 1), result.stderr[-2000:]  # 1: a budget missed
    table = out.read_text(encoding="utf-8")
    for figure in ("start until every action works (Today drawn, every action answered), "
                   "new runner",
                   "start until every action works (Today drawn, every action answered), "
                   "0.05-year",
                   "start until every action works (Today drawn, every action answered), "
                   "0.1-year", "the whole file in memory at",
                   "longest event-loop stall in the first 0.5 s, 0.1-year file",
                   "starts in which sqlite-utils loaded before the first paint",
                   "save a tick, UI updated, median",
                   "save a session, UI updated, median",
                   "redraw all charts after an entry, median",
                   "redraw all charts, every curve set again, median",
                   "export 0.1 years to CSV", "whole-process export (0.1 years",
                   "peak memory", "bundle start"):
        assert figure in table
    assert "| 0.05 |" in table and "| 0.1 |" in table  # the growth table, per size
    assert table.strip() in result.stdout  # printed and written alike


def test_bench_exits_1_when_a_budget_is_missed(tmp_path):
    result, out = run_bench(tmp_path, "--tighten", "0.0001")
    assert result.returncode == 1
    assert "**FAIL**" in out.read_text(encoding="utf-8")
