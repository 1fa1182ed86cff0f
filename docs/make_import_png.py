"""Make docs/import.png: the review of an import (ui/import_dialog.py) after a runner in
stage 4 drops a week's files: a walk–run, a run, a ride, one already imported and one cut
short. The files are written by the tests' writers (tests/core/watch_samples.py).

    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/make_import_png.py [--size 1024x700]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.exchange.watch import WatchFiles  # noqa: E402
from core.model import Stage  # noqa: E402
from core.runback import Runback  # noqa: E402
from tests.core import watch_samples as samples  # noqa: E402
from ui.app import application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

START = dt.date(2026, 3, 2)
DAY = dt.datetime(2026, 3, 9, 7, 0, tzinfo=dt.UTC)  # a Monday morning


def files(folder: Path) -> tuple[list[Path], Path]:
    """A week's files, and one of them imported before (the duplicate)."""
    from fit_tool.profile.profile_type import Sport

    def write(name: str, content: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    walk_run = samples.fit_activity(DAY, samples.walk_run(8, 60, 120, run_spm=169))
    earlier = write("2026-03-06-walk-run.fit", samples.fit_activity(
        DAY - dt.timedelta(days=3), samples.walk_run(8, 60, 120, run_spm=166)))
    return [
        write("2026-03-09-walk-run.fit", walk_run),
        write("2026-03-07-easy.gpx", samples.gpx_activity(
            DAY - dt.timedelta(days=2, hours=-3), samples.continuous(20))),
        write("2026-03-08-ride.tcx", samples.tcx_activity(
            DAY - dt.timedelta(days=1, hours=-2), [(samples.RUN, 2700, 7.2, 170)],
            sport="Biking")),
        write("2026-03-08-spin.fit", samples.fit_activity(
            DAY - dt.timedelta(days=1, hours=-10), [(samples.RUN, 1800, 8, 170)],
            sport=Sport.CYCLING, laps=False)),
        earlier,
        write("2026-03-05-cut-short.fit", walk_run[:len(walk_run) // 2]),
    ], earlier


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1024x700", help="the dialog's size, WxH")
    parser.add_argument("--out", default=str(ROOT / "docs" / "import.png"))
    args = parser.parse_args()
    width, height = map(int, args.size.split("x"))
    application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        today = [START]
        runback = Runback.create(folder / "runner.db", clock=lambda: dt.datetime.combine(
            today[0], dt.time(19)).astimezone())
        runback.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
        runback.set_stage(Stage.RETURN_TO_RUN, "cleared to run")
        paths, earlier = files(folder)
        today[0] = DAY.date() - dt.timedelta(days=3)  # the walk–run before, and its morning
        with WatchFiles([earlier], runback.clock()) as found:
            (read,) = list(found)
        runback.save_import(dataclasses.replace(runback.import_proposal(read.activity),
                                                pain_during=1, effort=4))
        today[0] += dt.timedelta(days=1)
        runback.check_in(1)
        today[0] = DAY.date()
        window = MainWindow(runback, QSettings(str(folder / "settings.ini"),
                                               QSettings.Format.IniFormat))
        window.show()
        window.import_paths(paths)
        flow = window.import_flow
        while flow.running:
            QApplication.processEvents()
        dialog = flow.dialog
        assert dialog is not None
        dialog.resize(width, height)
        walk_run = next(row for row in dialog.rows if row.proposal is not None
                        and row.proposal.kind == "walk_run")
        walk_run.pain.setValue(1)
        walk_run.effort.setValue(4)
        walk_run.pain.setFocus()
        for _ in range(5):
            QApplication.processEvents()
        dialog.grab().save(args.out)
        print(f"wrote {args.out} ({width}×{height})")
        dialog.close()
        window.close()
        runback.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
