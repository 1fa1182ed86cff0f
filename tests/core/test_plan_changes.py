"""A physio's changes to the plan: together or not at all, with their history."""

import pytest

from core.errors import InvalidInput
from core.model import Actor, Stage


def test_raising_threshold_and_stop_together_is_one_change(runner_file, clock):
    clock.advance()
    # Alone, a threshold of 5 would break "threshold below stop (5)"; together it holds.
    runner_file.change_plans({"pain.threshold": 5, "pain.stop": 8}, "Chronic pain pattern")
    protocol = runner_file.protocol
    assert (protocol.pain.threshold, protocol.pain.stop) == (5, 8)
    changes = runner_file.log.plan_changes
    assert [(c.key, c.value, c.previous, c.actor) for c in changes] == [
        ("pain.threshold", 5, 2, Actor.PHYSIO), ("pain.stop", 8, 5, Actor.PHYSIO)]
    assert len({c.recorded_at for c in changes}) == 1


def test_an_invalid_set_of_changes_saves_none_of_them(runner_file, clock):
    before = runner_file.store.counts()
    with pytest.raises(InvalidInput, match="must be below"):
        runner_file.change_plans({"pain.stop": 3, "pain.threshold": 4}, "Typo")
    assert runner_file.store.counts() == before


def test_nothing_to_change_is_refused(runner_file):
    with pytest.raises(InvalidInput, match="Nothing to change"):
        runner_file.change_plans({}, "Nothing")


def test_setting_the_stage_the_runner_is_in_is_refused(runner_file):
    with pytest.raises(InvalidInput, match="already in stage 1"):
        runner_file.set_stage(Stage.CALM, "Again")
    assert len(runner_file.log.stage_events) == 1
