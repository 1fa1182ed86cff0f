"""The protocol definition: the bundled defaults, and every bad value named by key and rule."""

from __future__ import annotations

import copy
import math
from itertools import pairwise
from pathlib import Path

import pytest

from core.errors import ProtocolError
from core.model import RunType
from core.resources import resource_path
from core.rules import protocol as protocol_module
from core.rules.protocol import Level, Protocol

DEFAULT = protocol_module.default()


# --- the bundled protocol --------------------------------------------------------------------

def test_the_bundled_protocol_loads_and_default_is_loaded_once():
    loaded = protocol_module.load()
    assert loaded == DEFAULT
    assert protocol_module.default() is DEFAULT
    assert (DEFAULT.pain.threshold, DEFAULT.pain.stop) == (2, 5)
    assert DEFAULT.walk_run.sessions_to_advance == 2
    assert DEFAULT.strength.sessions_per_week == 2
    assert DEFAULT.load.ratio_high == 1.5


def test_level_1_is_the_articles_1_min_run_2_min_walk_8_times():
    assert DEFAULT.ladder[0] == Level(1, 1.0, 2.0, 8)
    assert DEFAULT.ladder[0].describe() == "Walk–run level 1: 1 min run / 2 min walk × 8"


def test_the_last_level_is_30_minutes_continuous():
    last = DEFAULT.ladder[-1]
    assert last == Level(DEFAULT.top_level, 30.0, 0.0, 1)
    assert last.continuous
    assert last.describe() == f"Walk–run level {DEFAULT.top_level}: 30 min continuous run"


def test_the_ladder_raises_run_time_and_cuts_walk_time():
    levels = DEFAULT.ladder
    assert [level.number for level in levels] == list(range(1, len(levels) + 1))
    for before, after in pairwise(levels):
        assert after.run_minutes > before.run_minutes
        assert after.walk_minutes <= before.walk_minutes
        assert after.total_run_minutes >= before.total_run_minutes


def test_level_lookup_is_clamped_to_the_ladder():
    assert DEFAULT.level(0).number == 1
    assert DEFAULT.level(3).number == 3
    assert DEFAULT.level(99).number == DEFAULT.top_level


def test_the_default_exercises_are_the_seven_of_the_product():
    assert [e.key for e in DEFAULT.exercises] == [
        "glute_bridge", "hip_thrust", "step_up", "split_squat", "hamstring_curl", "plank",
        "dead_bug"]
    plank = DEFAULT.exercises[5]
    assert (plank.sets, plank.reps, plank.hold_seconds) == (3, None, 30)
    assert plank.dose == "3 × 30 s hold"
    assert all(e.reps and e.hold_seconds is None for e in DEFAULT.exercises if e.key != "plank")
    assert DEFAULT.exercises[0].dose == "3 × 12"


def test_quality_sessions_come_back_long_then_hills_then_speed():
    assert DEFAULT.reintroduce == (RunType.LONG, RunType.HILLS, RunType.SPEED)


def test_as_dict_is_a_copy():
    data = DEFAULT.as_dict()
    data["pain"]["threshold"] = 9
    data["walk_run"]["ladder"].clear()
    assert DEFAULT.pain.threshold == 2
    assert len(DEFAULT.ladder) == len(DEFAULT.as_dict()["walk_run"]["ladder"]) == 8


# --- bad values ------------------------------------------------------------------------------

def changed(key: str, value) -> dict:
    """The default protocol's data with one key (``section.name``) set to ``value``."""
    data = DEFAULT.as_dict()
    section, name = key.split(".")
    data[section][name] = value
    return data


def without(key: str) -> dict:
    data = DEFAULT.as_dict()
    section, _, name = key.partition(".")
    if name:
        del data[section][name]
    else:
        del data[section]
    return data


def ladder(*levels: tuple) -> list[dict]:
    return [{"run_minutes": r, "walk_minutes": w, "rounds": n} for r, w, n in levels]


def exercises(*extra: dict) -> list[dict]:
    return [{"key": "glute_bridge", "name": "Glute bridge", "sets": 3, "reps": 12}, *extra]


@pytest.mark.parametrize(("data", "message"), [
    # missing
    pytest.param(without("pain.threshold"), "Protocol key 'pain.threshold' is missing.",
                 id="a missing key is named"),
    pytest.param(without("load"), "Protocol key 'load.acute_days' is missing.",
                 id="a missing section names its first key"),
    # wrong type
    pytest.param(changed("pain.threshold", "2"),
                 "Protocol key 'pain.threshold' must be a number from 0 to 5 (got '2').",
                 id="text for a number is refused"),
    pytest.param(changed("pain.stop", [5]),
                 "Protocol key 'pain.stop' must be a number from 1 to 10 (got [5]).",
                 id="a list for a number is refused"),
    pytest.param(changed("pain.threshold", True),
                 "Protocol key 'pain.threshold' must be a number from 0 to 5 (got True).",
                 id="a bool is not a number"),
    pytest.param(changed("load.ratio_high", False),
                 "Protocol key 'load.ratio_high' must be a number from 0.5 to 5 (got False).",
                 id="a bool is not a number for a decimal key either"),
    # range
    # the "during" threshold stops at the top of the acceptable zone (Thomeé 1997)
    pytest.param(changed("pain.threshold", 6),
                 "Protocol key 'pain.threshold' must be from 0 to 5 (got 6).",
                 id="above the range"),
    pytest.param(changed("calm.cross_training_step_minutes", -5),
                 "Protocol key 'calm.cross_training_step_minutes' must be from 0 to 60 (got -5).",
                 id="below the range"),
    pytest.param(changed("load.ratio_caution", 0.4),
                 "Protocol key 'load.ratio_caution' must be from 0.5 to 5 (got 0.4).",
                 id="a decimal below the range"),
    pytest.param(changed("load.ratio_caution", math.nan),
                 "Protocol key 'load.ratio_caution' must be from 0.5 to 5 (got nan).",
                 id="nan for a decimal key is refused"),
    pytest.param(changed("pain.threshold", math.nan),
                 "Protocol key 'pain.threshold' must be from 0 to 5 (got nan).",
                 id="nan for a whole-number key is refused"),
    pytest.param(changed("walk_run.break_days", math.inf),
                 "Protocol key 'walk_run.break_days' must be from 2 to 365 (got inf).",
                 id="infinity for a whole-number key is refused"),
    # whole numbers
    pytest.param(changed("pain.threshold", 2.5),
                 "Protocol key 'pain.threshold' must be a whole number (got 2.5).",
                 id="a fraction for a whole-number key is refused"),
    # cross-key rules
    pytest.param(changed("pain.threshold", 5),
                 "Protocol key 'pain.threshold' (5) must be below 'pain.stop' (5).",
                 id="the threshold must be below the stop threshold"),
    pytest.param(changed("pain.morning_worse_repeat", 2),
                 "Protocol key 'pain.morning_worse_repeat' (2) must be below "
                 "'pain.morning_worse_step_back' (2).",
                 id="repeat must be below step back for the next morning"),
    pytest.param(changed("load.ratio_caution", 1.6),
                 "Protocol key 'load.ratio_caution' (1.6) must be below 'load.ratio_high' (1.5).",
                 id="the ratio caution band must be below the high band"),
    pytest.param(changed("calm.cross_training_min_minutes", 50),
                 "Protocol key 'calm.cross_training_min_minutes' (50) must be at most "
                 "'calm.cross_training_max_minutes' (45).",
                 id="cross-training minimum at most its maximum"),
    pytest.param(changed("walk_run.effort_min", 6),
                 "Protocol key 'walk_run.effort_min' (6) must be at most "
                 "'walk_run.effort_max' (5).",
                 id="easy effort minimum at most its maximum"),
    # ladder
    pytest.param(changed("walk_run.ladder", []),
                 "Protocol key 'walk_run.ladder' must list at least one level.",
                 id="an empty ladder"),
    pytest.param(without("walk_run.ladder"),
                 "Protocol key 'walk_run.ladder' must list at least one level.",
                 id="no ladder"),
    pytest.param(changed("walk_run.ladder", ladder((1, 2, 8), (2, 2, 3))),
                 "Protocol key 'walk_run.ladder[2]': total running (6 min) must not fall "
                 "below the level before (8 min).",
                 id="a ladder whose running total decreases"),
    pytest.param(changed("walk_run.ladder", [{"run_minutes": 1, "walk_minutes": 2}]),
                 "Protocol key 'walk_run.ladder[1].rounds' is missing.",
                 id="a ladder level without rounds"),
    pytest.param(changed("walk_run.ladder", [{"walk_minutes": 2, "rounds": 8}]),
                 "Protocol key 'walk_run.ladder[1].run_minutes' is missing.",
                 id="a ladder level without run minutes"),
    pytest.param(changed("walk_run.ladder", ladder((1, 2, 8), (2, 2, 6.5))),
                 "Protocol key 'walk_run.ladder[2].rounds' must be a whole number (got 6.5).",
                 id="a fraction of a round"),
    pytest.param(changed("walk_run.ladder", ladder((0, 2, 8))),
                 "Protocol key 'walk_run.ladder[1].run_minutes' must be from 0.25 to 120 "
                 "(got 0).",
                 id="a level with no running"),
    pytest.param(changed("walk_run.ladder", [8]),
                 "Protocol key 'walk_run.ladder[1]' must have run_minutes, walk_minutes and "
                 "rounds.",
                 id="a ladder level that is not a table"),
    pytest.param(changed("walk_run.ladder", ladder(*[(1, 1, 1)] * 31)),
                 "Protocol key 'walk_run.ladder' has 31 levels; at most 30.",
                 id="a ladder of more than 30 levels"),
    # exercises
    pytest.param(changed("strength.exercises", []),
                 "Protocol key 'strength.exercises' must list at least one exercise.",
                 id="no exercises"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "glute_bridge", "name": "Again", "sets": 2, "reps": 5})),
                 "Protocol key 'strength.exercises[2].key': 'glute_bridge' appears twice.",
                 id="a duplicate exercise key"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "plank", "name": "Plank", "sets": 3, "reps": 5, "hold_seconds": 30})),
                 "Protocol key 'strength.exercises[2]' needs either reps or hold_seconds, not "
                 "both and not neither.",
                 id="an exercise with both reps and a hold"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "plank", "name": "Plank", "sets": 3})),
                 "Protocol key 'strength.exercises[2]' needs either reps or hold_seconds, not "
                 "both and not neither.",
                 id="an exercise with neither reps nor a hold"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "Side Plank", "name": "Side plank", "sets": 3, "hold_seconds": 20})),
                 "Protocol key 'strength.exercises[2].key' must be a short lower-case "
                 "identifier like 'glute_bridge' (got 'Side Plank').",
                 id="an exercise key that is not an identifier"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "plank", "name": " ", "sets": 3, "hold_seconds": 20})),
                 "Protocol key 'strength.exercises[2].name' must be a name of 1–80 characters.",
                 id="a blank exercise name"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "plank", "name": "Plank", "sets": 0, "hold_seconds": 20})),
                 "Protocol key 'strength.exercises[2].sets' must be from 1 to 20 (got 0).",
                 id="zero sets"),
    pytest.param(changed("strength.exercises", exercises(
        {"key": "plank", "name": "Plank", "sets": 3, "hold_seconds": 601})),
                 "Protocol key 'strength.exercises[2].hold_seconds' must be from 1 to 600 "
                 "(got 601).",
                 id="a hold longer than 10 minutes"),
    # reintroduce
    pytest.param(changed("performance.reintroduce", ["long", "long"]),
                 "Protocol key 'performance.reintroduce' must list each of hills, long, speed "
                 "at most once (got ['long', 'long']).",
                 id="a run type reintroduced twice"),
    pytest.param(changed("performance.reintroduce", ["long", "tempo"]),
                 "Protocol key 'performance.reintroduce' must list each of hills, long, speed "
                 "at most once (got ['long', 'tempo']).",
                 id="an unknown run type to reintroduce"),
    pytest.param(changed("performance.reintroduce", ["easy"]),
                 "Protocol key 'performance.reintroduce' must list each of hills, long, speed "
                 "at most once (got ['easy']).",
                 id="easy running is never reintroduced"),
    pytest.param(changed("performance.reintroduce", "long"),
                 "Protocol key 'performance.reintroduce' must list each of hills, long, speed "
                 "at most once (got 'long').",
                 id="reintroduce given as text, not a list"),
    # mobility drills
    pytest.param(changed("performance.mobility_drills", ["Hip circles", ""]),
                 "Protocol key 'performance.mobility_drills' must be a list of drill names.",
                 id="a blank mobility drill"),
])
def test_a_bad_value_names_the_key_and_the_rule(data, message):
    with pytest.raises(ProtocolError) as error:
        Protocol(data)
    assert str(error.value) == message


def test_a_protocol_that_is_not_a_table_is_refused():
    with pytest.raises(ProtocolError, match="must be a table of sections"):
        Protocol([("pain", {})])


def test_a_one_level_ladder_and_nothing_to_reintroduce_are_valid():
    data = changed("walk_run.ladder", ladder((1, 1, 1)))
    data["performance"]["reintroduce"] = []
    protocol = Protocol(copy.deepcopy(data))
    assert protocol.top_level == 1
    assert protocol.reintroduce == ()


# --- files -----------------------------------------------------------------------------------

def bundled_text() -> str:
    return resource_path("protocol.toml").read_text(encoding="utf-8")


def test_a_protocol_file_loads_with_its_values(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_text(bundled_text().replace("threshold = 2", "threshold = 3"), encoding="utf-8")
    protocol = protocol_module.load(path)
    assert protocol.pain.threshold == 3
    assert protocol.ladder == DEFAULT.ladder


def test_a_bad_value_in_a_file_names_the_key(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_text(bundled_text().replace("stop = 5", "stop = 2"), encoding="utf-8")
    with pytest.raises(ProtocolError, match=r"'pain.threshold' \(2\) must be below 'pain.stop'"):
        protocol_module.load(path)


def test_an_invalid_toml_file_is_refused(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_text("[pain]\nthreshold = \n", encoding="utf-8")
    with pytest.raises(ProtocolError) as error:
        protocol_module.load(path)
    assert str(error.value).startswith(f"The protocol file {path} is not valid TOML: ")


@pytest.mark.parametrize("make", [
    pytest.param(lambda tmp: tmp / "missing.toml", id="a missing file"),
    pytest.param(lambda tmp: tmp, id="a folder"),
])
def test_an_unreadable_file_is_refused(tmp_path, make):
    path: Path = make(tmp_path)
    with pytest.raises(ProtocolError) as error:
        protocol_module.load(path)
    assert str(error.value).startswith(f"Cannot read the protocol file {path}: ")


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_bytes(b"[pain]\nthreshold = 2 # \xff\xfe\n")
    with pytest.raises(ProtocolError) as error:
        protocol_module.load(path)
    assert str(error.value).startswith(f"The protocol file {path} is not UTF-8 text")


# --- overrides -------------------------------------------------------------------------------

def test_an_override_gives_a_new_protocol_and_leaves_the_old_one_alone():
    changed_protocol = DEFAULT.with_override("pain.threshold", 3)
    assert changed_protocol.pain.threshold == 3
    assert DEFAULT.pain.threshold == 2
    assert changed_protocol != DEFAULT


def test_an_override_takes_a_copy_of_its_value():
    levels = ladder((1, 2, 8), (30, 0, 1))
    changed_protocol = DEFAULT.with_override("walk_run.ladder", levels)
    levels.clear()
    assert changed_protocol.top_level == 2
    assert len(changed_protocol.walk_run.ladder) == 2


@pytest.mark.parametrize("key", ["pain.thresh", "pain", "walk_run.level", "", "PAIN.THRESHOLD"],
                         ids=lambda key: f"unknown key {key!r}")
def test_an_override_of_an_unknown_key_is_refused(key):
    with pytest.raises(ProtocolError) as error:
        DEFAULT.with_override(key, 3)
    assert str(error.value).startswith(f"'{key}' is not a protocol setting. Known settings: ")


@pytest.mark.parametrize(("key", "value", "message"), [
    pytest.param("pain.threshold", 5, "'pain.threshold' (5) must be below 'pain.stop' (5)",
                 id="raising the threshold to the stop threshold"),
    pytest.param("pain.stop", 2, "'pain.threshold' (2) must be below 'pain.stop' (2)",
                 id="lowering the stop threshold to the threshold"),
    pytest.param("load.ratio_high", 1.3,
                 "'load.ratio_caution' (1.3) must be below 'load.ratio_high' (1.3)",
                 id="lowering the high ratio band to the caution band"),
    pytest.param("load.chronic_days", 7,
                 "'load.acute_days' (7) must be below 'load.chronic_days' (7)",
                 id="a chronic window no longer than the acute one"),
    pytest.param("walk_run.ladder", [], "'walk_run.ladder' must list at least one level",
                 id="emptying the ladder"),
    pytest.param("pain.threshold", 1.5, "'pain.threshold' must be a whole number",
                 id="a fraction for the threshold"),
])
def test_an_override_is_validated_again_with_the_other_keys(key, value, message):
    with pytest.raises(ProtocolError, match=message.replace("(", r"\(").replace(")", r"\)")):
        DEFAULT.with_override(key, value)


def test_overrides_stack_so_a_cross_key_change_can_be_made_in_order():
    protocol = DEFAULT.with_override("pain.stop", 7).with_override("pain.threshold", 5)
    assert (protocol.pain.threshold, protocol.pain.stop) == (5, 7)


def test_a_misspelled_key_in_the_protocol_file_is_refused_not_ignored(tmp_path):
    text = (resource_path("protocol.toml").read_text(encoding="utf-8")
            .replace("threshold = 2", "threshold = 2\ntreshold = 3"))
    path = tmp_path / "typo.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProtocolError, match=r"'pain\.treshold' is not a known setting"):
        protocol_module.load(path)


def test_lists_read_from_the_protocol_cannot_change_it():
    shared = protocol_module.default()
    assert isinstance(shared.walk_run.ladder, tuple)
    assert isinstance(shared.performance.mobility_drills, tuple)
    stored = shared.stored("walk_run.ladder")  # a plan change's "previous value": a copy
    stored.clear()
    assert len(shared.stored("walk_run.ladder")) == len(shared.walk_run.ladder) == 8
