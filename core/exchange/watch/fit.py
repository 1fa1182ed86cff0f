"""FIT activity files (Garmin, Coros, Wahoo, Polar, Suunto), read with fitdecode.

Every CRC is checked (the header's and the file's): a corrupt or truncated file raises
``BadActivityFile`` and nothing of it is used.
"""

from __future__ import annotations

import datetime as dt
import io

import fitdecode

from core.exchange.watch.activity import Lap, Sample, Sport, Track
from core.exchange.watch.errors import BadActivityFile

FIT_SPORTS = {"running": Sport.RUN, "walking": Sport.WALK, "hiking": Sport.WALK,
              "cycling": Sport.RIDE, "e_biking": Sport.RIDE, "swimming": Sport.SWIM}
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)


def read(content: bytes) -> Track:
    """The track in a FIT activity file.

    :raises BadActivityFile: not a FIT file, truncated, a CRC that does not match, or no
        activity in it (a workout, a course or settings file).
    """
    records: list[tuple[dt.datetime, float | None, float | None]] = []
    laps: list[Lap] = []
    session: dict | None = None
    sport: str | None = None
    local_timestamp: int | dt.datetime | None = None
    activity_time: dt.datetime | None = None
    try:
        with fitdecode.FitReader(io.BytesIO(content), check_crc=fitdecode.CrcCheck.RAISE,
                                 processor=fitdecode.DefaultDataProcessor()) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                name = frame.name
                if name == "record":
                    time = _value(frame, "timestamp")
                    if isinstance(time, dt.datetime):
                        records.append((time, _number(frame, "speed", "enhanced_speed"),
                                        _cadence(frame, "cadence", "fractional_cadence")))
                elif name == "lap":
                    start = _value(frame, "start_time")
                    if isinstance(start, dt.datetime):
                        laps.append(Lap(start, _number(frame, "total_timer_time",
                                                       "total_elapsed_time") or 0.0,
                                        _number(frame, "total_distance"),
                                        _cadence(frame, "avg_cadence", "avg_fractional_cadence"),
                                        _text(frame, "intensity")))
                elif name == "session" and session is None:
                    session = {key: _value(frame, key) for key in (
                        "start_time", "total_elapsed_time", "total_timer_time",
                        "total_distance")}
                    session["cadence"] = _cadence(frame, "avg_cadence", "avg_fractional_cadence")
                    sport = _text(frame, "sport")
                elif name == "sport" and sport is None:
                    sport = _text(frame, "sport")
                elif name == "activity":
                    local = _value(frame, "local_timestamp")
                    local_timestamp = local if isinstance(local, int | dt.datetime) else None
                    time = _value(frame, "timestamp")
                    activity_time = time if isinstance(time, dt.datetime) else None
    except fitdecode.FitCRCError:
        raise BadActivityFile("its checksum does not match: the file is damaged") from None
    except (fitdecode.FitEOFError, fitdecode.FitHeaderError) as error:
        if "not a FIT file" in str(error):
            raise BadActivityFile("it is not a FIT file") from None
        raise BadActivityFile("it is cut short (truncated): copy it from the watch "
                              "again") from None
    except fitdecode.FitError as error:
        raise BadActivityFile(f"it could not be read as FIT ({error})") from None
    return _track(records, laps, session, sport, local_timestamp, activity_time)


def _track(records: list[tuple[dt.datetime, float | None, float | None]], laps: list[Lap],
           session: dict | None, sport: str | None,
           local_timestamp: int | dt.datetime | None,
           activity_time: dt.datetime | None) -> Track:
    session = session or {}
    start = session.get("start_time")
    if not isinstance(start, dt.datetime):
        start = records[0][0] if records else (laps[0].start if laps else None)
    if start is None:
        raise BadActivityFile("it holds no activity (no session, lap or record): a "
                              "workout, course or settings file perhaps")
    end = records[-1][0] if records else start
    total = _float(session.get("total_elapsed_time")) or (end - start).total_seconds()
    moving = _float(session.get("total_timer_time")) or sum(lap.seconds for lap in laps) or None
    distance = _float(session.get("total_distance"))
    if distance is None and laps and all(lap.distance_m is not None for lap in laps):
        distance = sum(lap.distance_m or 0.0 for lap in laps)
    samples = [Sample((time - start).total_seconds(), speed, cadence)
               for time, speed, cadence in records]
    return Track(FIT_SPORTS.get(sport or "", Sport.OTHER), start, total, moving, distance,
                 session.get("cadence"), laps, samples,
                 _utc_offset(local_timestamp, activity_time))


def _utc_offset(local_timestamp: int | dt.datetime | None,
                activity_time: dt.datetime | None) -> dt.timedelta | None:
    """The watch's offset from UTC: ``local_timestamp`` is the local clock's reading, in
    seconds since the FIT epoch, at the activity message's ``timestamp``."""
    if activity_time is None or local_timestamp is None:
        return None
    if isinstance(local_timestamp, dt.datetime):  # decoded as if it were UTC
        local = local_timestamp.replace(tzinfo=dt.UTC)
    else:
        local = FIT_EPOCH + dt.timedelta(seconds=int(local_timestamp))
    offset = local - activity_time
    # Zones lie within −12 h and +14 h, in quarter hours; anything else is a bad clock.
    minutes = round(offset.total_seconds() / 900) * 15
    if not -12 * 60 <= minutes <= 14 * 60:
        return None
    return dt.timedelta(minutes=minutes)


def _value(frame: fitdecode.FitDataMessage, name: str) -> object:
    return frame.get_value(name, fallback=None)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value == value else None


def _number(frame: fitdecode.FitDataMessage, *names: str) -> float | None:
    for name in names:
        value = _float(_value(frame, name))
        if value is not None:
            return value
    return None


def _cadence(frame: fitdecode.FitDataMessage, whole: str, fraction: str) -> float | None:
    """The cadence with its fractional part added (FIT stores the part after the point in
    its own field, in 1/128ths, which fitdecode scales)."""
    value = _number(frame, whole)
    if value is None:
        return None
    return value + (_number(frame, fraction) or 0.0)


def _text(frame: fitdecode.FitDataMessage, name: str) -> str | None:
    value = _value(frame, name)
    return None if value is None else str(value)
