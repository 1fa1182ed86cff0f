"""Watch import speed (issue 14): activities read a second by Runback's reader against the
FIT parser alone, on generated files (a Strava export of ~2,000 activities in size).

The files are FIT activities written by fit-tool (tests/core/watch_samples.py): a few
distinct walk–runs and runs, copied to the count asked for. The parser alone is fitdecode
walking every frame with its CRC checks; Runback's reader adds the file read, the fields it
keeps, the segments and the fingerprint.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path

from bench import measure


def generate(folder: Path, count: int) -> list[Path]:
    from tests.core import watch_samples as samples

    start = dt.datetime(2026, 5, 4, 7, tzinfo=dt.UTC)
    kinds = [samples.walk_run(8, 60, 120), samples.walk_run(5, 180, 60),
             samples.continuous(30), samples.continuous(45, spm=172)]
    distinct = [samples.fit_activity(start + dt.timedelta(days=i), pieces)
                for i, pieces in enumerate(kinds)]
    paths = []
    for index in range(count):
        path = folder / f"{index}.fit"
        path.write_bytes(distinct[index % len(distinct)])
        paths.append(path)
    return paths


def parser_alone(paths: list[Path]) -> float:
    import fitdecode

    started = time.perf_counter()
    for path in paths:
        with fitdecode.FitReader(io.BytesIO(path.read_bytes()),
                                 check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for _frame in reader:
                pass
    return time.perf_counter() - started


def runback_reader(paths: list[Path]) -> float:
    from core.exchange.watch import WatchFiles

    started = time.perf_counter()
    with WatchFiles(paths) as files:
        read = [r for r in files if r.activity is not None]
    if len(read) != len(paths):
        raise RuntimeError("the bench's own files did not all read")
    return time.perf_counter() - started


def watch_import(table: measure.Table, count: int = 2000) -> None:
    with tempfile.TemporaryDirectory(prefix="runback-watch-") as folder:
        paths = generate(Path(folder), count)
        alone = parser_alone(paths)
        ours = runback_reader(paths)
    table.note(f"watch import: {count} FIT activities (5 s records) read, Runback's reader",
               f"{count / ours:.0f} activities/s ({ours:.1f} s)")
    table.note("watch import: the FIT parser alone (fitdecode, CRCs checked)",
               f"{count / alone:.0f} activities/s; Runback's reader takes "
               f"{ours / alone:.2f}× its time")
