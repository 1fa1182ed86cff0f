"""The watch files ``runback --self-test`` imports (resources/watch/) are the ones the import
tests' writers make (tests/core/watch_samples.py): fit-tool's FIT, gpxpy's GPX, the TCX
template. A bundle reads them with its own fitdecode, gpxpy and defusedxml.

Written again with ``python -m tests.core.test_watch_sample_files``.
"""

from __future__ import annotations

import datetime as dt

from core.resources import resource_path
from tests.core import watch_samples as samples

DAY = dt.datetime(2026, 3, 4, 8, 0, tzinfo=dt.UTC)
SAMPLES = {
    "walk-run.fit": lambda: samples.fit_activity(
        DAY, samples.walk_run(3, 60, 120, run_spm=166), step=10),
    "run.gpx": lambda: samples.gpx_activity(
        DAY.replace(hour=12), samples.continuous(20), step=30).encode(),
    "ride.tcx": lambda: samples.tcx_activity(
        DAY.replace(hour=17), [(samples.RUN, 1200, 7.0, 170)], sport="Biking",
        step=60).encode(),
}


def test_the_self_tests_watch_files_are_the_writers_own():
    for name, write in SAMPLES.items():
        assert resource_path(f"watch/{name}").read_bytes() == write(), (
            f"resources/watch/{name} is not what the writers make: "
            f"python -m tests.core.test_watch_sample_files")


if __name__ == "__main__":
    for name, write in SAMPLES.items():
        resource_path(f"watch/{name}").write_bytes(write())
        print(f"wrote resources/watch/{name}")
