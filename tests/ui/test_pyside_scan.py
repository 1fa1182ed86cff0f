"""PySide6 is told which of Runback's modules use it instead of reading their source at
import (ui/pyside_scan.py): the answer it records is the one its own scan gives, and no
module of ours is read. In a process of its own: the scan happens once per import."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent("""
    import inspect, json, sys
    sys.path.insert(0, {root!r})
    read = []
    getsource = inspect.getsource
    def spy(thing):
        read.append(getattr(thing, "__name__", ""))
        return getsource(thing)
    inspect.getsource = spy
    {apply}
    import core.rules.walkrun, ui.common, textwrap as later
    feature = sys.modules["PySide6.support.feature"]
    known = feature.pyside_feature_dict
    scan = feature._mod_uses_pyside
    ours = {{name: value for name, value in known.items()
             if name.split(".")[0] in ("core", "ui")}}
    print(json.dumps({{"read": read, "given": ours,
                       "scanned": [scan(sys.modules["core.rules.walkrun"]),
                                   scan(sys.modules["ui.common"])]}}))
""")


def probe(apply: bool) -> dict:
    code = PROBE.format(root=str(ROOT), apply=(
        "from ui import pyside_scan; assert pyside_scan.apply()" if apply
        else "import PySide6.QtCore"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    return json.loads(out.stdout)


def test_runbacks_modules_are_not_read_and_get_the_answer_the_scan_gives():
    scanned = probe(apply=False)
    assert {"core.rules.walkrun", "ui.common"} <= set(scanned["read"])  # what it costs
    told = probe(apply=True)
    # Only the two packages themselves are still scanned (core's __init__ is a docstring).
    assert [name for name in told["read"] if name.split(".")[0] in ("core", "ui")] == [
        "core", "ui"]
    # What PySide6 records of them is what its own scan recorded (core: ignored).
    assert told["given"] == scanned["given"]
    assert told["given"]["core.model"] == -1
    assert told["scanned"] == [False, True]


def test_core_never_mentions_pyside6_so_the_answer_holds():
    mentions = [path for path in (ROOT / "core").rglob("*.py")
                if "PySide6" in path.read_text(encoding="utf-8")]
    assert mentions == []
