"""Each setting is declared once (core/rules/settings.py): the bundled TOML holds the same
defaults, RULES.md's settings table is generated from the declarations, and every
declaration says what the physio needs to read."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from core.resources import resource_path
from core.rules import protocol as protocol_module
from core.rules import settings
from core.rules.declare import Setting, markdown

RULES = Path(__file__).resolve().parents[2] / "docs" / "RULES.md"


def test_the_bundled_toml_holds_the_declared_defaults():
    with resource_path("protocol.toml").open("rb") as file:
        assert tomllib.load(file) == settings.REGISTRY.defaults()


def test_the_default_protocol_reads_the_declared_defaults_by_attribute():
    protocol = protocol_module.default()
    for declared in settings.REGISTRY.scalars:
        assert declared.of(protocol) == declared.default, declared.key
    assert protocol.pain.threshold == 2 and protocol.walk_run.rest_days_between == 1
    assert len(protocol.walk_run.ladder) == len(settings.WalkRun.__dataclass_fields__[
        "ladder"].metadata["runback.setting"].default)


def test_rules_md_settings_table_is_current():
    text = RULES.read_text(encoding="utf-8")
    assert settings.rules_with_table(text) == text, (
        "docs/RULES.md's settings table is out of date: run "
        "`python -m core.rules.settings --update-rules docs/RULES.md`")
    assert markdown(settings.REGISTRY) in text


@pytest.mark.parametrize("declared", settings.REGISTRY.scalars, ids=lambda s: s.key)
def test_every_number_setting_is_declared_whole(declared: Setting):
    assert declared.kind in (int, float)
    assert declared.label and declared.help
    assert declared.low <= declared.default <= declared.high
    assert declared.kind is float or isinstance(declared.default, int)
    for other in (declared.below, declared.at_most):
        assert not other or settings.REGISTRY.scalar(other).section


def test_the_keys_are_the_declarations_in_order():
    keys = settings.REGISTRY.keys
    assert keys[0] == "pain.threshold" and len(keys) == len(set(keys))
    assert protocol_module.keys() == keys
    assert {"walk_run.ladder", "strength.exercises", "performance.reintroduce",
            "performance.mobility_drills"} <= set(keys)


def test_the_markdown_command_prints_the_table(capsys):
    assert settings.main(["--markdown"]) == 0
    assert capsys.readouterr().out == markdown(settings.REGISTRY)
    assert settings.main([]) == 2
