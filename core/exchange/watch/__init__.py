"""Activities from a watch or phone: FIT, GPX, TCX (plain or gzipped) and Strava exports.

    with WatchFiles(paths) as files:        # listed first: len(files) for a progress bar
        for read in files:                  # or files.read(source) one at a time
            read.activity or read.problem

``core/exchange/watch/match.py`` turns an activity into a proposal for the runner's file
(``Runback.import_proposal``); docs/IMPORT.md says what is read from each format.
"""

from core.exchange.watch.activity import (
    Fingerprint,
    Intervals,
    Lap,
    Motion,
    Segment,
    Sport,
    WatchActivity,
)
from core.exchange.watch.errors import BadActivityFile
from core.exchange.watch.files import MAX_FILE_BYTES, Read, Source, WatchFiles

__all__ = ["MAX_FILE_BYTES", "BadActivityFile", "Fingerprint", "Intervals", "Lap", "Motion",
           "Read", "Segment", "Source", "Sport", "WatchActivity", "WatchFiles"]
