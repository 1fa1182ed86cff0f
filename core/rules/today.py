"""Today's prescription: the first thing the runner sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Actor, Log, RunType, SessionKind, Stage, Verdict
from core.rules import metrics, spikes, surgery
from core.rules.plan import LEVEL_KEY, Plan
from core.rules.protocol import Level, Protocol
from core.rules.stages import Suggestion, evidence_since, readiness_status
from core.rules.walkrun import Decision, LadderState, prescribe

ONE_DAY = dt.timedelta(days=1)
SIX_DAYS = dt.timedelta(days=6)


@dataclass(frozen=True)
class Today:
    date: dt.date
    stage: Stage
    headline: str  # e.g. "Walk–run level 3: 3 min run / 2 min walk × 5"
    details: tuple[str, ...]  # why, and what else is due
    check_in_owed: str | None
    last_decision: Decision | None
    suggestion: Suggestion | None
    flags: tuple[str, ...]
    walk_run_level: int


def cross_training_minutes(log: Log, protocol: Protocol) -> tuple[int, str]:
    """Suggested cross-training minutes: more after an easy session, fewer after a painful one."""
    start = protocol.calm.cross_training_start_minutes
    sessions = log.sessions_of(SessionKind.CROSS_TRAINING)
    if not sessions:
        return start, f"{start} min to start with"
    last = sessions[-1]
    low, high = (protocol.calm.cross_training_min_minutes,
                 protocol.calm.cross_training_max_minutes)
    pain = last.pain_during or 0
    if pain > protocol.pain.threshold:
        cut = protocol.calm.cross_training_cut_percent / 100
        minutes = max(low, round(last.minutes * (1 - cut)))
        return minutes, (f"cut back from {last.minutes:g} min: pain reached {pain}/10 "
                         f"last time")
    minutes = min(high, round(last.minutes) + protocol.calm.cross_training_step_minutes)
    return minutes, f"last session {last.minutes:g} min at {pain}/10 pain"


def strength_done_this_week(log: Log, today: dt.date) -> int:
    week = metrics.monday(today)
    return sum(1 for s in log.sessions_of(SessionKind.STRENGTH).between(week, week + SIX_DAYS)
               if s.strength_complete)


def strength_due(log: Log, protocol: Protocol, today: dt.date) -> str | None:
    done = strength_done_this_week(log, today)
    planned = protocol.strength.sessions_per_week
    if done >= planned:
        return None
    today_sessions = log.sessions_of(SessionKind.STRENGTH).between(today, today)
    if any(s.strength_complete for s in today_sessions):
        return None
    return f"Strength session due: {done} of {planned} done this week."


def build(log: Log, plan: Plan, ladder: LadderState, stage: Stage,
          suggestion: Suggestion | None, today: dt.date) -> Today:
    protocol = plan.on(today)
    details: list[str] = []
    run_plan = prescribe(ladder, protocol, today)
    strength = strength_due(log, protocol, today) if stage >= Stage.STRENGTH else None

    if stage is Stage.CALM:
        minutes, why = cross_training_minutes(log, protocol)
        headline = f"Cross-training: {minutes} min easy (bike, swim or walk)"
        details += [f"Suggested minutes: {why}.",
                    f"Keep knee pain at {protocol.pain.threshold}/10 or less; no running while "
                    f"the pain settles. Relative rest, not inactivity."]
    elif stage is Stage.STRENGTH:
        done = strength_done_this_week(log, today)
        planned = protocol.strength.sessions_per_week
        if strength:
            headline = strength.split(":")[0]
        elif done < planned:  # done today (one a day), the week's target not met yet
            headline = f"Strength session done today: {done} of {planned} this week"
        else:
            headline = "Strength: this week's sessions done"
        minutes, why = cross_training_minutes(log, protocol)
        details.append(f"Cross-training if you like: {minutes} min ({why}).")
    elif stage is Stage.MECHANICS:
        headline, more = _mechanics(log, protocol, today)
        details += more
    elif stage is Stage.RETURN_TO_RUN:
        if _ran_today(log, today):
            headline = "Walk–run done today: check in tomorrow morning"
        elif run_plan.stop:
            headline = "Stop: rest, no walk–run today"
        elif run_plan.check_in_first:
            headline = "Check in first: no new walk–run until the next-morning pain is in"
        elif run_plan.run_today:
            headline = protocol.level(run_plan.level).describe()
        else:
            headline = "Rest day: no run today"
        details.append(run_plan.reason)
        effort = (protocol.walk_run.effort_min, protocol.walk_run.effort_max)
        details.append(f"Flat ground, easy effort {effort[0]}–{effort[1]}/10; stop if you limp "
                       f"or the knee swells.")
    else:
        headline, more = _performance(log, plan, today)
        details += more
    if stage < Stage.RETURN_TO_RUN:
        details += _runs_not_in_plan(log, stage, today)
    details += _recent_plan_change(plan, today)
    if strength and stage is not Stage.STRENGTH:
        details.append(strength)
    elif strength:
        details.insert(0, strength)

    decisions = [d for d in ladder.decisions if d.verdict is not Verdict.PENDING]
    loads = metrics.load_weeks(log, plan, [metrics.monday(today)], today)
    flags = loads[0].flags if stage >= Stage.RETURN_TO_RUN else ()
    return Today(today, stage, headline, tuple(details), _check_in_owed(log, ladder, today),
                 decisions[-1] if decisions else None, suggestion, flags, run_plan.level)


def runs_not_in_plan(stage: Stage) -> str | None:
    """The warning for a run logged before the plan has runs (one wording: the form, the
    notice after saving and Today all use it)."""
    if stage >= Stage.RETURN_TO_RUN:
        return None
    first = int(Stage.RETURN_TO_RUN)
    if stage is Stage.MECHANICS:
        return (f"Your plan has no walk–runs before stage {first}: in stage {int(stage)} runs "
                f"are short cadence drills. Runs are kept and charted but move nothing; ask "
                f"your physio before running more.")
    return (f"Your plan has no runs yet (stage {int(stage)}; walk–runs start in stage "
            f"{first}). Runs are kept and charted but move nothing; ask your physio before "
            f"running.")


def _runs_not_in_plan(log: Log, stage: Stage, today: dt.date) -> list[str]:
    """Today in stages 1–3 after a run logged in the last week: the same warning."""
    recent = log.sessions.latest((SessionKind.WALK_RUN, SessionKind.RUN), 1)
    if not recent or (today - recent[-1].date).days > 6:
        return []
    if stage is Stage.MECHANICS and recent[-1].kind is SessionKind.RUN:
        return []  # mechanics runs are stage 3's own
    return [runs_not_in_plan(stage) or ""]


# How long Today keeps telling the runner about a physio's change to their plan.
PLAN_CHANGE_SHOWN_DAYS = 7


def _recent_plan_change(plan: Plan, today: dt.date) -> list[str]:
    """After a physio's change, Today says so with its reason (a level placement says it
    in the walk–run reason already)."""
    recent = [c for c in plan.changes if c.key != LEVEL_KEY
              and 0 <= (today - c.date).days < PLAN_CHANGE_SHOWN_DAYS]
    if not recent:
        return []
    latest = recent[-1]
    who = "Your physio" if latest.actor is Actor.PHYSIO else "Runback"
    return [f"{who} changed your plan on {latest.date.isoformat()}: {latest.reason}"]


@dataclass(frozen=True)
class WalkRunToday:
    """The walk–run to do today, if any (what a watch workout is made of), else why not."""

    level: Level | None
    reason: str  # why there is none; with a level, why this one (the ladder's words)


def walk_run_today(log: Log, ladder: LadderState, stage: Stage | None, protocol: Protocol,
                   today: dt.date) -> WalkRunToday:
    """Today's walk–run as Today prescribes it: in stage 4, on a walk–run day, none done
    yet. Otherwise no level, and the reason in the runner's words (the plan's own on a rest
    day, after a stop sign, or while a check-in is owed)."""
    if stage is None:
        return WalkRunToday(None, "No runner in this file yet: finish the first-run setup "
                                  "first.")
    if stage < Stage.RETURN_TO_RUN:
        return WalkRunToday(None, f"No walk–run today: walk–runs start in stage "
                                  f"{int(Stage.RETURN_TO_RUN)}, and you are in stage "
                                  f"{int(stage)} ({stage.title}).")
    if stage > Stage.RETURN_TO_RUN:
        return WalkRunToday(None, f"No walk–run today: you have finished the ladder and are "
                                  f"in stage {int(stage)} ({stage.title}).")
    if _ran_today(log, today):
        return WalkRunToday(None, "Walk–run done today: check in tomorrow morning.")
    plan = prescribe(ladder, protocol, today)
    if not plan.run_today:
        return WalkRunToday(None, plan.reason)
    return WalkRunToday(protocol.level(plan.level), plan.reason)


def _ran_today(log: Log, today: dt.date) -> bool:
    return bool(log.sessions_of(SessionKind.WALK_RUN).between(today, today))


def _check_in_owed(log: Log, ladder: LadderState, today: dt.date) -> str | None:
    yesterday = today - ONE_DAY
    late = [ladder.pending] if (ladder.pending is not None
                                and ladder.pending.date + ONE_DAY < today) else []
    if log.pain_on(today) is None:
        if any(s.is_running for s in log.sessions.between(yesterday, yesterday)):
            return ("Next-morning check-in: how is your knee this morning (0–10)? It decides "
                    "yesterday's run.")
        return "Daily check-in: how is your knee now (0–10)?"
    if late:
        day = late[-1].date + ONE_DAY
        return (f"Missing next-morning pain for the walk–run of {late[-1].date.isoformat()}: "
                f"add a check-in for {day.isoformat()} to get its decision.")
    return None


def _mechanics(log: Log, protocol: Protocol, today: dt.date) -> tuple[str, list[str]]:
    baseline = metrics.cadence_baseline_on(log, today)
    details = ["Cues: land under your body (no overstriding); keep your trunk tall and steady."]
    if baseline is None:
        headline = "Record your baseline cadence (steps per minute) on an easy run"
    else:
        low, high = metrics.cadence_band(baseline, protocol)
        headline = f"Easy short run or drills at {low:.0f}–{high:.0f} steps/min"
        details.insert(0, f"Baseline {baseline} steps/min; target +"
                          f"{protocol.mechanics.cadence_rise_min_percent:g} to +"
                          f"{protocol.mechanics.cadence_rise_max_percent:g}%.")
    status = readiness_status(log, evidence_since(log), protocol.pain.threshold)
    left = [test.label for test, passed in status.items() if not passed]
    if left:
        details.append("Readiness checks to pass (pain ≤ "
                       f"{protocol.pain.threshold}/10): " + "; ".join(left) + ".")
    waiting = [c for c in surgery.gate(log, protocol, evidence_since(log), today) if not c.met]
    if waiting:  # after knee surgery the move to stage 4 also needs these (Rambaud 2018)
        details.append("After surgery, still to meet before running: "
                       + "; ".join(c.describe() for c in waiting) + ".")
    return headline, details


def _performance(log: Log, plan: Plan, today: dt.date) -> tuple[str, list[str]]:
    protocol = plan.on(today)
    week = metrics.monday(today)
    loads = metrics.load_weeks(log, plan, [week - metrics.WEEK, week], today)
    growth = protocol.performance.weekly_load_growth_percent
    # The spike guard's ceiling first: the primary load rule (Frandsen 2025). The walk–run
    # ladder's own steps are exempt by design (the physio's plan); its largest step in
    # total running, 14 × 2 = 28 → 30 min, is +7 %, within the ceiling anyway.
    longest_run = spikes.run_ceiling(log, today, protocol)
    if longest_run is None:
        window = protocol.load.spike_window_days
        details = [f"No run in the last {window} days: start short and easy, and ask your "
                   f"physio how long."]
    else:
        details = [f"Longest run today: at most {longest_run.minutes:g} min "
                   f"({longest_run.percent:g} % of your longest in {longest_run.window_days} "
                   f"days, {longest_run.longest:g} min on "
                   f"{longest_run.longest_date.isoformat()})."]
    if loads[0].load:
        ceiling = loads[0].load * (1 + growth / 100)
        details.append(f"Weekly load so far {loads[1].load:.0f} of at most {ceiling:.0f} "
                       f"(last week {loads[0].load:.0f} + {growth:g}%).")
    next_type = next_quality_session(log, protocol, since=evidence_since(log))
    if next_type is None:
        headline = "Build performance: easy runs, long runs, hills and speed all back"
    else:
        headline = f"Build performance: easy running; next to bring back: {next_type.value}"
    headline, details = _with_symmetry_hold(log, protocol, next_type, headline, details)
    details.append("Mobility for hips and ankles: " +
                   ", ".join(protocol.performance.mobility_drills) + ".")
    return headline, details


def next_quality_session(log: Log, protocol: Protocol, since: dt.date | None) -> RunType | None:
    """The next run type to bring back, once the one before was done comfortably enough;
    after knee surgery, speed and hills wait for limb symmetry (``_waiting_for_symmetry``)."""
    needed = protocol.performance.sessions_before_next
    waiting = _waiting_for_symmetry(log, protocol, since)
    return next((run_type for run_type, count in _comfortable_runs(log, protocol, since).items()
                 if count < needed and run_type not in waiting), None)


def run_types_back(log: Log, protocol: Protocol, since: dt.date | None) -> int:
    """How many of the run types to bring back are back (done comfortably often enough)."""
    needed = protocol.performance.sessions_before_next
    return sum(count >= needed for count in _comfortable_runs(log, protocol, since).values())


def _comfortable_runs(log: Log, protocol: Protocol, since: dt.date | None
                      ) -> dict[RunType, int]:
    """Each run type to bring back, with its runs done at pain within the threshold (counted
    up to the number needed)."""
    needed = protocol.performance.sessions_before_next
    comfortable = dict.fromkeys(protocol.reintroduce, 0)
    runs = log.sessions_of(SessionKind.RUN)
    for s in runs if since is None else runs.since(since):
        if min(comfortable.values(), default=needed) >= needed:
            break  # all back: later runs cannot change the answer
        if s.run_type in comfortable and (s.pain_during or 0) <= protocol.pain.threshold:
            comfortable[s.run_type] += 1
    return comfortable


def _waiting_for_symmetry(log: Log, protocol: Protocol, since: dt.date | None
                          ) -> tuple[RunType, ...]:
    """The quality run types not yet back that wait, after knee surgery, until quadriceps
    and hop limb symmetry reach the return-to-sport level (Kyritsis 2016, core/rules/surgery.py)."""
    if surgery.symmetry_short(log, protocol) is None:
        return ()
    needed = protocol.performance.sessions_before_next
    counts = _comfortable_runs(log, protocol, since)
    return tuple(run_type for run_type in surgery.HELD_RUN_TYPES
                 if run_type in counts and counts[run_type] < needed)


def _with_symmetry_hold(log: Log, protocol: Protocol, next_type: RunType | None,
                        headline: str, details: list[str]) -> tuple[str, list[str]]:
    """Stage 5's headline and details, saying which quality sessions wait for limb symmetry
    after knee surgery, and why."""
    waiting = _waiting_for_symmetry(log, protocol, evidence_since(log))
    if not waiting:
        return headline, details
    names = " and ".join(run_type.value for run_type in waiting)
    if next_type is None:
        headline = f"Build performance: easy running; {names} wait for limb symmetry"
    needed = protocol.surgery.symmetry_performance_percent
    return headline, [*details, (
        f"{names.capitalize()} wait until quadriceps and single-leg hop symmetry both reach "
        f"{needed:g} % (latest: {surgery.symmetry_short(log, protocol)}); ask your physio to "
        f"measure them again.")]
