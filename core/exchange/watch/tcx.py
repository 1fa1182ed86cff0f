"""TCX (Garmin Training Center) activities, read with ElementTree through defusedxml.

TCX is plain XML: laps with their time, distance and cadence, and track points. A small
reader is enough (tcxreader takes only a path, so a ``.tcx.gz`` would need a temporary
file, and it parses without refusing entity declarations). defusedxml refuses a document
type outright, so no XML bomb or external entity gets through.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from core.exchange.watch.activity import Lap, Sample, Sport, Track, guess_sport
from core.exchange.watch.errors import BadActivityFile

TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
TCX_SPORTS = {"running": Sport.RUN, "biking": Sport.RIDE}


def read(content: bytes) -> Track:
    """The first activity of a TCX file.

    :raises BadActivityFile: not TCX, damaged XML, or no activity in it.
    """
    try:
        root = SafeTree.fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise BadActivityFile("it declares a document type, which TCX files never do") from None
    except ElementTree.ParseError as error:
        raise BadActivityFile(f"it is not readable XML ({error})") from None
    if not root.tag.endswith("TrainingCenterDatabase"):
        raise BadActivityFile("it is XML but not a TCX file")
    activity = root.find(f"{TCX}Activities/{TCX}Activity")
    if activity is None:
        raise BadActivityFile("it holds no activity (a course or workout file perhaps)")
    laps: list[Lap] = []
    points: list[tuple[dt.datetime, float | None, float | None]] = []
    for lap in activity.iter(f"{TCX}Lap"):
        start = _time(lap.get("StartTime"))
        if start is None:
            continue
        laps.append(Lap(start, _float(lap.findtext(f"{TCX}TotalTimeSeconds")) or 0.0,
                        _float(lap.findtext(f"{TCX}DistanceMeters")),
                        _extension(lap, "AvgRunCadence") or _float(lap.findtext(f"{TCX}Cadence")),
                        (lap.findtext(f"{TCX}Intensity") or "").lower() or None))
        for point in lap.iter(f"{TCX}Trackpoint"):
            time = _time(point.findtext(f"{TCX}Time"))
            if time is not None:
                points.append((time, _float(point.findtext(f"{TCX}DistanceMeters")),
                               _extension(point, "RunCadence")
                               or _float(point.findtext(f"{TCX}Cadence"))))
    if not laps:
        raise BadActivityFile("it holds no lap with a start time")
    start = laps[0].start
    samples = _samples(points, start)
    moving = sum(lap.seconds for lap in laps)
    end = points[-1][0] if points else start + dt.timedelta(seconds=moving)
    distances = [lap.distance_m for lap in laps if lap.distance_m is not None]
    sport_name = (activity.get("Sport") or "").lower()
    sport = TCX_SPORTS.get(sport_name) or (guess_sport(samples) if samples else Sport.OTHER)
    timed = [(lap.cadence_spm, lap.seconds) for lap in laps if lap.cadence_spm]
    cadence = (sum(c * s for c, s in timed) / max(1.0, sum(s for _, s in timed))
               if timed else None)
    return Track(sport, start, max((end - start).total_seconds(), moving), moving,
                 sum(distances) if distances else None, cadence, laps, samples)


def _samples(points: list[tuple[dt.datetime, float | None, float | None]],
             start: dt.datetime) -> list[Sample]:
    samples: list[Sample] = []
    for index, (time, distance, cadence) in enumerate(points):
        speed = None
        if index and distance is not None:
            before_time, before_distance, _ = points[index - 1]
            step = (time - before_time).total_seconds()
            if step > 0 and before_distance is not None:
                speed = (distance - before_distance) / step
        samples.append(Sample((time - start).total_seconds(), speed, cadence))
    return samples


def _extension(element: ElementTree.Element, name: str) -> float | None:
    """A value from Garmin's ActivityExtension (any namespace prefix)."""
    for child in element.iter():
        if child.tag.rsplit("}", 1)[-1] == name and child.text:
            return _float(child.text)
    return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
