"""Dataclass methods kept between starts (core/generated_code.py): the second start makes
the same classes without compiling, they behave as made by ``dataclasses`` itself, and a
damaged or stale file costs only a compile. Each start is a process of its own, as the
app's are (enabling changes how this interpreter makes dataclasses)."""

from __future__ import annotations

import json
import marshal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

START = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from core import generated_code
    enabled = generated_code.enable(__import__("pathlib").Path({folder!r}))
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Walk:
        level: int
        minutes: float = 2.0
        notes: str = ""

    @dataclasses.dataclass
    class Tick:
        key: str
        done: int = 0{more}

    walk = Walk(3)
    same = Walk(3, 2.0, "")
    try:
        walk.level = 4
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    compiled = generated_code._state.get("new")
    generated_code.keep()
    print(json.dumps({{"enabled": enabled, "compiled": compiled, "repr": repr(walk),
                       "equal": walk == same, "hashes": hash(walk) == hash(same),
                       "frozen": frozen, "tick": repr(Tick("squat"))}}))
""")


def start(folder: Path, more: str = "") -> dict:
    code = START.format(root=str(ROOT), folder=str(folder), more=more)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def kept(folder: Path) -> dict:
    return marshal.loads(next(folder.glob("dataclass-code-*.marshal")).read_bytes())


EXPECTED = {"repr": "Walk(level=3, minutes=2.0, notes='')", "equal": True, "hashes": True,
            "frozen": True, "tick": "Tick(key='squat', done=0)"}


def test_the_second_start_compiles_nothing_and_makes_the_same_classes(tmp_path):
    first = start(tmp_path)
    assert first == {**EXPECTED, "enabled": True, "compiled": True}
    assert len(list(tmp_path.glob("dataclass-code-*.marshal"))) == 1
    second = start(tmp_path)
    assert second == {**EXPECTED, "enabled": True, "compiled": False}


def test_a_damaged_file_costs_a_compile_and_is_written_again(tmp_path):
    start(tmp_path)
    kept = next(tmp_path.glob("dataclass-code-*.marshal"))
    kept.write_bytes(b"\x00not marshal data")
    assert start(tmp_path) == {**EXPECTED, "enabled": True, "compiled": True}
    assert start(tmp_path)["compiled"] is False  # written whole again


def test_a_changed_class_is_compiled_and_the_old_code_dropped(tmp_path):
    start(tmp_path)
    methods = len(kept(tmp_path))
    more = "\n    sets: int = 1"  # a field more: new methods, new source text
    changed = start(tmp_path, more)
    assert changed["compiled"] is True
    assert changed["tick"] == "Tick(key='squat', done=0, sets=1)"
    assert start(tmp_path, more)["compiled"] is False
    # Only what the last start used is kept: the two-field Tick's methods are dropped.
    assert len(kept(tmp_path)) == methods
    assert not any("done:_type_done=_dflt_done)" in text
                   for text in kept(tmp_path))


def test_a_folder_that_cannot_be_written_only_costs_the_compile(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert start(blocked / "cache") == {**EXPECTED, "enabled": True, "compiled": True}
