"""Watch files for the import tests, written by the libraries' own writers: fit-tool encodes
FIT activities (laps, records, cadence), gpxpy writes GPX, TCX comes from a template.

An activity is a list of pieces: (motion, seconds, metres a second, steps a minute).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import (
    Event,
    EventType,
    FileType,
    Intensity,
    Manufacturer,
    Sport,
)

FIT_EPOCH_UNIX = 631065600  # 1989-12-31T00:00:00Z in Unix seconds
RUN, WALK = "run", "walk"


def walk_run(rounds: int, run_seconds: int, walk_seconds: int, run_spm: float = 168,
             walk_spm: float = 112) -> list[tuple[str, int, float, float]]:
    return [piece for _ in range(rounds) for piece in
            ((RUN, run_seconds, 2.6, run_spm), (WALK, walk_seconds, 1.4, walk_spm))]


def continuous(minutes: int, spm: float = 166, speed: float = 2.9
               ) -> list[tuple[str, int, float, float]]:
    return [(RUN, minutes * 60, speed, spm)]


def fit_activity(start: dt.datetime, pieces, sport: Sport = Sport.RUNNING, laps: bool = True,
                 step: int = 5, per_leg: bool = True, offset_hours: float = 2) -> bytes:
    """A FIT activity: a lap per piece (or one lap), a record every ``step`` seconds with
    speed and cadence (per leg with its fractional part, as Garmin writes it, unless
    ``per_leg`` is False), a session and an activity with the local time's offset."""
    def ms(moment: dt.datetime) -> int:
        return round(moment.timestamp() * 1000)

    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.GARMIN.value
    file_id.product = 0
    file_id.serial_number = 1
    file_id.time_created = ms(start)
    builder.add(file_id)
    builder.add(_event(EventType.START, ms(start)))
    time, distance = start, 0.0
    lap_messages = []
    for motion, seconds, speed, spm in pieces:
        lap_start, lap_distance = time, distance
        for _ in range(0, seconds, step):
            record = RecordMessage()
            record.timestamp = ms(time)
            record.distance = distance
            record.speed = speed
            cadence = spm / 2 if per_leg else spm
            record.cadence = int(cadence)
            record.fractional_cadence = cadence - int(cadence)
            builder.add(record)
            time += dt.timedelta(seconds=step)
            distance += speed * step
        lap = LapMessage()
        lap.timestamp = ms(time)
        lap.start_time = ms(lap_start)
        lap.total_elapsed_time = seconds
        lap.total_timer_time = seconds
        lap.total_distance = distance - lap_distance
        cadence = spm / 2 if per_leg else spm
        lap.avg_cadence = int(cadence)
        lap.avg_fractional_cadence = cadence - int(cadence)
        lap.sport = sport
        lap.intensity = Intensity.ACTIVE if motion == RUN else Intensity.RECOVERY
        lap_messages.append(lap)
    if laps:
        builder.add_all(lap_messages)
    else:
        whole = LapMessage()
        whole.timestamp = ms(time)
        whole.start_time = ms(start)
        whole.total_elapsed_time = whole.total_timer_time = (time - start).total_seconds()
        whole.total_distance = distance
        whole.sport = sport
        builder.add(whole)
    builder.add(_event(EventType.STOP_ALL, ms(time)))
    total = (time - start).total_seconds()
    session = SessionMessage()
    session.timestamp = ms(time)
    session.start_time = ms(start)
    session.sport = sport
    session.total_elapsed_time = session.total_timer_time = total
    session.total_distance = distance
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp = ms(time)
    activity.total_timer_time = total
    activity.num_sessions = 1
    activity.local_timestamp = round(time.timestamp() + offset_hours * 3600) - FIT_EPOCH_UNIX
    builder.add(activity)
    return builder.build().to_bytes()


def _event(kind: EventType, timestamp: int) -> EventMessage:
    event = EventMessage()
    event.event = Event.TIMER
    event.event_type = kind
    event.timestamp = timestamp
    return event


def gpx_activity(start: dt.datetime, pieces, kind: str | None = "running", step: int = 5,
                 name: str = "Morning Run") -> str:
    """A GPX track going east along the equator (111 km a degree), a point every ``step``
    seconds; no cadence (most GPX exports have none)."""
    document = gpxpy.gpx.GPX()
    track = gpxpy.gpx.GPXTrack(name=name)
    track.type = kind
    document.tracks.append(track)
    segment = gpxpy.gpx.GPXTrackSegment()
    track.segments.append(segment)
    time, metres = start, 0.0
    for _motion, seconds, speed, _spm in pieces:
        for _ in range(0, seconds, step):
            segment.points.append(gpxpy.gpx.GPXTrackPoint(0.0, metres / 111_195, time=time))
            time += dt.timedelta(seconds=step)
            metres += speed * step
    segment.points.append(gpxpy.gpx.GPXTrackPoint(0.0, metres / 111_195, time=time))
    return document.to_xml()


TCX_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
  <Activities>
    <Activity Sport="{sport}">
      <Id>{start}</Id>
{laps}
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""
TCX_LAP = """      <Lap StartTime="{start}">
        <TotalTimeSeconds>{seconds}</TotalTimeSeconds>
        <DistanceMeters>{distance:.1f}</DistanceMeters>
        <Intensity>{intensity}</Intensity>
        <Track>
{points}
        </Track>
        <Extensions>
          <ns3:LX><ns3:AvgRunCadence>{cadence}</ns3:AvgRunCadence></ns3:LX>
        </Extensions>
      </Lap>"""
TCX_POINT = """          <Trackpoint><Time>{time}</Time>
            <DistanceMeters>{distance:.1f}</DistanceMeters>
            <Extensions>
              <ns3:TPX><ns3:RunCadence>{cadence}</ns3:RunCadence></ns3:TPX>
            </Extensions>
          </Trackpoint>"""


def tcx_activity(start: dt.datetime, pieces, sport: str = "Running", step: int = 10) -> str:
    """A TCX activity from the template: a lap per piece, run cadence per leg."""
    def stamp(moment: dt.datetime) -> str:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    laps, time, distance = [], start, 0.0
    for motion, seconds, speed, spm in pieces:
        lap_start, lap_distance, points = time, distance, []
        for _ in range(0, seconds, step):
            points.append(TCX_POINT.format(time=stamp(time), distance=distance,
                                           cadence=round(spm / 2)))
            time += dt.timedelta(seconds=step)
            distance += speed * step
        laps.append(TCX_LAP.format(start=stamp(lap_start), seconds=seconds,
                                   distance=distance - lap_distance,
                                   intensity="Active" if motion == RUN else "Resting",
                                   points="\n".join(points), cadence=round(spm / 2)))
    return TCX_TEMPLATE.format(sport=sport, start=stamp(start), laps="\n".join(laps))


def strava_csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    """activities.csv as Strava writes it (columns repeated): (id, name, type, filename)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Activity ID", "Activity Date", "Activity Name", "Activity Type",
                     "Activity Description", "Elapsed Time", "Distance", "Filename",
                     "Elapsed Time", "Distance"])
    for activity_id, name, kind, filename in rows:
        writer.writerow([activity_id, "May 4, 2026, 7:00:00 AM", name, kind, "", "1440", "2.6",
                         filename, "1440.0", "2600.0"])
    return out.getvalue().encode("utf-8")


def strava_folder(folder: Path, files: dict[str, bytes], rows) -> Path:
    (folder / "activities").mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    (folder / "activities.csv").write_bytes(strava_csv(rows))
    return folder


def strava_zip(path: Path, files: dict[str, bytes], rows, extra: dict[str, bytes] | None = None
               ) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", strava_csv(rows))
        for name, content in {**files, **(extra or {})}.items():
            archive.writestr(name, content)
    return path
