"""Finding and reading the activities in what the runner chose: single files (plain or
gzipped), a Strava bulk export as its zip or its unpacked folder.

``WatchFiles(paths)`` lists every activity first (cheap: names and sizes, and the export's
``activities.csv``), so a progress bar knows the count; ``read(source)`` then reads one.
Every problem is one line about one file, and nothing of that file is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from core.exchange.watch import fit, gpx, tcx
from core.exchange.watch.activity import Sport, Track, WatchActivity, activity
from core.exchange.watch.errors import BadActivityFile

# One activity file, as stored and once decompressed. A marathon recorded every second
# is about 1–3 MB of FIT, 10 MB of GPX; a larger file is not one activity.
MAX_FILE_BYTES = 64 * 1024 * 1024
READERS = {".fit": fit.read, ".gpx": gpx.read, ".tcx": tcx.read}
KINDS = "Runback reads .fit, .gpx and .tcx files (also gzipped: .fit.gz …) and a Strava export"
# A clock a little ahead (a watch synced to another zone's time) is not "the future" yet.
FUTURE_MARGIN = dt.timedelta(hours=1)
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # a watch with its clock never set says 1989
STRAVA_TYPES = {"run": Sport.RUN, "trail run": Sport.RUN, "virtual run": Sport.RUN,
                "walk": Sport.WALK, "hike": Sport.WALK, "ride": Sport.RIDE,
                "virtual ride": Sport.RIDE, "e-bike ride": Sport.RIDE,
                "mountain bike ride": Sport.RIDE, "gravel ride": Sport.RIDE,
                "swim": Sport.SWIM}


@dataclass(frozen=True)
class Source:
    """One activity to read: a file, or an activity in a Strava export. ``problem`` is set
    when it is already known not to be readable (then reading it gives that problem)."""

    name: str  # as shown to the runner: the file name, or "export.zip: activities/1.fit"
    path: Path
    member: str | None = None  # its name inside the export's zip
    sport: Sport | None = None  # the export's activity type, which overrides the file's
    title: str = ""  # the export's activity name
    problem: str | None = None


@dataclass(frozen=True)
class Read:
    """What reading one source gave: an activity, or why it cannot be imported."""

    source: Source
    activity: WatchActivity | None = None
    problem: str | None = None

    @property
    def message(self) -> str:
        return f"{self.source.name}: {self.problem}" if self.problem else self.source.name


class WatchFiles:
    """The activities in the chosen paths, listed; read one at a time (``read``), or all
    (iterate). Close it (or use ``with``) to release an export's zip."""

    def __init__(self, paths: Iterable[Path | str], now: dt.datetime | None = None):
        self.now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        self._zips: dict[Path, zipfile.ZipFile] = {}
        self.sources: list[Source] = []
        for path in map(Path, paths):
            self.sources.extend(self._listed(path))

    def __enter__(self) -> WatchFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for archive in self._zips.values():
            archive.close()
        self._zips.clear()

    def __len__(self) -> int:
        return len(self.sources)

    def __iter__(self) -> Iterator[Read]:
        for source in self.sources:
            yield self.read(source)

    def read(self, source: Source) -> Read:
        """Read one source: its activity, or the one reason it cannot be imported."""
        if source.problem:
            return Read(source, problem=source.problem)
        try:
            content, suffix = self._content(source)
            track = READERS[suffix](content)
            if source.sport is not None:
                track.sport = source.sport
            if source.title:
                track.name = source.title
            self._check_dates(track)
            return Read(source, activity(track, content, source.name))
        except BadActivityFile as error:
            return Read(source, problem=str(error))

    # --- listing ---------------------------------------------------------------------------

    def _listed(self, path: Path) -> list[Source]:
        name = path.name or str(path)
        if path.is_dir():
            if (path / "activities.csv").is_file():
                return self._strava_folder(path)
            return [Source(name, path, problem="a folder that is not a Strava export (no "
                                               "activities.csv in it); choose the files "
                                               "inside it instead")]
        if not path.exists():
            return [Source(name, path, problem="no such file")]
        if path.suffix.lower() == ".zip":
            return self._strava_zip(path)
        if _suffix(name) is None:
            return [Source(name, path, problem=f"not a watch file. {KINDS}.")]
        return [Source(name, path)]

    def _strava_folder(self, folder: Path) -> list[Source]:
        try:
            text = (folder / "activities.csv").read_bytes()
        except OSError as error:
            return [Source(folder.name, folder, problem=f"activities.csv cannot be read "
                                                        f"({error.strerror})")]
        sources = []
        for row in _strava_rows(text):
            name = f"{folder.name}: {row.filename or row.title}"
            where = PurePosixPath(row.filename)
            problem = row.problem or ("its path leads outside the export's folder"
                                      if _unsafe(row.filename) else None)
            sources.append(Source(name, folder.joinpath(*where.parts), None, row.sport,
                                  row.title, problem))
        return sources or [Source(folder.name, folder, problem="its activities.csv lists no "
                                                              "activity")]

    def _strava_zip(self, path: Path) -> list[Source]:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return [Source(path.name, path, problem="not a readable zip file (damaged or cut "
                                                    "short)")]
        outside = next((n for n in archive.namelist() if _unsafe(n)), None)
        if outside is not None:
            archive.close()
            return [Source(path.name, path, problem=f"it holds a path outside its folder "
                                                    f"({outside}): refused as a whole, "
                                                    f"nothing imported from it")]
        names = archive.namelist()
        index = next((n for n in names if PurePosixPath(n).name == "activities.csv"
                      and len(PurePosixPath(n).parts) <= 2), None)
        if index is None:
            archive.close()
            return [Source(path.name, path, problem="a zip that is not a Strava export (no "
                                                    "activities.csv in it)")]
        self._zips[path] = archive
        root = PurePosixPath(index).parent
        try:
            text = _bounded(archive, archive.getinfo(index))
        except BadActivityFile as error:
            return [Source(path.name, path, problem=f"activities.csv: {error}")]
        sources = []
        known = set(names)
        for row in _strava_rows(text):
            member = str(root / row.filename) if row.filename else ""
            problem = row.problem
            if not problem and member not in known:
                problem = "listed in activities.csv but not in the export"
            sources.append(Source(f"{path.name}: {row.filename or row.title}", path, member,
                                  row.sport, row.title, problem))
        return sources or [Source(path.name, path, problem="its activities.csv lists no "
                                                          "activity")]

    # --- reading ---------------------------------------------------------------------------

    def _content(self, source: Source) -> tuple[bytes, str]:
        """The file's bytes, decompressed, and its kind (``.fit``, ``.gpx``, ``.tcx``)."""
        name = source.member or source.path.name
        suffix = _suffix(name)
        if suffix is None:
            raise BadActivityFile(f"not a watch file. {KINDS}.")
        if source.member is not None:
            raw = _bounded(self._zips[source.path], self._zips[source.path].getinfo(
                source.member))
        else:
            raw = _read_file(source.path)
        if name.lower().endswith(".gz"):
            raw = _gunzip(raw)
        if not raw:
            raise BadActivityFile("the file is empty")
        return raw, suffix

    def _check_dates(self, track: Track) -> None:
        start = track.start.astimezone(dt.UTC)
        if start > self.now + FUTURE_MARGIN:
            raise BadActivityFile(f"it is dated {start.date().isoformat()}, in the future: "
                                  f"check the watch's date and time")
        if start < EARLIEST:
            raise BadActivityFile(f"it is dated {start.date().isoformat()}: the watch's "
                                  f"clock was not set")


def _suffix(name: str) -> str | None:
    """``.fit``, ``.gpx`` or ``.tcx`` for a name (``.gz`` after it allowed), else None."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    suffix = os.path.splitext(lowered)[1]
    return suffix if suffix in READERS else None


def _unsafe(name: str) -> bool:
    """A name that would land outside the export's folder: absolute, a drive, or ``..``."""
    if not name:
        return False
    posix = name.replace("\\", "/")
    return posix.startswith("/") or (len(posix) > 1 and posix[1] == ":") or ".." in \
        PurePosixPath(posix).parts


def _too_big(size: int) -> BadActivityFile:
    return BadActivityFile(f"it is {_size(size)}, too large for one activity (at most "
                           f"{_size(MAX_FILE_BYTES)}): nothing was read")


def _size(count: int) -> str:
    if count >= 1024 ** 3:
        return f"{count / 1024 ** 3:.1f} GB"
    return f"{count / 1024 ** 2:.0f} MB"


def _read_file(path: Path) -> bytes:
    """A file's bytes, its size checked before anything is read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(size)
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise BadActivityFile(f"it cannot be read ({error.strerror})") from None


def _bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A zip member's bytes: its size checked first, and the read bounded as well (a
    member's header can lie about its size)."""
    if info.file_size > MAX_FILE_BYTES:
        raise _too_big(info.file_size)
    try:
        with archive.open(info) as member:
            data = member.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise BadActivityFile("its copy in the zip is damaged") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data))
    return data


def _gunzip(raw: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unpacked:
            data = unpacked.read(MAX_FILE_BYTES + 1)
    except (gzip.BadGzipFile, zlib.error, EOFError, OSError):
        raise BadActivityFile("it is not a readable gzip file (damaged or cut short)") from None
    if len(data) > MAX_FILE_BYTES:
        raise BadActivityFile(f"it unpacks to more than {_size(MAX_FILE_BYTES)}, too large "
                              f"for one activity: nothing was read")
    return data


@dataclass(frozen=True)
class _StravaRow:
    filename: str
    title: str
    sport: Sport | None
    problem: str | None


def _strava_rows(text: bytes) -> list[_StravaRow]:
    """The activities a Strava export lists: its file, name and type. A row without a file
    was entered by hand on Strava: there is nothing to read."""
    reader = csv.reader(io.StringIO(text.decode("utf-8-sig", errors="replace")))
    header = next(reader, [])
    # Strava repeats some column names (Distance, Elapsed Time): the first is taken.
    column: dict[str, int] = {}
    for index, name in enumerate(header):
        column.setdefault(name.strip().lower(), index)
    rows = []
    for cells in reader:
        if not any(cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            index = column.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""
        filename = cell("filename")
        kind = cell("activity type").lower()
        title = cell("activity name") or f"activity {cell('activity id')}"
        problem = None if filename else ("no file: entered by hand on Strava, so there is "
                                         "nothing to read")
        rows.append(_StravaRow(filename, title, STRAVA_TYPES.get(kind, Sport.OTHER if kind
                                                                  else None), problem))
    return rows
