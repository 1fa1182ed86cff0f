"""Find files under ``resources/``, from source and from a PyInstaller bundle alike."""

import sys
from pathlib import Path


def resource_path(name: str) -> Path:
    """The path of ``resources/<name>``.

    In a bundle PyInstaller unpacks data under ``sys._MEIPASS``; from source the folder
    sits beside ``core/``.
    """
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root / "resources" / name


def doc_path(name: str) -> Path:
    """The path of ``docs/<name>`` (the rules the Help menu opens), from source or bundle."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root / "docs" / name
