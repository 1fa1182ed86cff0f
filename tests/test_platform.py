"""Facts about the platform the app depends on (docs/PLATFORM.md)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pyside6_survives_many_calls_returning_none():
    """PySide6 6.12.0 aborts Python < 3.12 after a few thousand such calls; we pin below it."""
    loop = ("from PySide6.QtCore import QObject; o = QObject(); "
            "[o.setObjectName('x') for _ in range(20000)]")
    result = subprocess.run([sys.executable, "-c", loop], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-500:]


def test_core_imports_nothing_from_qt():
    for path in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("PySide6", "pyqtgraph", "ui")), f"{path}: {name}"


def test_loading_all_of_core_loads_no_qt():
    code = ("import sys, pkgutil, importlib, core; "
            "[importlib.import_module('core.' + m.name) "
            "for m in pkgutil.iter_modules(core.__path__)]; "
            "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'pyqtgraph'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
