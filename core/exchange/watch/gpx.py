"""GPX tracks (any app's export), read with gpxpy.

Time, distance (along the track) and speed come from the points; cadence from Garmin's
TrackPointExtension (``gpxtpx:cad``, per leg) when present. GPX has no laps.
"""

from __future__ import annotations

import itertools

import gpxpy
import gpxpy.gpx

from core.exchange.watch.activity import Sample, Sport, Track, guess_sport
from core.exchange.watch.errors import BadActivityFile

GPX_SPORTS = {"running": Sport.RUN, "run": Sport.RUN, "walking": Sport.WALK,
              "walk": Sport.WALK, "hiking": Sport.WALK, "cycling": Sport.RIDE,
              "biking": Sport.RIDE, "ride": Sport.RIDE, "swimming": Sport.SWIM,
              "swim": Sport.SWIM, "9": Sport.RUN, "1": Sport.RIDE}  # Strava's numeric types


def read(content: bytes) -> Track:
    """The first track of a GPX file.

    :raises BadActivityFile: not GPX, damaged XML, or no timed points.
    """
    # gpxpy parses with the standard library's ElementTree: a document type (and the
    # entities it could declare: an XML bomb) has no place in GPX, so it is refused first.
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise BadActivityFile("it declares a document type, which GPX files never do")
    try:
        document = gpxpy.parse(content.decode("utf-8-sig", errors="replace"))
    except (gpxpy.gpx.GPXException, ValueError) as error:
        raise BadActivityFile(f"it is not a readable GPX file ({_first_line(error)})") from None
    points = [point for track in document.tracks for segment in track.segments
              for point in segment.points if point.time is not None]
    if len(points) < 2:
        raise BadActivityFile("it has no timed track points: a route, not an activity")
    start = points[0].time
    if start is None:  # filtered above; said again for the type checker
        raise BadActivityFile("it has no timed track points")
    samples: list[Sample] = []
    distance = 0.0
    previous = None
    for point in points:
        moved = 0.0 if previous is None else point.distance_2d(previous) or 0.0
        distance += moved
        seconds = (point.time - start).total_seconds()  # type: ignore[operator]
        step: float | None = None if previous is None else seconds - samples[-1].seconds
        speed: float | None = moved / step if step else None
        samples.append(Sample(seconds, speed, _cadence(point)))
        previous = point
    track_type = (document.tracks[0].type or "").strip().lower() if document.tracks else ""
    name = (document.tracks[0].name or "") if document.tracks else ""
    sport = GPX_SPORTS.get(track_type, Sport.OTHER) if track_type else guess_sport(samples)
    return Track(sport, start, samples[-1].seconds, _moving(samples), distance or None,
                 samples=samples, name=name.strip())


def _moving(samples: list[Sample]) -> float:
    """Seconds spent moving: gaps longer than 10 s with no movement are pauses."""
    moving = 0.0
    for before, after in itertools.pairwise(samples):
        step = after.seconds - before.seconds
        if step <= 10 or (after.speed or 0) > 0.5:
            moving += step
    return moving


def _cadence(point: gpxpy.gpx.GPXTrackPoint) -> float | None:
    for extension in point.extensions:
        for element in extension.iter():
            if element.tag.rsplit("}", 1)[-1] in ("cad", "cadence") and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return None
    return None


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
