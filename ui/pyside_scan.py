"""PySide6 reads the whole source of every module imported after it (its ``__feature__``
support asks whether the module mentions "PySide6"): for Runback's own ~70 modules that
is ~5 ms of every start (python -m bench, "start until every action works"). Runback
knows the answer for its own packages, so ``apply`` gives it: ``ui`` uses PySide6, ``core``
never does (a test checks it). Any other module is scanned as before; a PySide6 without
that check is left alone (docs/PLATFORM.md, "Start-up costs").
"""

from __future__ import annotations

import sys
from types import ModuleType

FEATURE = "PySide6.support.feature"
OURS = {"core": False, "ui": True}  # top package -> whether its modules use PySide6


def apply() -> bool:
    """Answer PySide6's question for Runback's modules without reading their source;
    returns whether PySide6 had the question to answer."""
    import PySide6.QtCore  # noqa: F401 - loads the feature module the answer goes to

    feature = sys.modules.get(FEATURE)
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or scan is None or getattr(scan, "runback", False):
        return scan is not None

    def uses_pyside(module: ModuleType) -> bool:
        top, _, inner = getattr(module, "__name__", "").partition(".")
        ours = OURS.get(top) if inner else None  # the packages themselves: scanned
        return scan(module) if ours is None else ours

    uses_pyside.runback = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
