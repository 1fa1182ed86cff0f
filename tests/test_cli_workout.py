"""`runback workout --db PATH --out FILE.fit`: today's walk–run for the watch, or one line
saying why there is none (exit 1), or a usage error (exit 2); never a file without a
workout, nor half a file."""

from __future__ import annotations

import os

import pytest

import main
from core.model import Stage
from core.rules.plan import LEVEL_KEY
from core.runback import Runback
from tests.core.test_watch_workout import COOL_DOWN, WARM_UP, decoded, repeat, run, walk
from tests.test_cli import runback


def runner_file(path, level: int | None = 3, walked_today: bool = False):
    """A runner in stage 4 placed at ``level`` today (the real clock, as the CLI's)."""
    rb = Runback.create(path)
    rb.setup("patellofemoral_pain", "left", 1, True)
    rb.set_stage(Stage.RETURN_TO_RUN, "Physio's assessment")
    if level is not None:
        rb.change_plan(LEVEL_KEY, level, "Physio's assessment")
    if walked_today:
        rb.log_walk_run(rounds=5, run_minutes=3, walk_minutes=2, pain_during=1, effort=4)
    rb.close()
    return path


def test_workout_writes_todays_walk_run_for_the_watch(tmp_path):
    db = runner_file(tmp_path / "r.db")
    written = runback("workout", "--db", db, "--out", tmp_path / "watch" / "today.fit")
    assert written.returncode == 0, written.stderr
    assert written.stderr == ""
    assert "GARMIN/NewFiles" in written.stdout
    found = decoded(tmp_path / "watch" / "today.fit")
    assert found["steps"] == [WARM_UP, run(3), walk(2), repeat(1, 5), COOL_DOWN]


def test_workout_into_a_folder_takes_the_watchs_file_name(tmp_path, capsys):
    db = runner_file(tmp_path / "r.db", level=5)
    assert main.main(["workout", "--db", str(db), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "RUNBKL05.FIT").is_file()
    assert str(tmp_path / "RUNBKL05.FIT") in capsys.readouterr().out


def test_no_walk_run_today_is_one_line_exit_1_and_no_file(tmp_path, capsys):
    db = runner_file(tmp_path / "r.db", walked_today=True)
    out = tmp_path / "out"
    out.mkdir()
    assert main.main(["workout", "--db", str(db), "--out", str(out / "w.fit")]) == 1
    said = capsys.readouterr()
    assert said.err == ("runback: no workout today: Walk–run done today: check in tomorrow "
                        "morning.\n")
    assert said.out == ""
    assert os.listdir(out) == []


@pytest.mark.parametrize(("args", "words"), [
    (["--out", "{tmp}/w.gpx"], "must end in .fit"),
    (["--out", "{tmp}/w.fit", "--db", "{tmp}/missing.db"], "There is no file"),
    ([], "required: --out"),
], ids=["not a .fit name", "missing runner file", "no --out"])
def test_bad_usage_is_one_line_and_exit_2(tmp_path, capsys, args, words):
    db = runner_file(tmp_path / "r.db")
    given = ["workout", "--db", str(db), *(a.format(tmp=tmp_path) for a in args)]
    assert main.main(given) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not list(tmp_path.glob("*.fit")) and not list(tmp_path.glob("*.gpx"))
