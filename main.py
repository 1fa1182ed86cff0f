"""Runback: start the desktop app, or run a command for a physio or a script.

    runback [--db PATH] [--demo] [--tray] the desktop app (--tray: in the system tray,
                                          if reminders are on)
    runback demo --db PATH [--weeks N]    create a demo runner's file
    runback export --db PATH --out DIR [--format csv|xlsx] [--force]
                                          write runback-<runner>-<date>-summary.csv,
                                          …-sessions.csv, …-scores.csv and …-checkins.csv
                                          (or runback-<runner>-<date>.xlsx); files already
                                          there are replaced only with --force
    runback report --db PATH --out FILE.pdf [--from DATE] [--to DATE] [--paper a4|letter]
                                          the clinical report for the physio (a PDF)
    runback check --db PATH               integrity and schema report
    runback copy --db PATH --out FILE     a copy to send to the physio (or into a folder)
    runback backup --db PATH              take a backup now (into backups/ beside it)
    runback restore --db PATH --from B    replace the file by backup B (kept first)
    runback import --db PATH FILES…       activities from watch files (.fit, .gpx, .tcx,
                                          gzipped, a Strava export): see --help
    runback pain --db PATH --session N --during P
                                          add the pain during to an imported session
    runback workout --db PATH --out FILE.fit
                                          today's walk–run as a watch workout (FIT)
    runback --self-test                   prove this copy works (offscreen), exit 0 or 1

A user mistake prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
    parser.add_argument("--tray", action="store_true",
                        help="start in the system tray if reminders are on (the window opens "
                             "from the tray icon); else as usual. Start at login uses it")
    parser.add_argument("--startup-time", action="store_true",
                        help="open the window, print the clock (time.perf_counter) when it is "
                             "drawn and when the whole file is read, then quit (python -m "
                             "bench compares a bundle's start with the source's this way)")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen on a temporary demo file, render every tab, "
                             "export and check the CSVs; exit 0 if all is well, else 1")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    demo = commands.add_parser("demo", help="create a demo runner's file")
    demo.add_argument("--db", type=Path, required=True, dest="command_db",
                      help="the new file to create")
    demo.add_argument("--weeks", type=int, default=16, help="length of the journey (1–520)")

    export = commands.add_parser(
        "export", help="write the physio's summary, sessions, scores and check-ins (CSV or "
                       "xlsx)",
        description="Write runback-<runner>-<date>-summary.csv, -sessions.csv, -scores.csv "
                    "and -checkins.csv (or runback-<runner>-<date>.xlsx, a sheet for each), "
                    "named with the runner file's name and today's date.",
        epilog="exit status: 0 when written; 2 on bad usage, a file that could not be "
               "written (nothing is left behind), or a file of the same name already in "
               "the folder without --force (nothing is written).")
    export.add_argument("--db", type=Path, required=True, dest="command_db",
                        help="the runner file")
    export.add_argument("--out", type=Path, required=True, help="the folder to write into")
    # CSV by default: scripts written for the first versions expect the CSVs.
    export.add_argument("--format", choices=("csv", "xlsx"), default="csv", dest="file_format",
                        help="csv: the four CSVs (the default); xlsx: one workbook, a sheet "
                             "for each, with typed cells")
    export.add_argument("--force", action="store_true",
                        help="replace files of the same names already in the folder")

    report = commands.add_parser("report", help="write the clinical report for the physio "
                                                "(a PDF)")
    report.add_argument("--db", type=Path, required=True, dest="command_db",
                        help="the runner file")
    report.add_argument("--out", type=Path, required=True, help="the PDF to write")
    report.add_argument("--from", type=_iso_date, dest="start",
                        help="the first day (YYYY-MM-DD; default: the programme's start)")
    report.add_argument("--to", type=_iso_date, dest="end",
                        help="the last day (YYYY-MM-DD; default: today)")
    report.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="the paper size (default: a4)")

    check = commands.add_parser("check", help="integrity and schema report")
    check.add_argument("--db", type=Path, required=True, dest="command_db",
                       help="the runner file")

    copy = commands.add_parser("copy", help="a consistent copy to send to the physio")
    copy.add_argument("--db", type=Path, required=True, dest="command_db",
                      help="the runner file (it may be open in the app)")
    copy.add_argument("--out", type=Path, required=True,
                      help="the new file, or a folder to write Runback-<runner>-<date>.db in")

    backup = commands.add_parser("backup", help="take a backup now; print its path")
    backup.add_argument("--db", type=Path, required=True, dest="command_db",
                        help="the runner file (it may be open in the app)")

    restore = commands.add_parser("restore", help="replace the runner file by a backup (the "
                                                  "file as it is is backed up first)")
    restore.add_argument("--db", type=Path, required=True, dest="command_db",
                         help="the runner file (closed)")
    restore.add_argument("--from", type=Path, required=True, dest="backup",
                         help="the backup to restore")

    watch = commands.add_parser(
        "import", help="import activities from watch files",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Import activities from watch files: .fit, .gpx, .tcx, their gzipped "
                    "forms (.fit.gz …) and a Strava bulk export (its zip, or the unpacked "
                    "folder with activities.csv). A walk–run is saved at the level "
                    "prescribed that day, a continuous run as a run, a walk, ride or swim "
                    "as cross-training; the pain during is not in the file, so each is "
                    "saved without it: add it with 'runback pain'. One line per file.",
        epilog="exit status: 0 if at least one activity was imported or all were already "
               "in the file (duplicates); 1 if any file was bad (unreadable, damaged, dated "
               "in the future, too large …: nothing of it is imported, the others are) or "
               "nothing could be imported; 2 on bad usage (a missing runner file, no FILES).")
    watch.add_argument("--db", type=Path, required=True, dest="command_db",
                       help="the runner file")
    watch.add_argument("files", type=Path, nargs="+", metavar="FILES",
                       help="watch files, Strava export zips or folders")

    pain = commands.add_parser("pain", help="add the pain during (and effort, a limp or "
                                            "swelling) to a session imported without it")
    pain.add_argument("--db", type=Path, required=True, dest="command_db",
                      help="the runner file")
    pain.add_argument("--session", type=int, required=True, help="the session's number "
                                                                 "(runback import prints it)")
    pain.add_argument("--during", type=int, required=True, help="knee pain during, 0–10")
    pain.add_argument("--effort", type=int, help="effort, 0–10")
    pain.add_argument("--limp", action="store_true", help="you limped")
    pain.add_argument("--swelling", action="store_true", help="the knee swelled")

    workout = commands.add_parser(
        "workout", help="write today's walk–run as a FIT workout for the watch",
        description="Write today's walk–run (warm-up walk, run and walk × rounds, cool-down "
                    "walk, each timed) as a FIT workout file. On a Garmin, copy it into the "
                    "GARMIN/NewFiles folder of the watch plugged in by USB; the watch lists "
                    "it under its workouts as 'Runback level N'.",
        epilog="exit status: 0 when the workout was written; 1 when there is no walk–run "
               "today (a rest day, a stop sign, a check-in owed first, a stage without "
               "walk–runs: one line says why, and no file is written); 2 on bad usage or "
               "a file that could not be written (nothing is left behind).")
    workout.add_argument("--db", type=Path, required=True, dest="command_db",
                         help="the runner file")
    workout.add_argument("--out", type=Path, required=True,
                         help="the .fit file to write (replaced if there), or a folder to "
                              "write RUNBKL<level>.FIT in")
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def run_report(db: Path, out: Path, start: dt.date | None, end: dt.date | None,
               paper: str) -> int:
    """The report, headless: Qt's PDF writer needs fonts, not a screen."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from core.runback import Runback
    from ui.report_pdf import ensure_app, write_report

    runback = Runback.open(db)
    try:
        ensure_app()
        print(write_report(runback, out, paper, start, end))
    finally:
        runback.close()
    return 0


def run_demo(db: Path, weeks: int) -> int:
    from core.exchange.demo import create_demo
    from core.file.datafile import refuse_unusable

    refuse_unusable(db)
    # Anything at that name, a dangling symlink included, is not the demo's to remove.
    existed = os.path.lexists(db)
    try:
        runback = create_demo(db, weeks)
    except RunbackError as error:
        if existed:
            raise
        # A demo cut short (by a full disk, say) is removed, not left half-made.
        for part in (db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-lock"))):
            part.unlink(missing_ok=True)
        reason = getattr(error, "reason", "")
        if not reason:  # not a refused write: its own message says it all
            raise
        raise RunbackError(f"Could not create the demo {db}: {reason}. Nothing was left "
                           f"behind.") from None
    weeks_written = len(runback.weekly_rows())
    runback.close()
    print(f"Created {db}: a {weeks}-week demo journey ({weeks_written} weekly rows).")
    return 0


def run_export(db: Path, out: Path, file_format: str = "csv", force: bool = False) -> int:
    from core.errors import ExportExists
    from core.exchange.export import export
    from core.runback import Runback

    runback = Runback.open(db)
    try:
        for path in export(runback, out, file_format, replace=force):
            print(path)
    except ExportExists as error:
        them = "it" if len(error.paths) == 1 else "them"
        raise RunbackError(f"{error} Add --force to replace {them}.") from None
    finally:
        runback.close()
    return 0


def run_check(db: Path) -> int:
    from core.file.datafile import check_file

    lines = check_file(db)
    print("\n".join(lines))
    healthy = ("integrity: ok" in lines and "foreign keys: ok" in lines
               and not any(line.startswith("broken row:") for line in lines))
    return 0 if healthy else 1


def run_backup(db: Path) -> int:
    from core.file import backups
    from core.file.datafile import inspect

    inspect(db)  # a missing, foreign or damaged file is refused by name
    print(backups.take_of_file(db))
    return 0


def run_restore(db: Path, backup: Path) -> int:
    from core.file import backups

    done = backups.restore(db, backup)
    if done.kept:
        print(f"Restored {db} from {backup}; the file as it was is kept as {done.kept}.")
    else:
        aside = f"; the damaged file was kept as {done.set_aside}" if done.set_aside else ""
        print(f"Restored {db} from {backup}{aside}.")
    return 0


def run_import(db: Path, files: list[Path]) -> int:
    from shlex import quote

    from core.exchange.watch.batch import Status, import_paths
    from core.runback import Runback

    runback = Runback.open(db)
    counts = dict.fromkeys(Status, 0)
    try:
        for outcome in import_paths(runback, files):
            counts[outcome.status] += 1
            line = outcome.line
            if outcome.pain_unknown and outcome.session_id is not None:
                line += (f"; pain during not known: add it with runback pain --db "
                         f"{quote(str(db))} --session {outcome.session_id} --during N")
            print(line)
    finally:
        runback.close()
    total = sum(counts.values())
    if counts[Status.BAD]:
        return 1
    return 0 if counts[Status.IMPORTED] or counts[Status.DUPLICATE] == total else 1


def run_pain(db: Path, session: int, during: int, effort: int | None, limp: bool,
             swelling: bool) -> int:
    from core.runback import Runback

    runback = Runback.open(db)
    try:
        changes = runback.add_pain_during(session, during, effort, limp, swelling)
        print(f"Session {session}: pain during {during}/10 added."
              + (f" {changes.notice}" if changes.notice else ""))
    finally:
        runback.close()
    return 0


EXIT_NO_WORKOUT = 1


def run_workout(db: Path, out: Path) -> int:
    from core.exchange.watch.workout import NoWorkout, todays_workout, write_workout
    from core.runback import Runback

    if not out.is_dir() and out.suffix.lower() != ".fit":
        raise RunbackError(f"The workout file must end in .fit (got {out.name}): a watch "
                           f"takes no other name.")
    runback = Runback.open(db)
    try:
        try:
            workout = todays_workout(runback)
        except NoWorkout as why:
            print(f"runback: no workout today: {why}", file=sys.stderr)
            return EXIT_NO_WORKOUT
        path = write_workout(workout, out / workout.file_name if out.is_dir() else out)
    finally:
        runback.close()
    print(f"{path}: {workout.level.describe()}, in {workout.total_seconds / 60:g} min with "
          f"the warm-up and cool-down. On a Garmin, copy it into GARMIN/NewFiles.")
    return 0


def with_backup_hint(error: RunbackError) -> str:
    """A damaged file's message, naming its newest good backup and how to restore it."""
    from core.errors import NotARunbackFile

    path = getattr(error, "path", None)
    if not isinstance(error, NotARunbackFile) or path is None:
        return str(error)
    from core.file import backups

    good = backups.newest_good(Path(path))
    if good is None:
        return str(error)
    from shlex import quote

    return (f"{error} Its newest good backup is {good.describe()}: runback restore --db "
            f"{quote(str(path))} --from {quote(str(good.path))}")


def run_copy(db: Path, out: Path) -> int:
    import contextlib
    import datetime as dt

    from core.file.datafile import read_only
    from core.file.snapshot import copy_for_physio

    with contextlib.closing(read_only(db)) as conn:  # no lock: the app may have it open
        print(copy_for_physio(conn, out, dt.date.today()))
    return 0


def run_self_test() -> int:
    from ui.self_test import run_self_test

    return run_self_test()


def run_gui(db: Path | None, demo: bool, startup_time: bool = False, tray: bool = False
            ) -> int:
    from core import startup

    startup.begin()  # before the first import of the window's code
    from ui import pyside_scan

    pyside_scan.apply()
    from ui.app import run

    return run(db, demo, startup_time, tray)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command == "demo":
            return run_demo(args.command_db, args.weeks)
        if args.command == "export":
            return run_export(args.command_db, args.out, args.file_format, args.force)
        if args.command == "report":
            return run_report(args.command_db, args.out, args.start, args.end, args.paper)
        if args.command == "check":
            return run_check(args.command_db)
        if args.command == "copy":
            return run_copy(args.command_db, args.out)
        if args.command == "backup":
            return run_backup(args.command_db)
        if args.command == "restore":
            return run_restore(args.command_db, args.backup)
        if args.command == "import":
            return run_import(args.command_db, args.files)
        if args.command == "pain":
            return run_pain(args.command_db, args.session, args.during, args.effort,
                            args.limp, args.swelling)
        if args.command == "workout":
            return run_workout(args.command_db, args.out)
        if args.self_test:
            return run_self_test()
        return run_gui(args.db, args.demo, args.startup_time, args.tray)
    except RunbackError as error:
        print(f"runback: {with_backup_hint(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
