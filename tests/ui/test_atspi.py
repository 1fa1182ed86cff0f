"""The AT-SPI tree (what Orca reads on Linux) carries Today's changing words.

Runback runs under a private session bus (dbus-run-session) on a virtual screen
(xvfb-run) with Qt's AT-SPI bridge always on; the system's Python reads the tree through
Atspi (tests/ui/atspi_dump.py). Skipped, with the reason, where any of that is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


def missing_tools() -> str:
    if not sys.platform.startswith("linux"):
        return "AT-SPI is Linux's accessibility bus"
    for tool in ("dbus-run-session", "xvfb-run"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: dbus-daemon, xvfb)"
    if not any(Path(folder, "at-spi-bus-launcher").exists()
               for folder in ("/usr/libexec", "/usr/lib/at-spi2-core")):
        return "at-spi2-core is not installed (no at-spi-bus-launcher)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', "
                            "'2.0'); from gi.repository import Atspi"],
                           capture_output=True, text=True, check=False) \
        if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        return "the system Python cannot read AT-SPI (Debian: python3-gi, gir1.2-atspi-2.0)"
    return ""


REASON = missing_tools()


@pytest.mark.skipif(bool(REASON), reason=REASON or "-")
def test_the_atspi_tree_carries_todays_words(tmp_path):
    script = (f'"{sys.executable}" "{HERE / "atspi_app.py"}" "{tmp_path}" & app=$!; '
              f'"{SYSTEM_PYTHON}" "{HERE / "atspi_dump.py"}" > "{tmp_path / "tree.jsonl"}"; '
              f'code=$?; touch "{tmp_path / "done"}"; wait $app; exit $code')
    env = {**os.environ, "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(["dbus-run-session", "--", "xvfb-run", "-a", "-s",
                           "-screen 0 1280x800x24", "sh", "-c", script],
                          env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    nodes = [json.loads(line) for line in
             (tmp_path / "tree.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = json.loads((tmp_path / "expected.json").read_text(encoding="utf-8"))

    def node(role: str, name: str) -> dict:
        found = [n for n in nodes if n["role"] == role and n["name"] == name]
        assert found, f"no {role} named {name!r} in {len(nodes)} nodes"
        return found[0]

    assert nodes[0]["role"] == "application" and nodes[0]["name"] == "Runback"
    frames = [n["name"] for n in nodes if n["role"] == "frame"]
    assert any(name.startswith(expected["title"]) for name in frames), frames
    assert node("label", "Today's prescription")["description"] == expected["prescription"]
    assert node("label", "Check-in prompt")["description"] == expected["prompt"]
    assert node("push button", "Save check-in")
    assert node("page tab", "Today")
