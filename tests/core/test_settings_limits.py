"""Settings and editors: names a physio types refuse control characters like notes do; the
programme and the drills have count and length limits; a whole-number setting refuses 2.0;
no date before 1970. Each refusal names the key and leaves the file unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from core import validate
from core.errors import InvalidInput, ProtocolError, RunbackError
from core.rules import protocol as protocol_module
from core.rules import settings
from core.rules.protocol import DRILLS_MAX, EXERCISES_MAX, NAME_MAX_CHARS
from core.runback import Runback

BAD_NAMES = [
    pytest.param("Squat\x00", "control character", id="NUL"),
    pytest.param("\x1b[31mSquat", "control character", id="terminal escape"),
    pytest.param("Squat\x85", "control character", id="C1 next line"),
    pytest.param("Squat\tslow", "a tab", id="tab"),
    pytest.param("Squat\nslow", "a line break", id="line break"),
    pytest.param("Squat\ud800", "lone surrogate", id="lone surrogate"),
    pytest.param("S" * (NAME_MAX_CHARS + 1), "too long", id="81 characters"),
]


def programme(*names: str) -> list[dict]:
    return [{"key": f"exercise_{n}", "name": name, "sets": 3, "reps": 10}
            for n, name in enumerate(names)]


@pytest.mark.parametrize("name, words", BAD_NAMES)
def test_an_exercise_name_is_printable_text_on_one_line(name, words):
    base = protocol_module.default()
    with pytest.raises(ProtocolError, match=words) as caught:
        base.with_override("strength.exercises", programme("Bridge", name))
    assert "strength.exercises[2].name" in str(caught.value)


@pytest.mark.parametrize("name, words", BAD_NAMES)
def test_a_mobility_drill_is_printable_text_on_one_line(name, words):
    base = protocol_module.default()
    with pytest.raises(ProtocolError, match=words) as caught:
        base.with_override("performance.mobility_drills", ["Hip circles", name])
    assert "performance.mobility_drills[2]" in str(caught.value)


def test_the_programme_and_the_drills_have_count_limits():
    base = protocol_module.default()
    most = [f"Exercise {n}" for n in range(EXERCISES_MAX)]
    assert len(base.with_override("strength.exercises", programme(*most)).exercises) == 20
    with pytest.raises(ProtocolError, match=f"at most {EXERCISES_MAX}"):
        base.with_override("strength.exercises", programme(*most, "One more"))
    drills = [f"Drill {n}" for n in range(DRILLS_MAX)]
    base.with_override("performance.mobility_drills", drills)
    with pytest.raises(ProtocolError, match=f"at most {DRILLS_MAX}"):
        base.with_override("performance.mobility_drills", [*drills, "One more"])
    assert base.with_override("performance.mobility_drills", ["Ü" * NAME_MAX_CHARS])


@pytest.mark.parametrize("key, value", [("pain.threshold", 2.0),
                                        ("walk_run.rest_days_between", 1.0),
                                        ("strength.sessions_per_week", 3.0)])
def test_a_whole_number_setting_refuses_a_float_even_a_whole_one(key, value):
    base = protocol_module.default()
    with pytest.raises(ProtocolError, match="must be a whole number"):
        base.with_override(key, value)
    assert settings.REGISTRY.scalar(key).of(base.with_override(key, int(value))) == int(value)


def test_a_decimal_setting_takes_a_whole_number():
    base = protocol_module.default()
    assert base.with_override("load.ratio_caution", 1).load.ratio_caution == 1


def test_the_facade_refuses_a_float_for_a_whole_number_setting_and_saves_nothing(runner_file):
    before = runner_file.store.load()
    with pytest.raises(RunbackError, match="whole number"):
        runner_file.change_plan("pain.threshold", 3.0, "typed 3.0")
    with pytest.raises(RunbackError, match="control character"):
        runner_file.change_plan("performance.mobility_drills", ["Hip\x07 circles"], "bell")
    assert runner_file.store.load() == before


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(1969, 12, 31)])
def test_no_date_before_1970(day):
    with pytest.raises(InvalidInput, match="before 1970"):
        validate.day(day, dt.date(2026, 3, 2), field="start date")
    assert validate.day(dt.date(1970, 1, 1), dt.date(2026, 3, 2)) == dt.date(1970, 1, 1)


def test_setup_refuses_a_start_date_in_year_1(tmp_path, clock):
    runback = Runback.create(tmp_path / "runner.db", clock=clock)
    try:
        with pytest.raises(InvalidInput, match="Start date 0001-01-01 is before 1970"):
            runback.setup("patellofemoral_pain", "left", current_pain=2, can_walk_30_min=True,
                          start_date=dt.date(1, 1, 1))
        assert runback.needs_setup
    finally:
        runback.close()
