"""The runner file's schema and its forward migrations.

The version is ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file as
Runback's so another app's SQLite file is refused rather than altered. Migrations are
ordered steps, each in its own transaction, never edited once released; a backup copy is
written beside the file before the first step runs.
"""

from __future__ import annotations

import datetime
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

APPLICATION_ID = 0x52554E42  # "RUNB"


M001_INITIAL = """
    CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        knee_problem TEXT NOT NULL,
        affected_side TEXT NOT NULL,
        start_date TEXT NOT NULL,
        goal TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE check_ins (
        date TEXT PRIMARY KEY,
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        notes TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        kind TEXT NOT NULL
            CHECK (kind IN ('cross_training', 'strength', 'walk_run', 'run', 'mobility')),
        minutes REAL NOT NULL DEFAULT 0 CHECK (minutes >= 0),
        effort INTEGER CHECK (effort BETWEEN 0 AND 10),
        pain_during INTEGER CHECK (pain_during BETWEEN 0 AND 10),
        notes TEXT NOT NULL DEFAULT '',
        activity TEXT,
        level INTEGER CHECK (level >= 1),
        planned_run_minutes REAL,
        planned_walk_minutes REAL,
        planned_rounds INTEGER,
        run_minutes REAL,
        walk_minutes REAL,
        rounds INTEGER,
        limp INTEGER NOT NULL DEFAULT 0 CHECK (limp IN (0, 1)),
        swelling INTEGER NOT NULL DEFAULT 0 CHECK (swelling IN (0, 1)),
        run_type TEXT,
        distance_km REAL,
        cadence INTEGER,
        cue_under_body INTEGER CHECK (cue_under_body IN (0, 1)),
        cue_tall_trunk INTEGER CHECK (cue_tall_trunk IN (0, 1)),
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sessions_by_date ON sessions (date, id);
    CREATE UNIQUE INDEX one_strength_session_a_day ON sessions (date) WHERE kind = 'strength';

    CREATE TABLE exercise_ticks (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        exercise_key TEXT NOT NULL,
        name TEXT NOT NULL,
        sets INTEGER NOT NULL,
        reps INTEGER,
        hold_seconds INTEGER,
        ticked INTEGER NOT NULL DEFAULT 0 CHECK (ticked IN (0, 1)),
        pain INTEGER CHECK (pain BETWEEN 0 AND 10),
        ticked_at TEXT,
        PRIMARY KEY (session_id, exercise_key)
    ) STRICT;

    CREATE TABLE readiness_checks (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        test TEXT NOT NULL,
        completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
        pain INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
        notes TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sleep (
        date TEXT PRIMARY KEY,
        hours REAL NOT NULL CHECK (hours >= 0 AND hours <= 24),
        recorded_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE cadence_baselines (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        steps_per_minute INTEGER NOT NULL CHECK (steps_per_minute BETWEEN 100 AND 250),
        recorded_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE stage_events (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('start', 'suggested', 'accepted', 'declined', 'set')),
        from_stage INTEGER CHECK (from_stage BETWEEN 1 AND 5),
        to_stage INTEGER NOT NULL CHECK (to_stage BETWEEN 1 AND 5),
        reason TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('runner', 'physio', 'app')),
        recorded_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE plan_changes (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        previous TEXT,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL CHECK (actor IN ('runner', 'physio', 'app')),
        recorded_at TEXT NOT NULL
    ) STRICT;
"""


M002_CHECK_INS_SURGERY = """
    ALTER TABLE check_ins ADD COLUMN taken TEXT
        CHECK (taken IN ('before_session', 'after_session'));
    ALTER TABLE check_ins ADD COLUMN swelling INTEGER NOT NULL DEFAULT 0
        CHECK (swelling IN (0, 1));
    ALTER TABLE check_ins ADD COLUMN stiffness INTEGER NOT NULL DEFAULT 0
        CHECK (stiffness IN (0, 1));
    ALTER TABLE profile ADD COLUMN surgery_date TEXT;

    CREATE TABLE surgery_checks (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        full_extension INTEGER CHECK (full_extension IN (0, 1)),
        flexion_percent REAL CHECK (flexion_percent BETWEEN 0 AND 200),
        effusion TEXT CHECK (effusion IN ('none', 'trace', '1+', '2+', '3+')),
        pain INTEGER CHECK (pain BETWEEN 0 AND 10),
        quadriceps_symmetry_percent REAL CHECK (quadriceps_symmetry_percent BETWEEN 0 AND 200),
        hop_symmetry_percent REAL CHECK (hop_symmetry_percent BETWEEN 0 AND 200),
        notes TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
    ) STRICT;
"""

# Every column that records when a row was saved: version 2 stores them in UTC, so a
# repeated hour at the end of summer time cannot reorder entries.
SAVE_TIMES = (("profile", "created_at"), ("check_ins", "recorded_at"),
              ("sessions", "recorded_at"), ("exercise_ticks", "ticked_at"),
              ("readiness_checks", "recorded_at"), ("sleep", "recorded_at"),
              ("cadence_baselines", "recorded_at"), ("stage_events", "recorded_at"),
              ("plan_changes", "recorded_at"))


def utc_text(moment: str | None) -> str | None:
    """A saved time as UTC text (``2026-10-25T00:30:00.000+00:00``); text that is not a
    time with an offset is kept as it was."""
    if not moment:
        return moment
    try:
        parsed = datetime.datetime.fromisoformat(moment)
    except ValueError:
        return moment
    if parsed.tzinfo is None:
        return moment
    return parsed.astimezone(datetime.UTC).isoformat(timespec="milliseconds")


def m002_check_ins_surgery(conn: sqlite3.Connection) -> None:
    """Check-ins say when they were taken and record morning swelling and stiffness; a
    knee-surgery date and its return-to-run measures; save times in UTC."""
    for statement in M002_CHECK_INS_SURGERY.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.create_function("runback_utc", 1, utc_text, deterministic=True)
    for table, column in SAVE_TIMES:
        conn.execute(f"UPDATE {table} SET {column} = runback_utc({column})")


# Version 3: sessions found by kind without a pass over all of them. The first view
# (core/rules/reach.py) reads every walk–run, the first and last session of each kind and
# the latest runs; with this index that read stays bounded however long the history.
M003_SESSIONS_BY_KIND = "CREATE INDEX sessions_by_kind ON sessions (kind, date, id)"


# Version 4: the outcome questionnaires (core/outcomes). One row per questionnaire taken:
# its answers as a JSON object (item key, or a PSFS activity's name, to the points given),
# one per instrument a day. ``profile.instruments`` lists, as a JSON array of instrument
# keys, the ones this runner's physio uses; NULL (every file before) means all four. The
# answers' ranges depend on the instrument, so the loader checks them (core/file/rows.py).
M004_QUESTIONNAIRES = """
    CREATE TABLE questionnaires (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        instrument TEXT NOT NULL CHECK (instrument IN ('akps', 'koos_pf', 'uwri', 'psfs')),
        answers TEXT NOT NULL
            CHECK (json_valid(answers) AND json_type(answers) = 'object'),
        notes TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX one_questionnaire_a_day ON questionnaires (instrument, date);
    ALTER TABLE profile ADD COLUMN instruments TEXT
        CHECK (instruments IS NULL
               OR (json_valid(instruments) AND json_type(instruments) = 'array'));
"""


# Version 5: activities imported from watch files (core/exchange/watch), so the same
# activity is not imported twice: the file's content hash, and for the same activity from
# another source (a watch's FIT and Strava's GPX of it) its start in UTC, duration and
# distance, compared within a minute and 5 %. Each row belongs to the session it became
# and goes with it: a session deleted can be imported again.
M005_IMPORTED_ACTIVITIES = """
    CREATE TABLE imported_activities (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
        start_utc TEXT NOT NULL,
        seconds REAL NOT NULL CHECK (seconds >= 0),
        distance_m REAL CHECK (distance_m >= 0),
        sport TEXT NOT NULL,
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX imported_by_content ON imported_activities (content_sha256);
    CREATE INDEX imported_by_start ON imported_activities (start_utc);
    CREATE INDEX imported_by_session ON imported_activities (session_id);
"""


# Version 6: the physio's discharge (core/runback.py, ``discharge`` and ``reopen``). A
# small table of its own rather than a stage-event kind or profile columns: a discharge
# is not a stage move (every reader of stage_events would have to skip it, and its kind
# CHECK cannot change without rebuilding that table), and a profile column would lose who
# discharged, when it was saved, and the discharge itself once the programme re-opens.
# Re-opening dates the row (``reopened_on``) and keeps it; at most one row is in force
# (``reopened_on`` NULL), which the partial unique index holds.
M006_DISCHARGES = """
    CREATE TABLE discharges (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        actor TEXT NOT NULL CHECK (actor IN ('runner', 'physio', 'app')),
        recorded_at TEXT NOT NULL,
        reopened_on TEXT,
        reopened_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX one_discharge_in_force ON discharges ((reopened_on IS NULL))
        WHERE reopened_on IS NULL;
"""


# Version 7: what a strength session's exercises were (issue 15). Each tick records the
# variant the plan named that day (the physio's choice: ``easier``, ``standard`` or
# ``harder``), and what the runner did: sets, reps or hold seconds (the one the dose
# counts) and an optional load in kg. Null means as the dose said, and no load noted: every
# tick before this version reads so.
M007_EXERCISE_DONE = """
    ALTER TABLE exercise_ticks ADD COLUMN variant TEXT NOT NULL DEFAULT 'standard'
        CHECK (variant IN ('easier', 'standard', 'harder'));
    ALTER TABLE exercise_ticks ADD COLUMN done_sets INTEGER CHECK (done_sets BETWEEN 1 AND 20);
    ALTER TABLE exercise_ticks ADD COLUMN done_reps INTEGER CHECK (done_reps BETWEEN 1 AND 100);
    ALTER TABLE exercise_ticks ADD COLUMN done_hold_seconds INTEGER
        CHECK (done_hold_seconds BETWEEN 1 AND 600);
    ALTER TABLE exercise_ticks ADD COLUMN load_kg REAL CHECK (load_kg > 0 AND load_kg <= 500);
"""


# Ordered steps: MIGRATIONS[i] takes a file from version i to version i + 1. A step is a
# SQL script, or a function for a step that needs Python; either runs in one transaction.
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    M001_INITIAL, m002_check_ins_surgery, M003_SESSIONS_BY_KIND, M004_QUESTIONNAIRES,
    M005_IMPORTED_ACTIVITIES, M006_DISCHARGES, M007_EXERCISE_DONE]


def latest_version() -> int:
    return len(MIGRATIONS)


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.backup")


def migrate(conn: sqlite3.Connection, path: Path | None, from_version: int) -> Path | None:
    """Run every step after ``from_version``; back the file up first if it holds data.

    Returns the backup's path (None for a new file). Each step commits with its new
    version number, so an interrupted upgrade leaves a file at a known version.
    """
    backup = None
    if from_version > 0 and path is not None and from_version < latest_version():
        backup = backup_path(path, from_version)
        # The copy holds the same health data: readable by its owner only, like the file.
        os.close(os.open(backup, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(backup, 0o600)
        target = sqlite3.connect(backup)
        try:
            conn.backup(target)
        finally:
            target.close()
    for version in range(from_version, latest_version()):
        step = MIGRATIONS[version]
        stamp = f"PRAGMA user_version = {version + 1}; PRAGMA application_id = {APPLICATION_ID};"
        try:
            if isinstance(step, str):
                # executescript commits anything pending first, so the script opens and
                # closes its own transaction.
                conn.executescript(f"BEGIN IMMEDIATE; {step}; {stamp} COMMIT;")
            else:
                conn.execute("BEGIN IMMEDIATE")
                step(conn)
                for statement in stamp.split(";")[:2]:
                    conn.execute(statement)
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return backup
