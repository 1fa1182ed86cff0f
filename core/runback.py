"""The facade: one method per user action (the views it shows are in core/views.py).

Every action validates its input, writes in one transaction, and returns what changed so
a window can refresh only what it shows. The GUI, the CLI and the demo all go through
here; nothing else writes to a runner's file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from core import today_card, validate
from core.changes import Area, Changes, Step
from core.errors import InvalidInput, ProtocolError
from core.file.store import Store
from core.model import (
    Activity,
    Actor,
    CadenceBaseline,
    CheckIn,
    CheckInEntry,
    CrossTrainingEntry,
    Discharge,
    Effusion,
    KneeProblem,
    Log,
    Profile,
    Questionnaire,
    ReadinessCheck,
    ReadinessTest,
    RunEntry,
    RunType,
    Session,
    SessionKind,
    Side,
    Sleep,
    Stage,
    StageEventKind,
    SurgeryCheck,
    Taken,
    Verdict,
    WalkRunEntry,
)
from core.rules import settings, stages, surgery
from core.rules.plan import LEVEL_KEY
from core.rules.today import runs_not_in_plan
from core.rules.walkrun import kept_ladder
from core.views import RunnerView

if TYPE_CHECKING:  # and imported where first needed: the first paint needs none of them
    from core import journal as journals
    from core.exchange.watch.activity import WatchActivity
    from core.exchange.watch.match import ImportProposal
    from core.file.backups import BackupSettings, Keeper
    from core.outcomes import InstrumentKey

E = TypeVar("E")  # an entry value: WalkRunEntry, CheckInEntry, RunEntry...


class Runback(RunnerView):
    """A runner's programme, backed by their file: one method per user action."""

    _recorded: list[Step] | None = None  # the steps done meanwhile, in ``recording``

    @classmethod
    def open(cls, path: Path, **kwargs) -> Runback:
        return cls(Store.open(Path(path)), **kwargs)

    @classmethod
    def create(cls, path: Path, **kwargs) -> Runback:
        return cls(Store.create(Path(path)), **kwargs)

    @classmethod
    def recreate_empty(cls, path: Path, **kwargs) -> Runback:
        """A new runner file in place of an empty one (a first start cut short)."""
        return cls(Store.recreate_empty(Path(path)), **kwargs)

    @classmethod
    def in_memory(cls, **kwargs) -> Runback:
        return cls(Store.memory(), **kwargs)

    # --- what the window shows first (core/today_card.py) ---------------------------------

    def today_card(self) -> dict:
        """Today, the check-in and the window's frame, as the text the window shows (from
        the first view while the rest of the file is read: ``start_reading``)."""
        shown = self._shown()
        return shown._view("card", lambda: today_card.card(shown))

    def frame_card(self) -> dict:
        shown = self._shown()
        return shown._view("frame", lambda: today_card.frame(shown))

    def check_in_card(self) -> dict:
        shown = self._shown()
        return shown._view("check-in card", lambda: today_card.check_in(shown))

    # --- the file as a whole: its writer, backups, the physio's copy ---------------------

    def back_up(self, settings: BackupSettings | None = None) -> Path:
        """A backup of the file now, into ``backups/`` beside it (then the old are thinned).

        :raises FileNotWritable: the backups folder cannot be made or written.
        """
        from core.file import backups

        return backups.take(self.store.conn, self._file_path(), self.clock(),
                            settings or backups.BackupSettings())

    def back_up_if_due(self, keeper: Keeper, closing: bool = False) -> Path | None:
        """A backup if ``keeper`` says one is due after a change (or, ``closing``, before
        the file closes): the backup taken, or None."""
        conn = self.store.conn
        return keeper.before_close(conn) if closing else keeper.after_change(conn)

    def physio_copy_name(self) -> str:
        """The file name proposed for "Send to physio…" (the runner and today's date)."""
        from core.file.snapshot import runner_label, snapshot_name

        return snapshot_name(runner_label(self.store.conn), self.today)

    def copy_for_physio(self, out: Path, replace: bool = False) -> Path:
        """A whole, consistent copy of the file for the physio, into the folder or file
        ``out`` (core/file/snapshot.py); ``replace``: an existing file is replaced."""
        from core.file.snapshot import copy_for_physio

        return copy_for_physio(self.store.conn, out, self.today, replace=replace)

    def _file_path(self) -> Path:
        if self.path is None:
            raise InvalidInput("file", "This runner has no file on disk (it is in memory).")
        return self.path

    # --- actions -------------------------------------------------------------------------

    def setup(self, knee_problem: KneeProblem | str, affected_side: Side | str,
              current_pain: int, can_walk_30_min: bool, goal: str = "",
              start_date: dt.date | None = None, surgery_date: dt.date | None = None
              ) -> Changes:
        """First-run setup: the profile, a first check-in, and the stage to start in.

        Pain above the threshold, or a 30-minute walk that hurts, starts with calming the
        pain; otherwise the programme starts with strength. After knee surgery the surgery
        date is required (the return to run counts the weeks from it), and refused for
        any other knee problem.
        """
        if not self.needs_setup:
            raise InvalidInput("setup", "This file already has a runner; open a new file for "
                                        "another runner.")
        start = validate.day(self.today if start_date is None else start_date, self.today,
                             field="start date")
        problem = validate.choice(KneeProblem, knee_problem, "knee problem")
        profile = Profile(problem, validate.choice(Side, affected_side, "affected side"), start,
                          validate.notes(goal, "goal"),
                          _surgery_date(problem, surgery_date, self.today))
        pain = validate.pain(current_pain, "current pain")
        walks = validate.flag(can_walk_30_min, "can walk 30 minutes pain-free")
        threshold = self.base.pain.threshold
        if pain > threshold:
            stage, why = Stage.CALM, f"pain now {pain}/10 is above {threshold}/10"
        elif not walks:
            stage, why = Stage.CALM, "a 30-minute walk is not yet pain-free"
        else:
            stage, why = Stage.STRENGTH, (f"pain now {pain}/10 and a 30-minute walk is "
                                          f"pain-free")
        def write(now: str) -> None:
            self.store.save_profile(profile, now)
            self.store.save_check_in(CheckIn(start, pain, ""), now)
            self.store.add_stage_event(start, StageEventKind.START, None, stage,
                                       f"Starting in stage {int(stage)}: {why}.", Actor.RUNNER,
                                       now)
        return self._write(write, Area.PROFILE, Area.CHECK_INS, Area.STAGE)

    def check_in(self, *entry: Any, replace: bool = False, **fields: Any) -> Changes:
        """Knee pain now: a ``CheckInEntry``, or its fields (positional or by name). The
        morning after a run this is its next-morning pain, and may note swelling or
        stiffness. ``taken`` says, on a day with a walk–run, whether the check-in came
        before or after it.

        One check-in a day: if a different one is stored that day, it is refused with
        field "replace" and a question saying what is stored (``today_card.check_in_
        stored``), unless ``replace`` (never overwritten silently)."""
        given = _entry(CheckInEntry, entry, fields)
        day = self._day(given.date)
        check_in = CheckIn(day, validate.pain(given.pain), validate.notes(given.notes),
                           None if given.taken is None
                           else validate.choice(Taken, given.taken, "taken"),
                           validate.flag(given.swelling, "swelling"),
                           validate.flag(given.stiffness, "stiffness"))
        stored = self.log.check_ins.get(day)
        if (stored is not None and not validate.flag(replace, "replace")
                and dataclasses.replace(stored, recorded_at="") != check_in):
            raise InvalidInput("replace", today_card.check_in_stored(stored, check_in))
        return self._write(lambda now: self.store.save_check_in(check_in, now),
                           Area.CHECK_INS)

    def log_cross_training(self, *entry: Any, replace: bool | None = None, **fields: Any
                           ) -> Changes:
        """A cross-training session: a ``CrossTrainingEntry``, or its fields (positional or
        by name). ``replace``: as ``log_run``."""
        return self._log_cross_training(_entry(CrossTrainingEntry, entry, fields),
                                        replace=_replace_flag(replace))

    def _log_cross_training(self, given: CrossTrainingEntry, imported: bool = False,
                            replace: bool | None = None) -> Changes:
        row: dict[str, Any] = {
            "date": self._day(given.date), "kind": SessionKind.CROSS_TRAINING,
            "activity": validate.choice(Activity, given.activity, "activity"),
            **_load(given, imported), "notes": validate.notes(given.notes)}
        return self._write(self._session_write(row, self._replacing(row, replace)),
                           Area.SESSIONS)

    def tick_exercise(self, key: str, pain: int | None = None, date: dt.date | None = None,
                      **done: Any) -> Changes:
        """Tick one exercise of the day's strength session (created on the first tick).

        ``done`` says what was done, each optional (omitted: as the dose, no load):
        ``sets``, ``reps`` or ``hold_seconds`` (the one the dose counts) and ``load_kg``.
        A tick again replaces what the last one recorded."""
        day = self._day(date)
        pain = validate.optional_pain(pain, "exercise pain")
        session = self.strength_session(day)
        exercises = session.exercises if session else self.plan.on(day).exercises
        if key not in {e.key for e in exercises}:
            names = ", ".join(e.key for e in exercises)
            raise InvalidInput("exercise", f"Exercise '{key}' is not in this session's "
                                           f"programme ({names}).")
        from core.rules.exercise_progress import validate_done

        did = validate_done(next(e for e in exercises if e.key == key), done)

        def write(now: str) -> None:
            session_id = session.id if session else self.store.add_session(
                {"date": day, "kind": SessionKind.STRENGTH}, now)
            if session is None:
                self.store.add_exercises(session_id, exercises)
            self.store.set_tick(session_id, key, True, pain, now, did)
        name = next(e.name for e in exercises if e.key == key)
        return self._write(write, Area.SESSIONS, Area.STRENGTH,
                           name=f"tick of {name} on {day.isoformat()}")

    def untick_exercise(self, key: str, date: dt.date | None = None) -> Changes:
        """Undo a tick; a session with nothing ticked is removed."""
        day = self._day(date)
        session = self.strength_session(day)
        if session is None or key not in {e.key for e in session.exercises if e.ticked}:
            raise InvalidInput("exercise", f"Exercise '{key}' is not ticked on {day.isoformat()}.")
        still_ticked = [e for e in session.exercises if e.ticked and e.key != key]

        def write(now: str) -> None:
            if still_ticked:
                self.store.set_tick(session.id, key, False, None, now)
            else:
                self.store.delete_session(session.id)
        name = next(e.name for e in session.exercises if e.key == key)
        return self._write(write, Area.SESSIONS, Area.STRENGTH,
                           name=f"untick of {name} on {day.isoformat()}")

    def log_walk_run(self, *entry: Any, replace: bool = False, **fields: Any) -> Changes:
        """What was done in a walk–run session: a ``WalkRunEntry``, or its fields
        (positional or by name) to build one in the same call. The level defaults to the
        prescription on its date (a backfilled session is judged against the plan in force
        that day).

        Only one walk–run a day counts: a second is refused with field "replace" and a
        question saying what is stored, unless ``replace`` (it then takes the stored one's
        place, its number kept). A session above or below the prescribed level, or before
        stage 4, is kept but moves nothing; the notice says why.
        """
        return self._log_walk_run(_entry(WalkRunEntry, entry, fields),
                                  replace=validate.flag(replace, "replace"))

    def _log_walk_run(self, entry: WalkRunEntry, imported: bool = False,
                      replace: bool = False) -> Changes:
        day = self._day(entry.date)
        protocol = self.plan.on(day)
        level = (self.prescribed_on(day).level if entry.level is None else
                 validate.whole_number("level", entry.level, 1, protocol.top_level))
        planned = protocol.level(level)
        fields: dict[str, Any] = {
            "date": day, "kind": SessionKind.WALK_RUN, "level": level,
            "planned_run_minutes": planned.run_minutes,
            "planned_walk_minutes": planned.walk_minutes, "planned_rounds": planned.rounds,
            "rounds": validate.whole_number("rounds", entry.rounds, 1, 60),
            "run_minutes": validate.minutes(entry.run_minutes, "run minutes per round", 180),
            "walk_minutes": validate.number("walk minutes per round", entry.walk_minutes, 0,
                                            60, "minutes", allow_zero=True),
            **_pain_and_effort(entry, imported), "limp": validate.flag(entry.limp, "limp"),
            "swelling": validate.flag(entry.swelling, "swelling"),
            "cadence": validate.optional_cadence(entry.cadence),
            "cue_under_body": _optional_flag(entry.cue_under_body, "cue: land under the body"),
            "cue_tall_trunk": _optional_flag(entry.cue_tall_trunk, "cue: tall steady trunk"),
            "notes": validate.notes(entry.notes)}
        fields["minutes"] = fields["rounds"] * (fields["run_minutes"] + fields["walk_minutes"])
        if fields["minutes"] > 600:
            raise InvalidInput("minutes", f"{fields['minutes']:g} minutes in one session is "
                                          f"more than 10 hours; check rounds and minutes.")
        stored = self._replacing(fields, replace)
        # What the form said before saving (a stored one replaced is not "already logged").
        warning = None if stored is not None else self.walk_run_warning(level, day)
        ids: list[int] = []
        changes = self._write(self._session_write(fields, stored, ids), Area.SESSIONS)
        decision = next((d for d in self.decisions() if d.session_id == ids[0]), None)
        if decision is not None and decision.verdict is Verdict.NOT_COUNTED:
            warning = decision.reason
        return dataclasses.replace(changes, notice="\n".join(
            filter(None, (warning, changes.notice))))

    def log_run(self, *entry: Any, replace: bool | None = None, **fields: Any) -> Changes:
        """A continuous run: easy, long, hills or speed (stage 5), or a mechanics run; a
        ``RunEntry``, or its fields (positional or by name).

        Several runs a day may be logged (``replace`` None). A form correcting a day's run
        says ``replace``: False, and a run stored that day is refused with field "replace"
        and a question naming its old and new values (``log_forms.replace_question``);
        True, and the new run takes the place of the latest stored that day (its number
        kept)."""
        return self._log_run(_entry(RunEntry, entry, fields), replace=_replace_flag(replace))

    def _log_run(self, given: RunEntry, imported: bool = False, replace: bool | None = None
                 ) -> Changes:
        row: dict[str, Any] = {
            "date": self._day(given.date), "kind": SessionKind.RUN,
            "run_type": validate.choice(RunType, given.run_type, "run type"),
            **_load(given, imported),
            "distance_km": validate.optional_number("distance", given.distance_km, 0.01, 300,
                                                    "km"),
            "cadence": validate.optional_cadence(given.cadence),
            "cue_under_body": _optional_flag(given.cue_under_body, "cue: land under the body"),
            "cue_tall_trunk": _optional_flag(given.cue_tall_trunk, "cue: tall steady trunk"),
            "limp": validate.flag(given.limp, "limp"),
            "swelling": validate.flag(given.swelling, "swelling"),
            "notes": validate.notes(given.notes)}
        stage = stages.stage_on(stages.periods(self.log), row["date"])
        changes = self._write(self._session_write(row, self._replacing(row, replace)),
                              Area.SESSIONS)
        warning = None if stage is None else runs_not_in_plan(stage)
        if warning:
            return dataclasses.replace(changes, notice="\n".join(
                filter(None, (warning, changes.notice))))
        return changes

    def log_mobility(self, minutes: float, notes: str = "", date: dt.date | None = None,
                     replace: bool | None = None) -> Changes:
        """Minutes of mobility drills. ``replace``: as ``log_run``."""
        fields: dict[str, Any] = {"date": self._day(date), "kind": SessionKind.MOBILITY,
                  "minutes": validate.minutes(minutes, high=240), "notes": validate.notes(notes)}
        stored = self._replacing(fields, _replace_flag(replace))
        return self._write(self._session_write(fields, stored), Area.SESSIONS)

    def _replacing(self, row: dict[str, Any], replace: bool | None) -> Session | None:
        """The session a new one (``row``, validated) takes the place of: the latest of its
        kind stored that day if ``replace``; None if it is added (``replace`` None, or none
        stored). ``replace`` False with one stored: refused with field "replace" and the
        question naming its old and new values, nothing saved."""
        stored = None if replace is None else self.session_on(row["kind"], row["date"])
        if stored is not None and not replace:
            from core import log_forms

            raise InvalidInput("replace", log_forms.replace_question(stored,
                                                                     Session(0, **row)))
        return stored

    def _session_write(self, row: dict[str, Any], stored: Session | None,
                       ids: list[int] | None = None) -> Callable[[str], None]:
        """Writing ``row``: a new session, or in place of ``stored`` (its number kept, so
        an import stays linked to it); its number is added to ``ids``, if given."""
        def write(now: str) -> None:
            if stored is None:
                number = self.store.add_session(row, now)
            else:
                self.store.update_session(stored.id, {**row, "recorded_at": now})
                number = stored.id
            if ids is not None:
                ids.append(number)
        return write

    def delete_session(self, session_id: int) -> Changes:
        """Remove a session logged by mistake."""
        if self.log.session(session_id) is None:
            raise InvalidInput("session", f"There is no session number {session_id}.")
        return self._write(lambda now: self.store.delete_session(session_id), Area.SESSIONS,
                           Area.STRENGTH)

    # --- the journal: an entry edited or deleted (core/journal.py) ----------------------

    def journal(self, kind: journals.Kind | None = None, text: str = "") -> list[journals.Day]:
        """Every day with its entries, newest first (only ``kind``, only with ``text``)."""
        from core import journal as journals

        return journals.days(self.log, kind, text)

    def what_would_change(self, entry: journals.Entry, fields: dict[str, Any] | None
                          ) -> list[str]:
        """The decisions an edit of ``entry`` to ``fields`` (None: its deletion) would
        change, in words, before it is saved (nothing is saved)."""
        from core import journal as journals

        return journals.decisions_changed(self.log, self.base, entry, fields, self.ladder)

    def edit_session(self, session_id: int, pain_during: int | None = None,
                     effort: int | None = None, notes: str | None = None) -> Changes:
        """Correct a session's pain during, effort or notes (None: kept as it is)."""
        session = self.log.session(session_id)
        if session is None:
            raise InvalidInput("session", f"There is no session number {session_id}.")
        fields: dict[str, Any] = {}
        if pain_during is not None:
            fields["pain_during"] = validate.pain(pain_during, "pain during")
        if effort is not None:
            fields["effort"] = validate.effort(effort)
        if notes is not None:
            fields["notes"] = validate.notes(notes)
        if not fields:
            raise InvalidInput("session", "Nothing to change: edit a value first.")
        return self._write(lambda now: self.store.update_session(session_id, fields),
                           Area.SESSIONS)

    def delete_entry(self, entry: journals.Entry) -> Changes:
        """Remove a journal entry: a check-in, a session, a readiness check or a night's
        sleep."""
        if getattr(self.log, entry.table).get(entry.key) is None:
            raise InvalidInput("entry", f"This {entry.title.lower()} is no longer in the "
                                        f"file.")
        if entry.table == "sessions" and isinstance(entry.key, int):
            return self.delete_session(entry.key)
        if entry.table == "check_ins" and isinstance(entry.key, dt.date):
            day = entry.key
            return self._write(lambda now: self.store.delete_check_in(day), Area.CHECK_INS)
        if entry.table == "sleep" and isinstance(entry.key, dt.date):
            night = entry.key
            return self._write(lambda now: self.store.delete_sleep(night), Area.SLEEP)
        if entry.table == "readiness" and isinstance(entry.key, int):
            check = entry.key
            return self._write(lambda now: self.store.delete_readiness(check),
                               Area.READINESS)
        raise InvalidInput("entry", f"A {entry.title.lower()} cannot be deleted here.")

    def log_readiness(self, test: ReadinessTest | str, completed: bool, pain: int,
                      notes: str = "", date: dt.date | None = None) -> Changes:
        check = ReadinessCheck(0, self._day(date), validate.choice(ReadinessTest, test, "test"),
                               validate.flag(completed, "completed"), validate.pain(pain),
                               validate.notes(notes))
        return self._write(lambda now: self.store.add_readiness(check, now), Area.READINESS)

    def log_surgery_check(self, full_extension: bool | None = None,
                          flexion_percent: float | None = None,
                          effusion: Effusion | str | None = None, pain: int | None = None,
                          quadriceps_symmetry_percent: float | None = None,
                          hop_symmetry_percent: float | None = None, notes: str = "",
                          date: dt.date | None = None) -> Changes:
        """A physio's assessment after knee surgery: any of the return-to-run measures
        (None: not measured this time), at least one. Percentages are of the other knee
        (flexion) or limb symmetry indexes, involved ÷ uninvolved × 100."""
        day = self._day(date)
        if not surgery.after_surgery(self.log):
            raise InvalidInput("surgery check", "These measures are for a runner after knee "
                                                "surgery; this runner's knee problem is "
                                                f"{self.require_profile().knee_problem.label}.")
        check = SurgeryCheck(
            0, day, _optional_flag(full_extension, "full extension"),
            validate.optional_percent("flexion", flexion_percent),
            None if effusion is None else validate.choice(Effusion, effusion, "effusion"),
            validate.optional_pain(pain),
            validate.optional_percent("quadriceps symmetry", quadriceps_symmetry_percent),
            validate.optional_percent("hop symmetry", hop_symmetry_percent),
            validate.notes(notes))
        if all(getattr(check, name) is None for name in surgery.MEASURES):
            raise InvalidInput("surgery check", "Enter at least one measure (extension, "
                                                "flexion, effusion, pain, quadriceps or hop "
                                                "symmetry); nothing was saved.")
        return self._write(lambda now: self.store.add_surgery_check(check, now), Area.SURGERY)

    def set_cadence_baseline(self, steps_per_minute: int, date: dt.date | None = None
                             ) -> Changes:
        entry = CadenceBaseline(self._day(date), validate.cadence(steps_per_minute,
                                                                  "baseline cadence"))
        return self._write(lambda now: self.store.add_cadence_baseline(entry, now),
                           Area.CADENCE)

    def log_sleep(self, hours: float, date: dt.date | None = None) -> Changes:
        entry = Sleep(self._day(date), validate.number("sleep", hours, 0, 24, "hours",
                                                       allow_zero=True))
        return self._write(lambda now: self.store.save_sleep(entry, now), Area.SLEEP)

    def accept_suggestion(self, actor: Actor = Actor.RUNNER) -> Changes:
        suggestion = self._pending_suggestion()
        return self._stage_event(StageEventKind.ACCEPTED, suggestion.from_stage,
                                 suggestion.to_stage, suggestion.reason, actor)

    def decline_suggestion(self, actor: Actor = Actor.RUNNER, reason: str = "") -> Changes:
        suggestion = self._pending_suggestion()
        why = validate.notes(reason, "reason") or "Not yet."
        return self._stage_event(StageEventKind.DECLINED, suggestion.from_stage,
                                 suggestion.to_stage,
                                 f"Declined: {why} (suggested: {suggestion.reason})", actor)

    def set_stage(self, stage: Stage | int, reason: str, actor: Actor = Actor.PHYSIO) -> Changes:
        """Move the runner to a stage directly (the physio's call)."""
        self.require_profile()
        target = Stage(validate.whole_number("stage", stage, 1, 5))
        why = validate.notes(reason, "reason").strip()
        if not why:
            raise InvalidInput("reason", "Say why the stage changes; it is kept in the history.")
        if target is self.stage:
            raise InvalidInput("stage", f"The runner is already in stage {int(target)}.")
        return self._stage_event(StageEventKind.SET, self.stage, target, why, actor)

    def change_plan(self, key: str, value: object, reason: str, actor: Actor = Actor.PHYSIO
                    ) -> Changes:
        """Change one protocol setting (or the ladder level) for this runner, from today."""
        return self.change_plans({key: value}, reason, actor)

    def change_plans(self, changes: dict[str, object], reason: str,
                     actor: Actor = Actor.PHYSIO) -> Changes:
        """Change several settings at once, from today: all are saved, or none."""
        self.require_profile()
        why = validate.notes(reason, "reason").strip()
        if not why:
            raise InvalidInput("reason", "Say why the plan changes; it is kept in the history.")
        if not changes:
            raise InvalidInput("setting", "Nothing to change: edit a setting first.")
        current = self.protocol
        rows: list[tuple[str, object, object]] = []
        for key, value in changes.items():
            if key == LEVEL_KEY:
                value = validate.whole_number("walk–run level", value, 1, current.top_level)
                rows.append((key, value, self.ladder.level))
            elif key in settings.REGISTRY.keys:
                rows.append((key, value, current.stored(key)))
            else:
                raise InvalidInput("setting", f"'{key}' is not a plan setting.")
        try:
            current.with_overrides({k: v for k, v, _ in rows if k != LEVEL_KEY})
        except ProtocolError as error:
            raise InvalidInput(rows[0][0], str(error)) from None
        day = self.today

        def write(now: str) -> None:
            for key, value, previous in rows:
                self.store.add_plan_change(day, key, value, previous, why, actor, now)
        return self._write(write, Area.PLAN)

    # --- outcome questionnaires (core/outcomes) ------------------------------------------

    def take_questionnaire(self, instrument: InstrumentKey | str,
                           answers: Mapping[str, int | None], notes: str = "",
                           date: dt.date | None = None, replace: bool = False) -> Changes:
        """A questionnaire the runner answered: ``answers`` by item key (PSFS: activity name
        to its rating 0–10; None or left out: not answered), on ``date`` (today if None;
        an earlier day for one answered on paper).

        Refused (``InvalidInput``, nothing saved): an unknown instrument, an answer not
        among an item's, too few answered for a score (the score's reason). One of an
        instrument a day: if one is stored that day, it is refused with ``field`` "replace"
        and a message saying what is stored, unless ``replace`` (then its answers and notes
        are replaced, its id kept)."""
        from core.outcomes import instrument as find
        from core.outcomes import score, validate_answers

        of = find(instrument)
        day = self._day(date)
        clean = validate_answers(of, answers)
        result = score(of, clean)
        if not result.scored:
            raise InvalidInput("answers", f"{result.reason} Nothing was saved.")
        entry = Questionnaire(day, of.key, clean, validate.notes(notes))
        stored = self.questionnaire_on(of.key, day)
        if stored is not None and not validate.flag(replace, "replace"):
            raise InvalidInput("replace", today_card.questionnaire_stored(of, stored))

        def write(now: str) -> None:
            if stored is None:
                self.store.add_questionnaire(entry, now)
            else:
                self.store.replace_questionnaire(stored.id, entry, now)
        return self._write(write, Area.OUTCOMES)

    def delete_questionnaire(self, questionnaire_id: int) -> Changes:
        """Remove a questionnaire taken by mistake."""
        if self.log.questionnaires.get(questionnaire_id) is None:
            raise InvalidInput("questionnaire", f"There is no questionnaire number "
                                                f"{questionnaire_id}.")
        return self._write(lambda now: self.store.delete_questionnaire(questionnaire_id),
                           Area.OUTCOMES)

    def set_instruments(self, instruments: Iterable[InstrumentKey | str]) -> Changes:
        """The questionnaires the physio uses with this runner (any of the four, or none):
        only these fall due. Those taken before stay in the history."""
        from core.outcomes import INSTRUMENTS
        from core.outcomes import instrument as find

        self.require_profile()
        given = [instruments] if isinstance(instruments, str) else list(instruments)
        chosen = {find(key).key for key in given}
        keys = tuple(key.value for key in INSTRUMENTS if key in chosen)
        return self._write(lambda now: self.store.set_instruments(keys), Area.OUTCOMES)

    # --- the discharge: the programme finished, or re-opened ----------------------------

    def discharge(self, date: dt.date | None = None, note: str = "",
                  actor: Actor = Actor.PHYSIO) -> Changes:
        """The physio discharges the runner: the programme finished on ``date`` (today if
        None), with a note (why, what next). The last set of questionnaires falls due on
        it; Today says the programme is finished. Entries made after it are kept and judged
        as before: the rules do not read the discharge. Undone by ``reopen``.

        :raises InvalidInput: field "date" for a day in the future or before the programme
            started; "discharge" if already discharged; "notes" for a note too long or
            with control characters.
        """
        self.require_stage()
        day = self._day(date)
        given = validate.notes(note, "notes").strip()
        actor = validate.choice(Actor, actor, "actor")
        current = self.discharged()
        if current is not None:
            raise InvalidInput("discharge", f"The runner was already discharged on "
                                            f"{current.date.isoformat()}; re-open the "
                                            f"programme first to discharge on another day.")
        entry = Discharge(0, day, given, actor)
        return self._write(lambda now: self.store.add_discharge(entry, now), Area.DISCHARGE)

    def reopen(self) -> Changes:
        """Undo the discharge in force: the programme goes on as before (the discharge
        stays in the history, dated re-opened today).

        :raises InvalidInput: field "discharge" if the runner is not discharged.
        """
        self.require_profile()
        current = self.discharged()
        if current is None:
            raise InvalidInput("discharge", "The runner is not discharged: there is nothing "
                                            "to re-open.")
        day = self.today
        return self._write(lambda now: self.store.reopen(current.id, day, now),
                           Area.DISCHARGE)

    # --- activities from watch files (core/exchange/watch; docs/IMPORT.md) -----------------

    def import_proposal(self, activity: WatchActivity) -> ImportProposal:
        """What a watch activity would be saved as (core/exchange/watch/match.py): a
        walk–run at the level prescribed that day, a run, cross-training, or a DUPLICATE
        or SKIP proposal whose ``reason`` says why nothing would be saved. Saves nothing."""
        from core.exchange.watch.match import ImportKind, ImportProposal, propose

        duplicate = self._imported_duplicate(activity)
        if duplicate is not None:
            return ImportProposal(activity, ImportKind.DUPLICATE, activity.date, duplicate)
        return propose(activity, self)

    def save_import(self, proposal: ImportProposal) -> Changes:
        """Save a proposal, as the runner confirmed or changed it, through ``log_walk_run``,
        ``log_run`` or ``log_cross_training``, and remember the activity it came from, in
        one transaction. Pain during and effort may be None: not known yet (the walk–run
        then decides nothing until ``add_pain_during``).

        :raises InvalidInput: field "duplicate" if the activity is already in the file;
            "import" for a proposal that saves nothing; any field the log action refuses.
        """
        from core.exchange.watch.match import ImportKind

        activity = proposal.activity
        if not proposal.saved:
            raise InvalidInput("import", f"Nothing to save: {proposal.reason}.")
        duplicate = self._imported_duplicate(activity)
        if duplicate is not None:
            raise InvalidInput("duplicate", f"Not imported again: {duplicate}.")
        entry = proposal.entry()
        day = proposal.date
        before = {session.id for session in self.log.sessions.between(day, day)}
        try:
            with self.store.transaction():
                if proposal.kind is ImportKind.WALK_RUN and isinstance(entry, WalkRunEntry):
                    changes = self._log_walk_run(entry, imported=True)
                elif proposal.kind is ImportKind.RUN and isinstance(entry, RunEntry):
                    changes = self._log_run(entry, imported=True)
                elif isinstance(entry, CrossTrainingEntry):
                    changes = self._log_cross_training(entry, imported=True)
                else:
                    raise InvalidInput("import", f"A {proposal.kind.value} proposal cannot "
                                                 f"be saved.")
                session_id = max(s.id for s in self.log.sessions.between(day, day)
                                 if s.id not in before)
                mark = activity.fingerprint
                self.store.add_imported(session_id, mark.content_sha256, mark.start_utc,
                                        mark.seconds, mark.distance_m,
                                        activity.sport.value, activity.source, self._now())
        except BaseException:
            self.store.take_touched()
            self._invalidate()  # whatever was rolled back, read the file again
            raise
        return self._with_step(changes)

    def add_pain_during(self, session_id: int, pain_during: int, effort: int | None = None,
                        limp: bool = False, swelling: bool = False) -> Changes:
        """Add what the watch could not know to a session imported without it: pain
        during, and effort, a limp or swelling. A walk–run then decides as usual."""
        session = self.log.session(session_id)
        if session is None:
            raise InvalidInput("session", f"There is no session number {session_id}.")
        if session.pain_during is not None:
            raise InvalidInput("session", f"Session {session_id} already has its pain during "
                                          f"({session.pain_during}/10).")
        fields: dict[str, Any] = {"pain_during": validate.pain(pain_during, "pain during"),
                                  "limp": validate.flag(limp, "limp"),
                                  "swelling": validate.flag(swelling, "swelling")}
        if effort is not None or session.effort is None:
            fields["effort"] = None if effort is None else validate.effort(effort)
        return self._write(lambda now: self.store.update_session(session_id, fields),
                           Area.SESSIONS)

    def imported_count(self) -> int:
        """How many sessions in the file came from watch files."""
        return self.store.imported_count()

    def _imported_duplicate(self, activity: WatchActivity) -> str | None:
        """Why ``activity`` is already in the file (the same file, or the same activity from
        another source), or None."""
        from core.exchange.watch.activity import Fingerprint

        mine = activity.fingerprint
        for row in self.store.imported_near(mine.content_sha256, mine.start_utc, 60):
            theirs = Fingerprint(row["content_sha256"], dt.datetime.fromisoformat(
                row["start_utc"]), row["seconds"], row["distance_m"])
            if not mine.same_activity(theirs):
                continue
            session = self.log.session(row["session_id"])
            what = (f"the {session.kind.value.replace('_', '–')} of {session.date.isoformat()}"
                    if session is not None else "a session")
            how = ("the same file" if theirs.content_sha256 == mine.content_sha256
                   else f"the same activity as {row['source']}")
            return f"already imported ({how}) as {what}"
        return None

    # --- helpers -------------------------------------------------------------------------

    def _day(self, date: dt.date | None) -> dt.date:
        self.require_profile()
        day = self.today if date is None else date
        return validate.day(day, self.today, self.require_profile().start_date)

    def _pending_suggestion(self) -> stages.Suggestion:
        suggestion = self.suggestion()
        if suggestion is None:
            raise InvalidInput("stage", "There is no stage move to confirm right now.")
        return suggestion

    def _stage_event(self, kind: StageEventKind, from_stage: Stage | None, to_stage: Stage,
                     reason: str, actor: Actor) -> Changes:
        """Record a stage event; back from stage 5 to the ladder, the runner re-enters it
        a set number of levels below the top (dated and explained in the plan history)."""
        day = self.today
        reentry = None
        if (kind in (StageEventKind.ACCEPTED, StageEventKind.SET)
                and from_stage is Stage.PERFORMANCE and to_stage is Stage.RETURN_TO_RUN):
            protocol = self.plan.on(day)
            below = protocol.walk_run.levels_below_top_after_stage_5
            level = max(1, protocol.top_level - below)
            reentry = (level, f"Back from stage {int(Stage.PERFORMANCE)}: the ladder resumes "
                              f"{below} level{'s' * (below != 1)} below the top, at level "
                              f"{level}.")

        def write(now: str) -> None:
            self.store.add_stage_event(day, kind, from_stage, to_stage, reason, actor, now)
            if reentry is not None:
                self.store.add_plan_change(day, LEVEL_KEY, reentry[0], self.ladder.level,
                                           reentry[1], Actor.APP, now)
        return self._write(write, Area.STAGE, *((Area.PLAN,) if reentry else ()))

    def _write(self, write: Callable[[str], object], *areas: Area, name: str = ""
               ) -> Changes:
        """Run one action's writes, then record a stage suggestion it makes newly true.

        The in-memory log takes in only the rows written, so an action costs the same with
        a week or ten years of history. The Changes carry the step that undoes it (named
        ``name``, or after the rows written: ``today_card.step_name``).
        """
        self.log  # noqa: B018 - a read under way ends first: the write lands on the whole log
        now = self._now()
        try:
            with self.store.transaction():
                write(now)
                self._apply(self.store.take_touched())
                notice = self._record_suggestion(now)
        except BaseException:
            self.store.take_touched()
            self._invalidate()  # whatever was rolled back, read the file again
            raise
        if notice:
            return self._with_step(Changes(frozenset((*areas, Area.STAGE)), notice), name)
        return self._with_step(Changes(frozenset(areas)), name)

    # --- undo and redo (core/changes.py Step) --------------------------------------------

    def undo(self, step: Step) -> Changes:
        """Put every row ``step`` wrote back as it was before it, in one transaction; the
        decisions and views recompute. Steps are undone newest first: one whose rows were
        changed since by another action is refused (``InvalidInput`` "undo"), nothing
        changed."""
        return self._put_back(step, undo=True)

    def redo(self, step: Step) -> Changes:
        """Write ``step``'s rows again as it left them (after an ``undo``)."""
        return self._put_back(step, undo=False)

    @contextlib.contextmanager
    def recording(self) -> Iterator[list[Step]]:
        """The steps of the actions done in the ``with`` block, in order (the window
        makes them one step to undo: ``joined``)."""
        outer, self._recorded = self._recorded, []
        try:
            yield self._recorded
        finally:
            done, self._recorded = self._recorded, outer
            if outer is not None:
                outer.extend(done)

    @staticmethod
    def joined(steps: list[Step]) -> Step | None:
        """Several steps done one after the other as one (an import of several files)."""
        if len(steps) <= 1:
            return steps[0] if steps else None
        rows = steps[0].rows
        for later in steps[1:]:
            rows = Step(rows, frozenset(), "").after_then(later)
        areas = frozenset().union(*(step.areas for step in steps))
        return Step(rows, areas, today_card.step_name(rows))

    def _with_step(self, changes: Changes, name: str = "") -> Changes:
        """``changes`` with the step of the action just committed (none if it wrote
        nothing, or if it was part of a larger action still under way)."""
        rows = self.store.take_written()
        if not rows:
            return changes
        step = Step(rows, changes.areas, name or today_card.step_name(rows))
        if self._recorded is not None:
            self._recorded.append(step)
        return dataclasses.replace(changes, step=step)

    def _put_back(self, step: Step, undo: bool) -> Changes:
        self.log  # noqa: B018 - a read under way ends first
        if self.store.rows_differing(step.rows, undo):
            raise InvalidInput("undo", today_card.step_out_of_date(step.name, undo))
        try:
            with self.store.transaction():
                self.store.put_rows(step.rows, undo)
                self._apply(self.store.take_touched())
        except BaseException:
            self.store.take_touched()
            self._invalidate()
            raise
        self.store.take_written()
        return Changes(step.areas)

    def _apply(self, touched: list[tuple[str, object]]) -> None:
        """Bring the cached log up to date with rows just written."""
        self._views.clear()
        if self._log is None:
            return
        old = self._log
        self._log = self.store.refreshed(old, touched)
        self._weeks.changed(old, self._log, touched)
        self._recent.changed(old, self._log, touched)
        if self._charts is not None:
            self._charts.changed(old, self._log, touched)
        if any(field == "plan_changes" for field, _ in touched):
            self._plan = None
        if self._derived is not None:
            if _changes_decisions(old, self._log, touched):
                self._derived = None
            else:  # the new log's ladder is the one kept (the load rules read it)
                kept_ladder(self._log, *self._derived)

    def _record_suggestion(self, now: str) -> str:
        suggestion = self.suggestion()
        if suggestion is None:
            return ""
        since = stages.evidence_since(self.log)
        already = any(e.kind is StageEventKind.SUGGESTED and e.to_stage == suggestion.to_stage
                      and (since is None or e.date >= since) for e in self.log.stage_events)
        if already:
            return ""
        self.store.add_stage_event(self.today, StageEventKind.SUGGESTED, suggestion.from_stage,
                                   suggestion.to_stage, suggestion.reason, Actor.APP, now)
        self._apply(self.store.take_touched())
        verb = "Move on" if suggestion.forward else "Step back"
        return f"{verb} to stage {int(suggestion.to_stage)}? {suggestion.reason}"


def _entry(kind: type[E], args: tuple[Any, ...], fields: dict[str, Any]) -> E:
    """The entry an action was given: the ``kind`` value itself, or one built from its
    fields (positional or by name). An entry and fields at once is a ``TypeError``."""
    if any(isinstance(arg, kind) for arg in args):
        if len(args) == 1 and not fields:
            return args[0]
        raise TypeError(f"Give a {kind.__name__} or its fields, not both.")
    return kind(*args, **fields)


def _load(given: RunEntry | CrossTrainingEntry, imported: bool = False) -> dict[str, Any]:
    """A session's minutes, effort and pain during, validated (its load and its pain)."""
    return {"minutes": validate.minutes(given.minutes), **_pain_and_effort(given, imported)}


def _pain_and_effort(given: WalkRunEntry | RunEntry | CrossTrainingEntry, imported: bool
                     ) -> dict[str, int | None]:
    """Pain during and effort, validated. A session imported from a watch file may leave
    either unknown (None: the watch cannot know them) until the runner adds them
    (``Runback.add_pain_during``); typed in, both are required."""
    if imported:
        return {"pain_during": validate.optional_pain(given.pain_during, "pain during"),
                "effort": None if given.effort is None else validate.effort(given.effort)}
    return {"pain_during": validate.pain(given.pain_during, "pain during"),
            "effort": validate.effort(given.effort)}


def _changes_decisions(old: Log, new: Log, touched: list[tuple[str, object]]) -> bool:
    """Whether walk–run decisions may differ: they read walk–run sessions, check-ins,
    the plan and the stage periods (walk–runs before stage 4 move nothing), nothing else."""
    for field, key in touched:
        if field in ("check_ins", "plan_changes", "profile", "stage_events"):
            return True
        if field == "sessions" and isinstance(key, int):
            kinds = {s.kind for s in (old.session(key), new.session(key)) if s is not None}
            if SessionKind.WALK_RUN in kinds:
                return True
    return False


# A surgery date further back is a typing slip (the return to run counts weeks from it).
SURGERY_YEARS_BACK = 5


def _surgery_date(problem: KneeProblem, value: object, today: dt.date) -> dt.date | None:
    """The surgery date: required after knee surgery, refused for any other knee problem."""
    if problem is not KneeProblem.AFTER_SURGERY:
        if value is not None:
            raise InvalidInput("surgery date", "A surgery date goes with the knee problem "
                                               f"'{KneeProblem.AFTER_SURGERY.label}'; choose "
                                               "it, or leave the date out.")
        return None
    if value is None:
        raise InvalidInput("surgery date", "Give the date of your knee surgery: the return "
                                           "to running counts the weeks from it.")
    return validate.recent_day(value, today, SURGERY_YEARS_BACK, "surgery date")


def _replace_flag(value: object) -> bool | None:
    return None if value is None else validate.flag(value, "replace")


def _optional_flag(value: object, field: str) -> bool | None:
    return None if value is None else validate.flag(value, field)

