"""Today's walk–run out to the watch: a FIT workout file (issue 14, docs/IMPORT.md).

The workout is today's prescription as the runner would follow it: a warm-up walk, then
the level's run and walk repeated ``rounds`` times (one FIT repeat step, so the watch
counts the rounds and beeps each change), then a cool-down walk. Every step has a time
target; the warm-up and cool-down minutes are the protocol's (``walk_run.warm_up_minutes``,
``walk_run.cool_down_minutes``). No pace or heart-rate target: the ladder asks for an easy
effort, which only the runner can feel.

Encoded with fit-tool (BSD-3-Clause, pure Python); the tests read every file back with
fitdecode, an independent decoder. Garmin's own SDK decoder was checked once by hand
(docs/IMPORT.md): its licence forbids shipping it.

On a day without a walk–run (a rest day, a stop sign, a check-in owed, another stage)
there is no workout: ``NoWorkout`` says why, in the plan's own words, and no file is
written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import RunbackError
from core.exchange.export_files import SetNotWritten, write_all_or_none
from core.rules.settings import Level

if TYPE_CHECKING:
    from core.views import RunnerView

# What a Garmin watch shows as the workout's maker: FIT's "development" manufacturer.
DEVELOPMENT = 255
SERIAL_NUMBER = 0x52554E42  # "RUNB": any fixed number; the file's time tells files apart
SECONDS_A_MINUTE = 60


class NoWorkout(RunbackError):
    """No walk–run today, so no workout: ``str(error)`` says why (the plan's words)."""


class WorkoutError(RunbackError):
    """The workout file could not be written; nothing was left at its name."""


class Intensity(StrEnum):
    """A step's kind, as FIT names it (a watch shows each its own way)."""

    WARM_UP = "warmup"
    RUN = "active"
    WALK = "recovery"
    COOL_DOWN = "cooldown"


@dataclass(frozen=True)
class Step:
    name: str
    intensity: Intensity
    seconds: int


@dataclass(frozen=True)
class Workout:
    """One walk–run as the watch follows it: ``warm_up``, ``round`` × ``rounds``,
    ``cool_down`` (either may be None: 0 minutes in the protocol)."""

    level: Level
    warm_up: Step | None
    round: tuple[Step, ...]  # a run, and a walk unless the level has none
    rounds: int
    cool_down: Step | None

    @property
    def name(self) -> str:
        """The name the watch lists it under (short: watches cut long names)."""
        return f"Runback level {self.level.number}"

    @property
    def file_name(self) -> str:
        """``RUNBKL03.FIT``: upper case, 8.3, as every Garmin's ``NewFiles`` folder takes."""
        return f"RUNBKL{self.level.number:02d}.FIT"

    @property
    def total_seconds(self) -> int:
        ends = sum(step.seconds for step in (self.warm_up, self.cool_down) if step)
        return ends + self.rounds * sum(step.seconds for step in self.round)


def _seconds(minutes: float) -> int:
    return round(minutes * SECONDS_A_MINUTE)


def workout_for(level: Level, warm_up_minutes: float, cool_down_minutes: float) -> Workout:
    """The workout of one ladder level. A level without walking (30 min continuous) is one
    run: back-to-back runs with no walk between are the same run."""
    if level.walk_minutes:
        one_round: tuple[Step, ...] = (
            Step("Run", Intensity.RUN, _seconds(level.run_minutes)),
            Step("Walk", Intensity.WALK, _seconds(level.walk_minutes)))
        rounds = level.rounds
    else:
        one_round, rounds = (Step("Run", Intensity.RUN, _seconds(level.total_run_minutes)),), 1
    return Workout(
        level,
        Step("Warm-up walk", Intensity.WARM_UP, _seconds(warm_up_minutes))
        if warm_up_minutes else None,
        one_round, rounds,
        Step("Cool-down walk", Intensity.COOL_DOWN, _seconds(cool_down_minutes))
        if cool_down_minutes else None)


def todays_workout(view: RunnerView) -> Workout:
    """Today's walk–run as a workout.

    :raises NoWorkout: no walk–run today (a rest day, a stop sign, a check-in owed, a
        stage without walk–runs), saying why.
    """
    today = view.walk_run_today()
    if today.level is None:
        raise NoWorkout(today.reason)
    walk_run = view.protocol.walk_run
    return workout_for(today.level, walk_run.warm_up_minutes, walk_run.cool_down_minutes)


def encode(workout: Workout, created: dt.datetime) -> bytes:
    """The workout as a FIT file: a file_id (type workout), a workout message (running),
    and one workout_step per step, each with its ``message_index``; the rounds are a
    ``repeat_until_steps_cmplt`` step pointing back at the round's first step."""
    # fit-tool imports its whole profile (~0.1 s): loaded when a workout is written.
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import (
        FileType,
        Sport,
        WorkoutStepDuration,
        WorkoutStepTarget,
    )
    from fit_tool.profile.profile_type import Intensity as FitIntensity

    intensities = {Intensity.WARM_UP: FitIntensity.WARMUP, Intensity.RUN: FitIntensity.ACTIVE,
                   Intensity.WALK: FitIntensity.RECOVERY,
                   Intensity.COOL_DOWN: FitIntensity.COOLDOWN}
    steps: list[WorkoutStepMessage] = []

    def timed(step: Step) -> None:
        message = WorkoutStepMessage()
        message.message_index = len(steps)
        message.workout_step_name = step.name
        message.intensity = intensities[step.intensity]
        message.duration_type = WorkoutStepDuration.TIME  # before the time: its sub-field
        message.duration_time = float(step.seconds)
        message.target_type = WorkoutStepTarget.OPEN
        message.target_value = 0
        steps.append(message)

    if workout.warm_up:
        timed(workout.warm_up)
    first_of_round = len(steps)
    for step in workout.round:
        timed(step)
    if workout.rounds > 1:
        repeat = WorkoutStepMessage()
        repeat.message_index = len(steps)
        repeat.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        repeat.duration_step = first_of_round
        repeat.target_repeat_steps = workout.rounds  # rounds in all, the first included
        steps.append(repeat)
    if workout.cool_down:
        timed(workout.cool_down)

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = DEVELOPMENT
    file_id.product = 0
    file_id.serial_number = SERIAL_NUMBER
    file_id.time_created = round(created.timestamp() * 1000)
    message = WorkoutMessage()
    message.workout_name = workout.name
    message.sport = Sport.RUNNING
    message.num_valid_steps = len(steps)

    builder = FitFileBuilder(auto_define=True, min_string_size=16)
    builder.add(file_id)
    builder.add(message)
    builder.add_all(steps)
    return builder.build().to_bytes()


def write_workout(workout: Workout, path: Path, created: dt.datetime | None = None) -> Path:
    """Write ``workout`` to ``path`` (replacing a file there) all or none, as the physio's
    export is written: a failure leaves no file and no temporary behind.

    :raises WorkoutError: the file could not be written (the message says why).
    """
    path = Path(path)
    data = encode(workout, created or dt.datetime.now(dt.UTC))

    def write(staging: Path) -> list[str]:
        with open(staging / path.name, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        return [path.name]

    try:
        return write_all_or_none(path.parent, write)[0]
    except SetNotWritten as failure:
        raise WorkoutError(f"Could not write the workout to {path}: {failure.reason}. "
                           f"{failure.left(path.parent)}; choose another folder or free "
                           f"some space.") from None
