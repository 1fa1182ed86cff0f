"""A watch activity as Runback reads it, whatever the file: the values, how cadence is made
steps per minute, how walk and run are told apart, and how a duplicate is recognised.

The readers (fit.py, gpx.py, tcx.py) turn a file into ``Track`` (what the file says);
``activity`` turns a track into a ``WatchActivity`` (what Runback understands of it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Sport(StrEnum):
    """What the activity was: only RUN can become a run; a walk, a ride or a swim is
    cross-training at most."""

    RUN = "run"
    WALK = "walk"
    RIDE = "ride"
    SWIM = "swim"
    OTHER = "other"


class Motion(StrEnum):
    RUN = "run"
    WALK = "walk"


# Telling walking from running. Walking cadence is about 100–130 steps a minute and
# running about 150–190 (slow jogging rarely below 140); a brisk walk is 1.5–1.9 m/s and
# an easy jog 2.0 m/s or faster. Cadence decides when known: it does not depend on hills.
RUN_CADENCE_FROM = 135.0  # steps per minute
RUN_SPEED_FROM = 1.95  # metres per second (8:33 min/km)
SHORTEST_SEGMENT_SECONDS = 20.0  # a shorter change is a stumble or a kerb, not an interval
SAMPLE_WINDOW = 9  # records (about seconds) in the running median that smooths them
# A FIT or GPX cadence this high (per leg, strides a minute) is no human's: the file
# already counts steps of both feet.
PER_LEG_AT_MOST = 120.0


@dataclass(frozen=True)
class Sample:
    """One record of the track: seconds since the start, and what the watch measured."""

    seconds: float
    speed: float | None = None  # metres per second
    cadence: float | None = None  # as the file has it (see ``steps_per_minute``)


@dataclass(frozen=True)
class Lap:
    """One lap as the watch recorded it (a lap button, an auto-lap or a workout step)."""

    start: dt.datetime
    seconds: float  # timer (moving) time
    distance_m: float | None = None
    cadence_spm: float | None = None  # steps per minute (both feet)
    intensity: str | None = None  # FIT's lap intensity: active, rest, warmup, cooldown…
    motion: Motion | None = None  # run or walk, when it can be told


@dataclass(frozen=True)
class Segment:
    """A stretch of running or walking, in order."""

    motion: Motion
    seconds: float


@dataclass(frozen=True)
class Intervals:
    """A walk–run recognised: ``rounds`` runs of about ``run_minutes``, each followed by
    about ``walk_minutes`` of walking (medians, to the nearest quarter minute)."""

    rounds: int
    run_minutes: float
    walk_minutes: float
    from_laps: bool  # the laps told (a workout or the lap button), not pace or cadence


@dataclass(frozen=True)
class Fingerprint:
    """What tells an activity from another: the file's content (decompressed), and for the
    same activity exported by two services, its start, duration and distance."""

    content_sha256: str
    start_utc: dt.datetime
    seconds: float
    distance_m: float | None

    def same_activity(self, other: Fingerprint) -> bool:
        """The same file, or the same activity from another source: starts within a
        minute, durations within 5 % (or a minute) and distances within 5 % (or 100 m)
        where both are known."""
        if self.content_sha256 == other.content_sha256:
            return True
        if abs((self.start_utc - other.start_utc).total_seconds()) > 60:
            return False
        if abs(self.seconds - other.seconds) > max(60.0, 0.05 * max(self.seconds,
                                                                     other.seconds)):
            return False
        if self.distance_m is None or other.distance_m is None:
            return True
        return abs(self.distance_m - other.distance_m) <= max(
            100.0, 0.05 * max(self.distance_m, other.distance_m))


@dataclass(frozen=True)
class WatchActivity:
    """One activity from a watch file, in Runback's units. ``start`` is local time (an
    aware datetime with the offset the watch recorded, else this computer's)."""

    source: str  # the file's name (and its place in an export)
    sport: Sport
    start: dt.datetime
    total_seconds: float  # from start to end, pauses included
    moving_seconds: float  # the timer's time (pauses left out)
    distance_m: float | None
    cadence_spm: float | None  # average, steps per minute, None if not recorded
    laps: tuple[Lap, ...]
    segments: tuple[Segment, ...]
    intervals: Intervals | None  # a walk–run's rounds, if it was one
    fingerprint: Fingerprint
    name: str = ""  # a title given by the runner (Strava's), if any

    @property
    def date(self) -> dt.date:
        return self.start.date()

    @property
    def moving_minutes(self) -> float:
        return self.moving_seconds / 60

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else self.distance_m / 1000


@dataclass
class Track:
    """What a reader found in one file, before Runback's reading of it."""

    sport: Sport
    start: dt.datetime  # aware
    total_seconds: float
    moving_seconds: float | None = None
    distance_m: float | None = None
    cadence: float | None = None  # the file's average, as it stores it
    laps: list[Lap] = field(default_factory=list)  # cadence_spm as the file stores it
    samples: list[Sample] = field(default_factory=list)
    # FIT only: the offset of the watch's local time, if the file records it.
    utc_offset: dt.timedelta | None = None
    name: str = ""


def activity(track: Track, content: bytes, source: str) -> WatchActivity:
    """Runback's reading of a track: local start, cadence in steps per minute, segments,
    intervals and the fingerprint (of ``content``, the file decompressed)."""
    start_utc = track.start.astimezone(dt.UTC)
    if track.utc_offset is not None:
        start = start_utc.astimezone(dt.timezone(track.utc_offset))
    else:
        start = start_utc.astimezone()  # this computer's zone, as the runner lives in it
    to_steps = cadence_factor(track)
    laps = tuple(_lap_read(lap, to_steps, start.tzinfo) for lap in track.laps)
    cadence = _steps(track.cadence, to_steps)
    if cadence is None and laps:
        timed = [(lap.cadence_spm, lap.seconds) for lap in laps if lap.cadence_spm]
        if timed:
            cadence = sum(c * s for c, s in timed) / max(1.0, sum(s for _, s in timed))
    if cadence is None:
        on_foot = [s.cadence * to_steps for s in track.samples if s.cadence]
        cadence = statistics.fmean(on_foot) if on_foot else None
    moving = track.moving_seconds if track.moving_seconds else track.total_seconds
    segments = _segments(track, laps, to_steps) if track.sport is Sport.RUN else ()
    from_laps = bool(segments) and _laps_alternate(laps)
    return WatchActivity(
        source=source, sport=track.sport, start=start, total_seconds=track.total_seconds,
        moving_seconds=moving, distance_m=track.distance_m,
        cadence_spm=None if cadence is None else round(cadence, 1), laps=laps,
        segments=segments, intervals=intervals_of(segments, from_laps),
        fingerprint=Fingerprint(hashlib.sha256(content).hexdigest(), start_utc,
                                track.total_seconds, track.distance_m),
        name=track.name)


def cadence_factor(track: Track) -> float:
    """How to make the file's cadence steps per minute.

    FIT (and the Garmin GPX/TCX extensions) store running cadence per leg, in strides a
    minute, as most watches count it; a FIT file adds ``fractional_cadence`` for the part
    after the point, which the FIT reader has already added. Steps of both feet are twice
    that. Some devices write steps a minute in the same field: a value above
    ``PER_LEG_AT_MOST`` (240 steps a minute per leg, which no one runs) says so, and
    then the values are kept as they are. Cycling cadence is pedal turns: not steps.
    """
    if track.sport not in (Sport.RUN, Sport.WALK):
        return 0.0
    values = [track.cadence or 0.0, *(lap.cadence_spm or 0.0 for lap in track.laps)]
    if track.samples:
        values.append(max((s.cadence or 0.0) for s in track.samples))
    return 1.0 if max(values) > PER_LEG_AT_MOST else 2.0


def _steps(value: float | None, factor: float) -> float | None:
    return value * factor if value and factor else None


def _lap_read(lap: Lap, factor: float, zone: dt.tzinfo | None) -> Lap:
    cadence = _steps(lap.cadence_spm, factor)
    speed = lap.distance_m / lap.seconds if lap.distance_m and lap.seconds else None
    motion = _motion(cadence, speed)
    if motion is None and lap.intensity in ("rest", "recovery"):
        motion = Motion.WALK
    return Lap(lap.start.astimezone(zone), lap.seconds, lap.distance_m,
               None if cadence is None else round(cadence, 1), lap.intensity, motion)


def _motion(cadence_spm: float | None, speed: float | None) -> Motion | None:
    if cadence_spm:
        return Motion.RUN if cadence_spm >= RUN_CADENCE_FROM else Motion.WALK
    if speed is not None:
        return Motion.RUN if speed >= RUN_SPEED_FROM else Motion.WALK
    return None


def _laps_alternate(laps: Sequence[Lap]) -> bool:
    """Whether the laps are the walk–run's steps: every lap told run or walk, both seen,
    and at least two runs each followed by a walk (a workout, or the lap button)."""
    motions = [lap.motion for lap in laps]
    if len(laps) < 3 or None in motions:
        return False
    return sum(1 for a, b in itertools.pairwise(motions)
               if a is Motion.RUN and b is Motion.WALK) >= 2


def _segments(track: Track, laps: Sequence[Lap], factor: float) -> tuple[Segment, ...]:
    """Runs and walks in order: from the laps when they alternate, else from the records'
    cadence (or speed), smoothed with a running median and merged."""
    if _laps_alternate(laps):
        return _merged([Segment(lap.motion or Motion.RUN, lap.seconds) for lap in laps])
    samples = track.samples
    if len(samples) < 2:
        return ()
    use_cadence = sum(1 for s in samples if s.cadence) > len(samples) // 2
    values = [(s.cadence or 0.0) * factor if use_cadence else (s.speed or 0.0)
              for s in samples]
    limit = RUN_CADENCE_FROM if use_cadence else RUN_SPEED_FROM
    half = SAMPLE_WINDOW // 2
    pieces: list[Segment] = []
    for index, sample in enumerate(samples[:-1]):
        window = values[max(0, index - half): index + half + 1]
        motion = Motion.RUN if statistics.median(window) >= limit else Motion.WALK
        step = min(samples[index + 1].seconds - sample.seconds, 10.0)  # pauses left out
        pieces.append(Segment(motion, max(0.0, step)))
    return _merged(pieces)


def _merged(pieces: Sequence[Segment]) -> tuple[Segment, ...]:
    """Neighbours of the same motion joined; a stretch shorter than
    ``SHORTEST_SEGMENT_SECONDS`` given to the one before it."""
    joined: list[Segment] = []
    for piece in pieces:
        if joined and joined[-1].motion is piece.motion:
            joined[-1] = Segment(piece.motion, joined[-1].seconds + piece.seconds)
        else:
            joined.append(piece)
    kept: list[Segment] = []
    for piece in joined:
        if kept and (piece.seconds < SHORTEST_SEGMENT_SECONDS or kept[-1].motion is piece.motion):
            kept[-1] = Segment(kept[-1].motion, kept[-1].seconds + piece.seconds)
        else:
            kept.append(piece)
    return tuple(kept)


# A walk–run needs this share of walking between its first and last run; a continuous
# run with a stop at a crossing has far less.
WALKING_SHARE_AT_LEAST = 0.15


def intervals_of(segments: Sequence[Segment], from_laps: bool) -> Intervals | None:
    """The rounds of a walk–run: at least two runs with walking between them. A warm-up
    walk before the first run and the walk after the last one are not rounds' walks."""
    runs = [i for i, s in enumerate(segments) if s.motion is Motion.RUN]
    if len(runs) < 2:
        return None
    between = segments[runs[0]: runs[-1] + 1]
    walks = [s.seconds for s in between if s.motion is Motion.WALK]
    span = sum(s.seconds for s in between)
    if not walks or sum(walks) < WALKING_SHARE_AT_LEAST * span:
        return None
    return Intervals(len(runs), _quarter(statistics.median(segments[i].seconds for i in runs)),
                     _quarter(statistics.median(walks)), from_laps)


def _quarter(seconds: float) -> float:
    return round(seconds / 15) / 4


# Faster than this (21.6 km/h) over a fifth of the time is riding, not running.
RIDE_SPEED_FROM = 6.0  # metres per second


def guess_sport(samples: Sequence[Sample]) -> Sport:
    """The sport of a file that does not name one (a bare GPX or TCX), from its speed: the
    pace held over the fastest fifth of the time."""
    speeds = sorted(s.speed for s in samples if s.speed is not None)
    if not speeds:
        return Sport.OTHER
    fast = speeds[int(len(speeds) * 0.8)]
    if fast >= RIDE_SPEED_FROM:
        return Sport.RIDE
    return Sport.RUN if fast >= RUN_SPEED_FROM else Sport.WALK
