"""Runback: start the desktop app, or run a command for a physio or a script.

    runback [--db PATH] [--demo]          the desktop app
    runback demo --db PATH [--weeks N]    create a demo runner's file
    runback export --db PATH --out DIR    write summary.csv and sessions.csv
    runback check --db PATH               integrity and schema report
    runback --self-test                   prove this copy works (offscreen), exit 0 or 1

A user mistake prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import RunbackError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but with our one-line error format."""

    def error(self, message: str):
        raise RunbackError(f"{message} (see 'runback --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="runback", description="Runback: from knee pain back to running, "
                                                 "with honest numbers for your physio.")
    parser.add_argument("--db", type=Path, help="the runner file to open (default: your "
                                                 "app-data folder)")
    parser.add_argument("--demo", action="store_true",
                        help="open a demo runner's file (created in a temporary folder)")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen on a temporary demo file, render every tab, "
                             "export and check the CSVs; exit 0 if all is well, else 1")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    demo = commands.add_parser("demo", help="create a demo runner's file")
    demo.add_argument("--db", type=Path, required=True, dest="command_db",
                      help="the new file to create")
    demo.add_argument("--weeks", type=int, default=16, help="length of the journey (1–520)")

    export = commands.add_parser("export", help="write summary.csv and sessions.csv")
    export.add_argument("--db", type=Path, required=True, dest="command_db",
                        help="the runner file")
    export.add_argument("--out", type=Path, required=True, help="the folder to write into")

    check = commands.add_parser("check", help="integrity and schema report")
    check.add_argument("--db", type=Path, required=True, dest="command_db",
                       help="the runner file")
    return parser


def run_demo(db: Path, weeks: int) -> int:
    from core.demo import create_demo

    existed = db.exists()
    try:
        runback = create_demo(db, weeks)
    except RunbackError as error:
        if existed:
            raise
        # A demo cut short (by a full disk, say) is removed, not left half-made.
        for part in (db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-lock"))):
            part.unlink(missing_ok=True)
        reason = getattr(error, "reason", None)
        if reason is None:
            raise
        raise RunbackError(f"Could not create the demo {db}: {reason}. Nothing was left "
                           f"behind.") from None
    weeks_written = len(runback.weekly_rows())
    runback.close()
    print(f"Created {db}: a {weeks}-week demo journey ({weeks_written} weekly rows).")
    return 0


def run_export(db: Path, out: Path) -> int:
    from core.export import export
    from core.runback import Runback

    runback = Runback.open(db)
    try:
        for path in export(runback, out):
            print(path)
    finally:
        runback.close()
    return 0


def run_check(db: Path) -> int:
    from core.datafile import check_file

    lines = check_file(db)
    print("\n".join(lines))
    healthy = "integrity: ok" in lines and "foreign keys: ok" in lines
    return 0 if healthy else 1


def run_self_test() -> int:
    from ui.self_test import run_self_test

    return run_self_test()


def run_gui(db: Path | None, demo: bool) -> int:
    from ui.app import run

    return run(db, demo)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "demo":
            return run_demo(args.command_db, args.weeks)
        if args.command == "export":
            return run_export(args.command_db, args.out)
        if args.command == "check":
            return run_check(args.command_db)
        if args.self_test:
            return run_self_test()
        return run_gui(args.db, args.demo)
    except RunbackError as error:
        print(f"runback: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
