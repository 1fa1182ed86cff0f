"""The repository stands alone: code and docs cite files in docs/, never notes kept
outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\.\./shared|(?<![\w/])(PRODUCT|EVIDENCE|STYLE)\.md|(?<!docs/)PLATFORM\.md")
KINDS = ("*.py", "*.md", "*.toml", "*.spec")


def files():
    for kind in KINDS:
        for path in ROOT.rglob(kind):
            parts = path.relative_to(ROOT).parts
            if parts[0] in (".venv", ".git", "dist", "build-work") or "site-packages" in parts:
                continue
            yield path
    yield ROOT / ".ci" / "run"


def test_no_file_cites_notes_outside_the_repository():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in files()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if OUTSIDE.search(line) and path != Path(__file__)]
    assert not found, "\n".join(found)


def test_the_platform_facts_the_code_cites_are_in_docs():
    text = (ROOT / "docs" / "PLATFORM.md").read_text(encoding="utf-8")
    for fact in ("none_dealloc", "<6.12", "0.4 s", "offscreen", "strip"):
        assert fact in text
