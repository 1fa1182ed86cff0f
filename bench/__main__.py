"""Measure Runback against the budgets in docs/PERFORMANCE.md, as ratios to baselines measured in
the same run (the machine is noisy; ratios hold better than seconds).

    python -m bench                 # 1, 10 and 50 years; writes docs/PERFORMANCE.md
    python -m bench --quick         # a tiny data set (what the tests run)
    python -m bench --only save,charts --years 50   # some figures only; prints, writes nothing

Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import history, measure, watch_import  # noqa: E402

END = dt.date(2026, 11, 20)


def generate(folder: Path, years: float) -> tuple[Path, float]:
    """A runner file of ``years`` of daily use (bench/history.py), and seconds to make it."""
    path = folder / f"{years:g}y.db"
    started = time.perf_counter()
    history.generate(path, years, END)
    return path, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=float, nargs="+", default=[1, 10, 50])
    parser.add_argument("--repeat", type=int, default=9, help="runs per start-up figure")
    parser.add_argument("--quick", action="store_true", help="a tiny data set, few repeats")
    parser.add_argument("--stall-seconds", type=float, default=2.0,
                        help="how long after launch each start's event loop is watched")
    parser.add_argument("--only", type=_parts, default=PARTS,
                        help=f"comma-separated, of {','.join(PARTS)}: measure only these "
                             f"(the table is printed, written only with --out)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the table is written (default: docs/PERFORMANCE.md, "
                             "unless --only)")
    parser.add_argument("--tighten", type=float, default=1.0,
                        help="multiply every budget by this (below 1 to check failing)")
    args = parser.parse_args(argv)
    if args.out is None and args.only == PARTS:
        args.out = ROOT / "docs" / "PERFORMANCE.md"
    if args.quick:
        args.years, args.repeat, args.stall_seconds = [0.05, 0.1], 3, 0.5
    folder = Path(tempfile.mkdtemp(prefix="runback-bench-"))
    files = {}
    for years in sorted(args.years):
        files[years], seconds = generate(folder, years)
        print(f"generated {years:g} years in {seconds:.1f} s: {files[years].name}")
    largest = files[max(files)]

    table = measure.Table(args.tighten)
    only = args.only
    if "start" in only:
        measure.start_up(table, folder, files, args.repeat, args.stall_seconds)
        measure.bundle_start(table, folder, largest, args.repeat)
    growth = measure.growth(table, files, largest, only) if only & GROWTH else []
    if "export" in only:
        measure.export_against_sqlite(table, largest, folder)
    if "watch" in only:
        watch_import.watch_import(table, 50 if args.quick else 2000)
    report = measure.report(table, growth, machine())
    print(report)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    return 0 if table.all_pass else 1


# What --only can pick: start-up (and the bundle's), saves (Today's check-in, a tick, a
# session), the charts, the export, the watch import.
PARTS = frozenset({"start", "save", "charts", "export", "watch"})
GROWTH = frozenset({"save", "charts", "export"})  # measured per size in one window


def _parts(text: str) -> frozenset[str]:
    parts = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not parts or parts - PARTS:
        raise argparse.ArgumentTypeError(f"choose among {', '.join(sorted(PARTS))}")
    return parts


def machine() -> str:
    return (f"{platform.python_implementation()} {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"measured {dt.date.today().isoformat()}")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


if __name__ == "__main__":
    sys.exit(main())
