"""The app's start, kept fast (docs/PERFORMANCE.md "Start-up"): ``begin`` before the
first import of Runback's code, ``settled`` once the window is drawn and the file read.

- Dataclass methods come compiled from the last start (core/generated_code.py).
- No garbage collection until then: the start makes ~40,000 objects (classes, enums,
  widgets' wrappers, the first view's entries), almost none of them garbage, and the
  collector walked them some 60 times, ~12 ms of every start. ``settled`` keeps what
  the start made out of every later collection (``gc.freeze``) and turns collection on.
"""

from __future__ import annotations

import gc

from core import generated_code


def begin() -> None:
    gc.disable()
    try:
        folder = generated_code.default_folder()
    except (RuntimeError, KeyError):  # no home folder to be found: compiled as usual
        return
    generated_code.enable(folder)


def settled() -> None:
    """The window is up and the file read: collect from now on (idempotent)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
