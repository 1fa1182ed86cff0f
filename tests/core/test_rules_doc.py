"""docs/RULES.md's Load table names real settings with their true defaults."""

from __future__ import annotations

import re
from pathlib import Path

from core.rules import protocol as protocol_module
from core.rules import settings

RULES = Path(__file__).resolve().parents[2] / "docs" / "RULES.md"


def load_rows() -> list[list[str]]:
    text = RULES.read_text(encoding="utf-8")
    section = text.split("## Load", 1)[1].split("\n## ", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in section.splitlines()
            if line.startswith("|") and not line.startswith("|---")][1:]


def test_every_load_setting_in_the_rules_has_its_default():
    protocol = protocol_module.default()
    named = set()
    for _rule, setting, default, _source in load_rows():
        keys = re.findall(r"`([a-z_]+\.[a-z_]+)`", setting)
        numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", default)]
        declared = [settings.REGISTRY.scalar(key).of(protocol) for key in keys]
        assert numbers[:len(keys)] == declared, setting
        named.update(keys)
    load_keys = {s.key for s in settings.REGISTRY.scalars if s.section == "load"}
    assert load_keys <= named
