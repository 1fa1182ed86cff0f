"""Today's walk–run out to the watch (issue 14, docs/IMPORT.md "Send to the watch"): the
FIT workout written with fit-tool is read back with fitdecode, an independent decoder,
and every step is checked: its name, intensity, time in milliseconds, and the repeat."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import fitdecode
import pytest

from core.exchange.export_files import STAGING_PREFIX
from core.exchange.watch import workout as workout_module
from core.exchange.watch.workout import NoWorkout, WorkoutError, todays_workout, write_workout
from core.model import Stage
from core.rules.plan import LEVEL_KEY
from core.runback import Runback
from tests.core.helpers_metrics import DAY, MONDAY, runner

MINUTE_MS = 60_000
WARM_UP = ("Warm-up walk", "warmup", 5 * MINUTE_MS)
COOL_DOWN = ("Cool-down walk", "cooldown", 5 * MINUTE_MS)


def run(minutes: float) -> tuple[str, str, int]:
    return ("Run", "active", round(minutes * MINUTE_MS))


def walk(minutes: float) -> tuple[str, str, int]:
    return ("Walk", "recovery", round(minutes * MINUTE_MS))


def repeat(from_step: int, rounds: int) -> tuple[str, int, int]:
    return ("repeat", from_step, rounds)


def decoded(path: Path) -> dict:
    """The file as fitdecode reads it (every CRC checked): its file_id, workout and steps,
    each step as (name, intensity, ms) or ("repeat", from step, rounds)."""
    found: dict = {"steps": []}
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.ENABLED) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            fields = {field.name: field for field in frame.fields}
            if frame.name in ("file_id", "workout"):
                found[frame.name] = {name: field.value for name, field in fields.items()}
            elif frame.name == "workout_step":
                assert fields["message_index"].value == len(found["steps"])
                if fields["duration_type"].value == "repeat_until_steps_cmplt":
                    found["steps"].append(("repeat", fields["duration_step"].value,
                                           fields["repeat_steps"].value))
                else:
                    assert fields["duration_type"].value == "time"
                    assert fields["target_type"].value == "open"
                    found["steps"].append((fields["wkt_step_name"].value,
                                           fields["intensity"].value,
                                           fields["duration_time"].raw_value))  # ms
    return found


def stage_4_at(level: int) -> tuple[Runback, object]:
    rb, clock = runner(Stage.RETURN_TO_RUN)
    rb.change_plan(LEVEL_KEY, level, "Physio's assessment")
    return rb, clock


LADDER = [
    pytest.param(1, [WARM_UP, run(1), walk(2), repeat(1, 8), COOL_DOWN],
                 id="level 1: 1 min run / 2 min walk × 8"),
    pytest.param(2, [WARM_UP, run(2), walk(2), repeat(1, 6), COOL_DOWN],
                 id="level 2: 2 / 2 × 6"),
    pytest.param(3, [WARM_UP, run(3), walk(2), repeat(1, 5), COOL_DOWN],
                 id="level 3: 3 / 2 × 5"),
    pytest.param(4, [WARM_UP, run(4), walk(1), repeat(1, 5), COOL_DOWN],
                 id="level 4: 4 / 1 × 5"),
    pytest.param(5, [WARM_UP, run(6), walk(1), repeat(1, 4), COOL_DOWN],
                 id="level 5: 6 / 1 × 4"),
    pytest.param(6, [WARM_UP, run(9), walk(1), repeat(1, 3), COOL_DOWN],
                 id="level 6: 9 / 1 × 3"),
    pytest.param(7, [WARM_UP, run(14), walk(1), repeat(1, 2), COOL_DOWN],
                 id="level 7: 14 / 1 × 2"),
    pytest.param(8, [WARM_UP, run(30), COOL_DOWN],
                 id="level 8: 30 min continuous, no repeat"),
]


@pytest.mark.parametrize(("level", "steps"), LADDER)
def test_each_ladder_level_reads_back_step_by_step(tmp_path, level, steps):
    rb, _ = stage_4_at(level)
    workout = todays_workout(rb)
    path = write_workout(workout, tmp_path / workout.file_name)
    assert path.name == f"RUNBKL0{level}.FIT"
    found = decoded(path)
    assert found["file_id"]["type"] == "workout"
    assert found["workout"]["sport"] == "running"
    assert found["workout"]["wkt_name"] == f"Runback level {level}"
    assert found["workout"]["num_valid_steps"] == len(steps)
    assert found["steps"] == steps
    assert os.listdir(tmp_path) == [path.name]  # no temporary left beside it


def test_warm_up_and_cool_down_follow_the_physios_plan(tmp_path):
    rb, _ = stage_4_at(2)
    rb.change_plans({"walk_run.warm_up_minutes": 10, "walk_run.cool_down_minutes": 0},
                    "Longer warm-up, no cool-down")
    found = decoded(write_workout(todays_workout(rb), tmp_path / "W.FIT"))
    assert found["steps"] == [("Warm-up walk", "warmup", 10 * MINUTE_MS), run(2), walk(2),
                              repeat(1, 6)]


def test_a_level_of_quarter_minutes_keeps_its_seconds(tmp_path):
    rb, _ = stage_4_at(1)
    rb.change_plan("walk_run.ladder", [{"run_minutes": 1.25, "walk_minutes": 1.75,
                                        "rounds": 3}], "Shorter first level")
    found = decoded(write_workout(todays_workout(rb), tmp_path / "W.FIT"))
    assert found["steps"] == [WARM_UP, run(1.25), walk(1.75), repeat(1, 3), COOL_DOWN]
    assert found["steps"][1][2] == 75_000


# --- no walk–run today, no workout: the plan's own reason -----------------------------------

def rest_day(rb: Runback, clock) -> None:
    clock.set(MONDAY)
    rb.log_walk_run(rounds=5, run_minutes=3, walk_minutes=2, pain_during=1, effort=4)
    clock.set(MONDAY + DAY)
    rb.check_in(1)


def stop_sign(rb: Runback, clock) -> None:
    clock.set(MONDAY)
    rb.log_walk_run(rounds=5, run_minutes=3, walk_minutes=2, pain_during=1, effort=4,
                    limp=True)
    clock.set(MONDAY + DAY)
    rb.check_in(1)


def check_in_owed(rb: Runback, clock) -> None:
    clock.set(MONDAY)
    rb.log_walk_run(rounds=5, run_minutes=3, walk_minutes=2, pain_during=1, effort=4)
    clock.set(MONDAY + 2 * DAY)


@pytest.mark.parametrize(("make_day", "starts"), [
    pytest.param(rest_day, "Rest day: your last walk–run was on 2024-01-01", id="rest day"),
    pytest.param(stop_sign, "Stop: rest after the stop sign on 2024-01-01", id="stop sign"),
    pytest.param(check_in_owed, "Check in first: record your knee pain for 2024-01-02",
                 id="check in first"),
])
def test_no_workout_on_a_day_without_a_walk_run_says_the_plans_reason(make_day, starts):
    rb, clock = stage_4_at(3)
    make_day(rb, clock)
    plan = rb.walk_run_plan()
    assert not plan.run_today
    with pytest.raises(NoWorkout) as raised:
        todays_workout(rb)
    assert str(raised.value) == plan.reason
    assert str(raised.value).startswith(starts)


@pytest.mark.parametrize(("stage", "words"), [
    (Stage.STRENGTH, "No walk–run today: walk–runs start in stage 4, and you are in stage 2 "
                     "(Restore strength and stability)."),
    (Stage.PERFORMANCE, "No walk–run today: you have finished the ladder and are in stage 5 "
                        "(Build performance)."),
], ids=["stage 2: no walk–runs yet", "stage 5: the ladder is done"])
def test_no_workout_outside_stage_4(stage, words):
    rb, _ = runner(stage)
    with pytest.raises(NoWorkout, match=r"^No walk–run today") as raised:
        todays_workout(rb)
    assert str(raised.value) == words


def test_no_second_workout_on_the_day_of_a_walk_run():
    rb, _ = stage_4_at(3)
    rb.log_walk_run(rounds=5, run_minutes=3, walk_minutes=2, pain_during=1, effort=4)
    with pytest.raises(NoWorkout, match=r"^Walk–run done today"):
        todays_workout(rb)


def test_no_workout_before_the_setup():
    rb = Runback.in_memory()
    with pytest.raises(NoWorkout, match="finish the first-run setup first"):
        todays_workout(rb)


# --- written all or none ---------------------------------------------------------------------

def test_a_failed_write_leaves_no_file_and_keeps_the_one_it_would_replace(tmp_path,
                                                                          monkeypatch):
    rb, _ = stage_4_at(3)
    workout = todays_workout(rb)
    kept = tmp_path / "kept.fit"
    kept.write_bytes(b"the runner's own file")

    def full_disk(_descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workout_module.os, "fsync", full_disk)
    for target in (tmp_path / "new.fit", kept):
        with pytest.raises(WorkoutError, match=r"No space left on device\. Nothing was "
                                               r"written and nothing was left"):
            write_workout(workout, target)
    assert sorted(os.listdir(tmp_path)) == ["kept.fit"]
    assert kept.read_bytes() == b"the runner's own file"
    assert not any(name.startswith(STAGING_PREFIX) for name in os.listdir(tmp_path))


def test_writing_again_replaces_the_file(tmp_path):
    rb, _ = stage_4_at(3)
    path = tmp_path / "RUNBKL03.FIT"
    path.write_bytes(b"old")
    write_workout(todays_workout(rb), path,
                  created=dt.datetime(2026, 11, 3, 7, 0, tzinfo=dt.UTC))
    found = decoded(path)
    assert found["file_id"]["time_created"] == dt.datetime(2026, 11, 3, 7, 0, tzinfo=dt.UTC)
    assert os.listdir(tmp_path) == ["RUNBKL03.FIT"]
