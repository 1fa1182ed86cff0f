"""Importing runs from watch files: what a runner sees for each file they give Runback.

Every sample is written here by the formats' own writers (tests/core/watch_samples.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import zipfile

import pytest
from fit_tool.profile.profile_type import Sport as FitSport

from core.exchange.watch import WatchFiles, files
from core.exchange.watch.batch import Status, import_paths
from core.exchange.watch.match import ImportKind
from core.model import Activity, SessionKind, Stage, Verdict
from core.runback import Runback
from main import main
from tests.conftest import START, Clock
from tests.core import watch_samples as samples

DAY = START + dt.timedelta(days=2)
MORNING = dt.datetime.combine(DAY, dt.time(7, 0), dt.UTC)


@pytest.fixture
def runner(tmp_path):
    """A runner in stage 4 (placed by the physio), the clock the evening of DAY."""
    clock = Clock(START)
    app = Runback.create(tmp_path / "runner.db", clock=clock)
    app.setup("patellofemoral_pain", "left", current_pain=1, can_walk_30_min=True)
    app.set_stage(Stage.RETURN_TO_RUN, "cleared to run")
    clock.day = DAY
    yield app
    app.close()


@pytest.fixture(scope="module")
def walk_run_fit() -> bytes:
    return samples.fit_activity(MORNING, samples.walk_run(8, 60, 120, run_spm=169))


def write(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def read_one(path, now=None):
    with WatchFiles([path], now or dt.datetime(2026, 12, 1, tzinfo=dt.UTC)) as found:
        (read,) = list(found)
    return read


# --- what is read -------------------------------------------------------------------------

def test_a_fit_walk_run_is_read_with_its_rounds_local_start_and_steps_per_minute(
        tmp_path, walk_run_fit):
    read = read_one(write(tmp_path, "walk-run.fit", walk_run_fit))
    activity = read.activity
    assert read.problem is None and activity is not None
    assert activity.sport == "run"
    assert activity.start.isoformat() == "2026-03-04T09:00:00+02:00"  # the watch's offset
    assert activity.total_seconds == activity.moving_seconds == 8 * 180
    assert activity.distance_m == pytest.approx(8 * (60 * 2.6 + 120 * 1.4))
    # per leg 84.5 a minute (84 and a fractional 0.5): 169 steps of both feet
    assert activity.laps[0].cadence_spm == 169 and activity.laps[1].cadence_spm == 112
    assert (activity.intervals.rounds, activity.intervals.run_minutes,
            activity.intervals.walk_minutes, activity.intervals.from_laps) == (8, 1, 2, True)


def test_a_walk_run_without_laps_is_recognised_from_pace(tmp_path):
    pieces = [(samples.WALK, 300, 1.4, 110), *samples.walk_run(5, 120, 120)]
    gpx = samples.gpx_activity(MORNING, pieces)
    activity = read_one(write(tmp_path, "walk-run.gpx", gpx)).activity
    assert activity.sport == "run" and activity.laps == ()
    assert activity.intervals is not None
    assert (activity.intervals.rounds, activity.intervals.run_minutes,
            activity.intervals.walk_minutes, activity.intervals.from_laps) == (5, 2, 2, False)


def test_a_tcx_run_gives_laps_and_cadence_in_steps_per_minute(tmp_path):
    tcx = samples.tcx_activity(MORNING, [(samples.RUN, 600, 2.9, 166)] * 3)
    activity = read_one(write(tmp_path, "run.tcx.gz", gzip.compress(tcx.encode()))).activity
    assert activity.sport == "run" and len(activity.laps) == 3
    assert activity.cadence_spm == 166 and activity.intervals is None
    assert activity.distance_m == pytest.approx(3 * 600 * 2.9)


def test_a_device_writing_steps_per_minute_is_not_doubled(tmp_path):
    fit = samples.fit_activity(MORNING, samples.continuous(20, spm=172), per_leg=False)
    assert read_one(write(tmp_path, "coros.fit", fit)).activity.cadence_spm == 172


# --- what it becomes ------------------------------------------------------------------------

def test_a_walk_run_is_offered_at_the_prescribed_level_with_its_rounds(
        tmp_path, runner, walk_run_fit):
    activity = read_one(write(tmp_path, "walk-run.fit", walk_run_fit)).activity
    proposal = runner.import_proposal(activity)
    assert proposal.kind is ImportKind.WALK_RUN and proposal.matches_prescription
    assert (proposal.level, proposal.rounds, proposal.run_minutes, proposal.walk_minutes,
            proposal.cadence) == (1, 8, 1, 2, 169)
    assert proposal.pain_during is None  # the runner's to add
    confirmed = dataclasses.replace(proposal, pain_during=1, effort=4)
    runner.save_import(confirmed)
    session = runner.log.sessions_of(SessionKind.WALK_RUN)[-1]
    assert (session.date, session.level, session.rounds, session.pain_during,
            session.cadence) == (DAY, 1, 8, 1, 169)
    assert runner.decisions()[-1].verdict is Verdict.PENDING  # the next morning decides


def test_a_walk_run_saved_without_pain_decides_nothing_until_the_pain_is_added(
        tmp_path, runner, walk_run_fit):
    (outcome,) = import_paths(runner, [write(tmp_path, "walk-run.fit", walk_run_fit)])
    assert outcome.status is Status.IMPORTED and outcome.pain_unknown
    decision = runner.decisions()[-1]
    assert decision.verdict is Verdict.PENDING and "add the knee pain" in decision.reason
    assert "First add the pain during" in runner.walk_run_plan().reason
    runner.add_pain_during(outcome.session_id, 1, effort=4)
    assert "record your knee pain" in runner.decisions()[-1].reason  # now the morning


def test_a_continuous_run_is_a_run_in_stage_5_and_a_mechanics_run_in_stage_3(tmp_path, runner):
    fit = samples.fit_activity(MORNING, samples.continuous(30), laps=False)
    activity = read_one(write(tmp_path, "run.fit", fit)).activity
    runner.set_stage(Stage.PERFORMANCE, "ladder done")
    proposal = runner.import_proposal(activity)
    assert proposal.kind is ImportKind.RUN and proposal.warning == ""
    assert (proposal.minutes, proposal.cadence, proposal.distance_km) == (30, 166, 5.22)
    runner.set_stage(Stage.MECHANICS, "a flare")
    proposal = runner.import_proposal(activity)
    assert proposal.kind is ImportKind.RUN and "mechanics run" in proposal.reason
    assert "cadence drills" in proposal.warning


def test_a_ride_is_cross_training_never_a_run(tmp_path, runner):
    fit = samples.fit_activity(MORNING, [(samples.RUN, 3600, 7.5, 170)],
                               sport=FitSport.CYCLING)
    (outcome,) = import_paths(runner, [write(tmp_path, "ride.fit", fit)])
    assert outcome.status is Status.IMPORTED and "cross-training (bike)" in outcome.line
    session = runner.log.sessions[-1]
    assert session.kind is SessionKind.CROSS_TRAINING and session.activity is Activity.BIKE
    assert session.cadence is None and not runner.log.sessions_of(SessionKind.RUN)


# --- duplicates -----------------------------------------------------------------------------

def test_the_same_file_twice_is_a_duplicate(tmp_path, runner, walk_run_fit):
    path = write(tmp_path, "walk-run.fit", walk_run_fit)
    gzipped = write(tmp_path, "copy.fit.gz", gzip.compress(walk_run_fit))
    first, again, copy = import_paths(runner, [path, path, gzipped])
    assert first.status is Status.IMPORTED
    assert again.status is copy.status is Status.DUPLICATE
    assert "already imported (the same file) as the walk–run of 2026-03-04" in again.line
    assert runner.imported_count() == 1 and len(runner.log.sessions_of(SessionKind.WALK_RUN)) == 1


def test_the_same_activity_from_another_source_is_a_duplicate(tmp_path, runner):
    pieces = samples.continuous(30)
    runner.set_stage(Stage.PERFORMANCE, "ladder done")
    watch = write(tmp_path, "watch.fit", samples.fit_activity(MORNING, pieces))
    strava = write(tmp_path, "strava.gpx",
                   samples.gpx_activity(MORNING + dt.timedelta(seconds=20), pieces))
    first, second = import_paths(runner, [watch, strava])
    assert first.status is Status.IMPORTED
    assert second.status is Status.DUPLICATE and "the same activity as watch.fit" in second.line


def test_a_deleted_session_can_be_imported_again(tmp_path, runner, walk_run_fit):
    path = write(tmp_path, "walk-run.fit", walk_run_fit)
    (outcome,) = import_paths(runner, [path])
    runner.delete_session(outcome.session_id)
    (again,) = import_paths(runner, [path])
    assert again.status is Status.IMPORTED


# --- bad files ------------------------------------------------------------------------------

def _bad_files(tmp_path, walk_run_fit):
    future = samples.fit_activity(dt.datetime(2031, 1, 1, 7, tzinfo=dt.UTC),
                                  samples.continuous(5))
    corrupt = bytearray(walk_run_fit)
    corrupt[len(corrupt) // 2] ^= 0xFF
    huge = tmp_path / "huge.fit"
    with open(huge, "wb") as handle:  # sparse: 2 GB long, nothing written
        handle.truncate(2 * 1024 ** 3)
    outside = tmp_path / "export.zip"
    samples.strava_zip(outside, {"activities/1.fit": walk_run_fit},
                       [("1", "Run", "Run", "activities/1.fit")],
                       extra={"../evil.fit": walk_run_fit})
    return {
        "truncated.fit": (write(tmp_path, "truncated.fit",
                                walk_run_fit[:len(walk_run_fit) // 2]), "cut short"),
        "empty.fit": (write(tmp_path, "empty.fit", b""), "empty"),
        "notes.txt": (write(tmp_path, "notes.txt", "hello"), "not a watch file"),
        "text.fit": (write(tmp_path, "text.fit", "hello, not FIT at all"), "not a FIT file"),
        "corrupt.fit": (write(tmp_path, "corrupt.fit", bytes(corrupt)), "checksum"),
        "future.fit": (write(tmp_path, "future.fit", future), "in the future"),
        "huge.fit": (huge, "2.0 GB, too large"),
        "export.zip": (outside, "outside its folder"),
        "broken.gpx.gz": (write(tmp_path, "broken.gpx.gz", b"\x1f\x8b\x08garbage"),
                          "not a readable gzip"),
        "bomb.gpx": (write(tmp_path, "bomb.gpx", '<?xml version="1.0"?><!DOCTYPE x '
                           '[<!ENTITY a "aaaa">]><gpx>&a;</gpx>'), "document type"),
    }


def test_every_bad_file_gets_one_message_and_the_others_still_import(
        tmp_path, runner, walk_run_fit):
    bad = _bad_files(tmp_path, walk_run_fit)
    good = write(tmp_path, "good.fit", walk_run_fit)
    outcomes = list(import_paths(runner, [*(path for path, _ in bad.values()), good]))
    assert len(outcomes) == len(bad) + 1
    for outcome, (name, (_, words)) in zip(outcomes, bad.items(), strict=False):
        assert outcome.status is Status.BAD, outcome.line
        assert outcome.line.startswith(f"{name}: ") and words in outcome.line, outcome.line
        assert "\n" not in outcome.line
    assert outcomes[-1].status is Status.IMPORTED
    assert runner.imported_count() == 1  # nothing from any bad file


def test_the_size_is_checked_before_reading(tmp_path, monkeypatch, walk_run_fit):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    read = read_one(write(tmp_path, "big.fit", walk_run_fit))
    assert read.activity is None and "too large for one activity" in read.problem


# --- Strava exports -------------------------------------------------------------------------

def _export_parts(walk_run_fit):
    ride = samples.fit_activity(MORNING - dt.timedelta(days=1), [(samples.RUN, 1800, 7, 170)],
                                sport=FitSport.CYCLING)
    run_gpx = samples.gpx_activity(MORNING - dt.timedelta(days=2), samples.continuous(25))
    content = {"activities/1.fit.gz": gzip.compress(walk_run_fit),
               "activities/2.fit": ride, "activities/3.gpx": run_gpx.encode()}
    rows = [("1", "Walk–run", "Run", "activities/1.fit.gz"),
            ("2", "Spin", "Ride", "activities/2.fit"),
            ("3", "Easy", "Run", "activities/3.gpx"),
            ("4", "Treadmill by hand", "Run", "")]
    return content, rows


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_a_strava_export_imports_each_activity(tmp_path, runner, walk_run_fit, form):
    content, rows = _export_parts(walk_run_fit)
    if form == "folder":
        export = samples.strava_folder(tmp_path / "export", content, rows)
    else:
        export = samples.strava_zip(tmp_path / "export.zip", content, rows)
    outcomes = list(import_paths(runner, [export]))
    assert [o.status for o in outcomes] == [Status.IMPORTED, Status.IMPORTED,
                                           Status.IMPORTED, Status.BAD]
    assert "walk–run on 2026-03-04, level 1, 8 × 1 min run / 2 min walk" in outcomes[0].line
    assert "cross-training (bike)" in outcomes[1].line
    assert "a run on 2026-03-02" in outcomes[2].line
    assert "entered by hand on Strava" in outcomes[3].line
    assert runner.imported_count() == 3


# --- the command line -----------------------------------------------------------------------

def test_runback_import_prints_a_line_a_file_and_exits_by_the_worst(
        tmp_path, runner, walk_run_fit, capsys):
    path = runner.path
    runner.close()
    good = write(tmp_path, "walk-run.fit", walk_run_fit)
    assert main(["import", "--db", str(path), str(good)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "walk-run.fit: imported as a walk–run" in out
    assert "pain during not known: add it with runback pain --db" in out
    assert main(["import", "--db", str(path), str(good)]) == 0  # all duplicates
    assert "duplicate" in capsys.readouterr().out
    bad = write(tmp_path, "empty.fit", b"")
    assert main(["import", "--db", str(path), str(bad), str(good)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "empty.fit: the file is empty" and "duplicate" in lines[1]
    assert main(["import", "--db", str(path)]) == 2  # no files: bad usage
    assert main(["import", "--db", str(tmp_path / "missing.db"), str(good)]) == 2
    session = int(out.split("--session ")[1].split()[0])
    assert main(["pain", "--db", str(path), "--session", str(session), "--during", "1"]) == 0
    reopened = Runback.open(path, clock=Clock(DAY))
    try:
        assert reopened.log.session(session).pain_during == 1
    finally:
        reopened.close()


def test_runback_import_help_says_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "0 if at least one activity was imported" in text and "1 if any file was bad" in text
    assert "2 on bad usage" in text


def test_a_zip_member_is_read_within_the_size_limit(tmp_path, monkeypatch, walk_run_fit):
    export = samples.strava_zip(tmp_path / "e.zip", {"activities/1.fit": walk_run_fit},
                                [("1", "Run", "Run", "activities/1.fit")])
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    with zipfile.ZipFile(export) as archive:
        assert archive.getinfo("activities/1.fit").file_size > 1000
    read = read_one(export)
    assert read.activity is None and "too large for one activity" in read.problem
