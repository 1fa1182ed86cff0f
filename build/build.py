"""Build Runback's one-folder bundle: ``python build/build.py``.

Runs PyInstaller on ``build/runback.spec`` with its work folder in ``pyinstaller-work/``
and the bundle in ``dist/runback/`` (both git-ignored, outside ``build/``), strips the
bundle's shared libraries, and prints where the bundle is and its size. Check it with
``dist/runback/runback --self-test``.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build" / "runback.spec"
NAME = "runback"
ELF_MAGIC = b"\x7fELF"
# Stripping numpy's libraries breaks its OpenBLAS (docs/PLATFORM.md): they are left whole.
KEEP_WHOLE = ("numpy", "numpy.libs")


def run_pyinstaller(dist: Path, work: Path) -> Path:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, cwd=ROOT, check=True)
    return dist / NAME


def shared_libraries(bundle: Path):
    """The bundle's own shared libraries (not symlinks) that may be stripped."""
    internal = bundle / "_internal"
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        if path.relative_to(internal).parts[0] in KEEP_WHOLE:
            continue
        with path.open("rb") as handle:
            if handle.read(4) == ELF_MAGIC:
                yield path


def strip(bundle: Path) -> int:
    """``strip --strip-unneeded`` every shared library outside numpy; the bytes saved."""
    tool = shutil.which("strip")
    if tool is None:
        print("build: 'strip' not found (binutils); the bundle is left unstripped",
              file=sys.stderr)
        return 0
    saved = 0
    for path in shared_libraries(bundle):
        before = path.stat().st_size
        subprocess.run([tool, "--strip-unneeded", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def size_of(folder: Path) -> int:
    """Bytes in ``folder``, symlinks counted as links (as ``du`` does)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_dir()
               or path.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "pyinstaller-work",
                        help="PyInstaller's work folder (default: pyinstaller-work/)")
    parser.add_argument("--no-strip", action="store_true",
                        help="leave the shared libraries unstripped")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        print("build: PyInstaller is not installed; run: pip install -e \".[build]\"",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    bundle = run_pyinstaller(args.dist.resolve(), args.work.resolve())
    saved = 0 if args.no_strip else strip(bundle)
    mib = 2**20
    print(f"Bundle: {bundle}  ({size_of(bundle) / mib:.0f} MiB, strip saved "
          f"{saved / mib:.0f} MiB; built in {time.perf_counter() - started:.0f} s)")
    print(f"Check it: {bundle / NAME} --self-test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
