"""Dataclass methods compiled once, then kept between starts, as Python keeps modules.

On Python 3.11 ``@dataclass`` writes each class's ``__init__``, ``__eq__``, ``__repr__``
(and ``__setattr__``, ``__hash__`` when frozen) as source text and compiles it, every
start: the ~75 dataclasses the window needs before its first paint cost it ~40 ms of a
~240 ms start (``python -m bench``; docs/PERFORMANCE.md "Start-up"). The text depends only
on the class, so its compiled code can be kept, keyed by that text, and loaded instead:
``enable`` swaps the compile for a lookup in a file of code objects (``marshal``, as
``.pyc`` files are), and ``keep`` writes what this start compiled.

Only for the Python version it was written for (3.11: ``dataclasses._create_fn`` is
private; later versions build dataclasses differently and are left alone). A missing,
stale or damaged file costs only the compile, never a wrong class: an entry is found by
its whole source text, and the file is named after the exact Python version.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import sys
from pathlib import Path
from typing import Any

SUPPORTED = (3, 11)
APP_FOLDER = "Runback"
_state: dict[str, Any] = {}  # path, codes (text -> code), used, new


def default_folder() -> Path:
    """The platform's cache folder for Runback (nothing in it is the runner's data)."""
    home = Path.home()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local"
        return Path(local) / APP_FOLDER / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP_FOLDER
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / APP_FOLDER


def enable(folder: Path) -> bool:
    """Compile dataclass methods through the kept code in ``folder`` (made if missing).
    Call before the first dataclass is made; returns whether it is in use."""
    create = getattr(dataclasses, "_create_fn", None)
    if sys.version_info[:2] != SUPPORTED or create is None or _state:
        return bool(_state)
    version = ".".join(str(part) for part in sys.version_info[:3])
    path = folder / f"dataclass-code-{sys.implementation.name}-{version}.marshal"
    codes: dict[str, Any] = {}
    try:
        loaded = marshal.loads(path.read_bytes())  # load(file) reads it piecemeal: 6× slower
        if isinstance(loaded, dict):
            codes = loaded
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or unreadable: compiled as usual, and written again
    _state.update(path=path, codes=codes, used={}, new=False)
    dataclasses._create_fn = _create_fn  # type: ignore[attr-defined]
    return True


def keep() -> None:
    """Write the code this start used, if any of it was compiled now (a temporary file
    renamed into place: another Runback starting meanwhile reads the old file or the new).
    Only what this start used is kept, so code of classes since changed drops out."""
    if not _state or not _state["new"]:
        return
    path: Path = _state["path"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(_state["used"]))
        os.replace(temporary, path)
        _state["new"] = False
    except OSError:
        pass  # a read-only cache folder: the next start compiles again


def _create_fn(name, args, body, *, globals=None, locals=None,
               return_type=dataclasses.MISSING):
    """``dataclasses._create_fn`` of Python 3.11, with the compile looked up first."""
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    args = ",".join(args)
    body = "\n".join(f"  {b}" for b in body)
    txt = f" def {name}({args}){return_annotation}:\n{body}"
    local_vars = ", ".join(locals.keys())
    txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
    code = _state["codes"].get(txt)
    if code is None:
        code = compile(txt, "<string>", "exec")
        _state["new"] = True
    _state["used"][txt] = code
    ns: dict[str, Any] = {}
    exec(code, globals, ns)
    return ns["__create_fn__"](**locals)
