"""What Today shows, as plain text: the Today tab, the check-in prompt and the stage tabs'
labels. The one place that turns Today into words; the window only sets them on labels. A
card holds only strings, numbers and flags.

Also the words every view shares for a decision, a stage event and who made a change: a
verdict reads the same on Today, the Return-to-run tab and the physio's history, and no
view keeps a table of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from core.changes import RowChange
from core.model import (
    Actor,
    CheckIn,
    Discharge,
    PlanChange,
    Questionnaire,
    SessionKind,
    Stage,
    StageEvent,
    StageEventKind,
    Verdict,
)
from core.rules import glance, metrics, settings
from core.rules.declare import ListSetting, Setting
from core.rules.plan import LEVEL_KEY
from core.rules.walkrun import Decision
from core.views import RunnerView

if TYPE_CHECKING:  # imported when a questionnaire is shown: Today does not need scoring
    from core.outcomes import Instrument, Scored

SHORT_TITLES = {Stage.CALM: "Calm", Stage.STRENGTH: "Strength", Stage.MECHANICS: "Mechanics",
                Stage.RETURN_TO_RUN: "Return to run", Stage.PERFORMANCE: "Performance"}
VERDICT_WORDS = {Verdict.ADVANCE: "Move up", Verdict.REPEAT: "Repeat the level",
                 Verdict.STEP_BACK: "Step back", Verdict.PENDING: "Waiting for tomorrow",
                 Verdict.NOT_COUNTED: "Not counted"}
EVENT_WORDS = {StageEventKind.START: "Start", StageEventKind.SUGGESTED: "Suggested",
               StageEventKind.ACCEPTED: "Accepted", StageEventKind.DECLINED: "Declined",
               StageEventKind.SET: "Set"}
ACTOR_WORDS = {Actor.RUNNER: "Runner", Actor.PHYSIO: "Physio", Actor.APP: "App"}


def verdict_words(decision: Decision) -> str:
    """A decision's verdict in a few words (the top level passed reads "Ladder complete")."""
    return "Ladder complete" if decision.ladder_complete else VERDICT_WORDS[decision.verdict]


def decision_row(decision: Decision) -> tuple[str, str, str, str]:
    """A row of a decisions table: the session's date, its level, the verdict, why."""
    return (decision.date.isoformat(), str(decision.level), verdict_words(decision),
            decision.reason)


def stage_event_row(event: StageEvent) -> tuple[str, str, str, str, str]:
    """A row of the stage history: date, event, the move, who, why."""
    move = (f"{int(event.from_stage)} → {int(event.to_stage)}" if event.from_stage else
            f"start at {int(event.to_stage)}")
    return (event.date.isoformat(), EVENT_WORDS[event.kind], move, ACTOR_WORDS[event.actor],
            event.reason)


# Plan keys that are not protocol settings, with their labels.
OTHER_PLAN_KEYS = {LEVEL_KEY: "Walk–run level"}


def setting_label(key: str) -> str:
    """A plan change's setting as the physio reads it: its declared label."""
    declared = settings.REGISTRY.find(key)
    if declared is not None:
        return declared.label
    return OTHER_PLAN_KEYS.get(key) or key.partition(".")[2].replace("_", " ").capitalize()


def describe_value(key: str, value: object) -> str:
    """A plan change's value in a few words (lists are summarised)."""
    declared = settings.REGISTRY.find(key)
    if key == "strength.exercises" and isinstance(value, list):
        names = [str(e.get("name", "?")) + exercise_marks(e) for e in value
                 if isinstance(e, dict)]
        return f"{len(names)} exercises: " + ", ".join(names)
    if isinstance(declared, ListSetting) and isinstance(value, list):
        return declared.describe(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        value = f"{value:g}"
    return f"{value}{declared.suffix if isinstance(declared, Setting) else ''}"


def exercise_marks(exercise: dict) -> str:
    """What a programme entry carries beyond its name and dose, in the plan history:
    " (harder form, own how-to)"."""
    variant = exercise.get("variant", "standard")
    marks = [] if variant == "standard" else [f"{variant} form"]
    marks += ["own how-to"] if exercise.get("how_to") else []
    return f" ({', '.join(marks)})" if marks else ""


def plan_change_row(change: PlanChange) -> tuple[str, str, str, str, str]:
    """A row of the plan history: date, setting, who, the new value, why."""
    return (change.date.isoformat(), setting_label(change.key), ACTOR_WORDS[change.actor],
            describe_value(change.key, change.value), change.reason)


# --- outcome questionnaires: the words of a history row and of a questionnaire stored ---------

BASELINE_WORDS = "first score: the baseline"


def questionnaire_row(instrument: Instrument, scored: Scored) -> tuple[str, str, str]:
    """A row of an instrument's history: the date, the score (or why there is none), and
    the change from the first score ("+12 since the first: improved (10 or more
    matters)")."""
    result = scored.score
    shown = ("no score" if result.value is None
             else f"{instrument.shown(result.value)} of {instrument.high:g}")
    if scored.baseline:
        change = BASELINE_WORDS
    elif scored.change is not None:
        change = scored.change.describe(instrument)
    else:
        change = result.reason
    return scored.date.isoformat(), shown, change


def answers_in_words(instrument: Instrument, answers: dict[str, int]) -> str:
    """Stored answers, short: "Limping: 3; Stairs: 8; …" (PSFS: "Stairs: 4; Running 5 km:
    6"). Semicolons: an item's label may hold a comma."""
    def label(key: str) -> str:
        item = instrument.item(key)
        return key if item is None else item.label
    return "; ".join(f"{label(key)}: {points}" for key, points in answers.items())


def questionnaire_stored(instrument: Instrument, stored: Questionnaire) -> str:
    """Why a second questionnaire of one instrument on one day is refused: what is stored,
    so the window can ask whether to replace it."""
    from core.outcomes import score

    result = score(instrument, stored.answers)
    value = ("no score" if result.value is None
             else f"score {instrument.shown(result.value)} of {instrument.high:g}")
    notes = f" Notes: “{stored.notes}”." if stored.notes else ""
    return (f"The {instrument.short_name} of {stored.date.isoformat()} is already stored: "
            f"{value} ({answers_in_words(instrument, stored.answers)}).{notes} One a day is "
            f"kept: replace it with these answers, or keep it.")


def questionnaire_saved(instrument: Instrument, scored: Scored) -> str:
    """What the runner reads once a questionnaire is saved: "AKPS of 2026-03-02 saved:
    78 of 100, +12 since the first: improved (10 or more matters)."."""
    day, shown, change = questionnaire_row(instrument, scored)
    return f"{instrument.short_name} of {day} saved: {shown}, {change}."


def card(view: RunnerView) -> dict:
    """Today of ``view``: the window's frame, Today and the check-in."""
    new = view.needs_setup
    return {**frame(view), "day": view.today.isoformat(),
            "today": _welcome() if new else _today(view, view.require_stage()),
            "check_in": None if new else check_in(view)}


def frame(view: RunnerView) -> dict:
    """The window's title and the stage tabs' labels (cheap: no views are computed)."""
    stage = None if view.needs_setup else view.stage
    path = view.path
    return {"title": f"Runback — {path.name}" if path else "Runback",
            "tabs": tab_labels(stage),
            "stage": None if stage is None else int(stage)}


def tab_labels(current: Stage | None) -> list[list[str]]:
    """Each stage tab's text and tooltip; the current stage is marked."""
    labels = []
    for stage in Stage:
        mark = stage is current
        labels.append([f"{'▶ ' if mark else ''}{int(stage)} {SHORT_TITLES[stage]}",
                       f"Stage {int(stage)}: {stage.title}"
                       + (" (your current stage)" if mark else "")])
    return labels


def _welcome() -> dict:
    return {"setup": True,
            "stage_label": "Welcome to Runback.",
            "headline": "Answer five questions to place you in the programme",
            "details": "Runback asks about your knee, how it feels now and whether a 30-minute "
                       "walk is pain-free, then shows what to do today.",
            "discharged": None,
            "verdict": "", "decision": "No walk–run sessions yet.", "show_decision": True,
            "suggestion": None, "accept": "", "week": "",
            "light": None, "light_words": "", "why": "", "standing": None, "days": []}


def discharged_words(discharge: Discharge) -> str:
    """What Today says once the physio has discharged the runner: finished, on which day,
    the physio's note, and that entries are still kept (the rules judge them as before)."""
    note = discharge.note
    if note:
        note = f" Your physio's note: “{note}”{'' if note[-1] in '.!?' else '.'}"
    return (f"Programme finished: your physio discharged you on "
            f"{discharge.date.isoformat()}.{note} You can still check in and log sessions: "
            f"each is kept and judged as before.")


def _today(view: RunnerView, stage: Stage) -> dict:
    today = view.today_view()
    suggestion = today.suggestion
    verb = ("Move on to" if suggestion.forward else "Go back to") if suggestion else ""
    target = suggestion.to_stage if suggestion else None
    discharge = view.discharged()
    stage_label = f"Stage {int(stage)} of 5: {stage.title}"
    details = [f"• {line}" for line in today.details]
    if discharge is not None:
        stage_label = f"Programme finished on {discharge.date.isoformat()} · {stage_label}"
        details.insert(0, discharged_words(discharge))
    return {"setup": False,
            "stage_label": stage_label,
            "discharged": None if discharge is None else discharge.date.isoformat(),
            "headline": today.headline,
            "details": "\n".join(details),
            "verdict": _verdict(today.last_decision),
            "decision": _decision(today.last_decision),
            "show_decision": today.last_decision is not None or stage >= Stage.RETURN_TO_RUN,
            "suggestion": None if suggestion is None or target is None else (
                f"<b>{verb} stage {int(target)}: {target.title}?</b><br>"
                f"{suggestion.reason}<br>You or your physio decide."),
            "accept": "" if target is None else f"{verb} stage {int(target)}",
            "week": _week(view, today.flags, stage),
            **_glance(view, today, stage)}


LIGHT_WORDS = {glance.Light.GO: "Go", glance.Light.EASY: "Easy day", glance.Light.STOP: "Stop"}
LIGHT_MEANING = {glance.Light.GO: "today's session is on",
                 glance.Light.EASY: "no hard session today",
                 glance.Light.STOP: "rest today"}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _glance(view: RunnerView, today, stage: Stage) -> dict:
    """The light on the prescription, the week strip and where the runner stands
    (core/rules/glance.py), in words."""
    from core.rules.today import strength_due

    log, ladder, protocol, day = view.log, view.ladder, view.protocol, view.today
    run_plan = view.walk_run_plan()
    due = stage >= Stage.STRENGTH and strength_due(log, protocol, day) is not None
    lit = glance.light(log, ladder, run_plan, today.last_decision, stage, due, protocol, day)
    light_words = f"{LIGHT_WORDS[lit.light]}: {LIGHT_MEANING[lit.light]}."
    if lit.resume:
        light_words += " " + lit.resume
    return {"light": lit.light.value, "light_words": light_words,
            "why": "" if today.last_decision is None else today.last_decision.reason,
            "standing": _standing(glance.standing(log, view.plan, ladder, stage, day), view),
            "days": [_day(d, day) for d in glance.week(log, ladder, run_plan, stage, due,
                                                       protocol, day)]}


def _standing(standing: glance.Standing, view: RunnerView) -> dict:
    """Where the runner stands: the stage, the ladder level and its passes (stage 4),
    strength this week (from stage 2), each with the numbers a progress bar draws."""
    stage = standing.stage
    level = None
    if standing.level is not None:
        level = {"value": standing.level, "of": standing.top,
                 "words": f"Level {standing.level} of {standing.top} · {standing.passes} of "
                          f"{standing.needed} passes at this level"}
    strength = None
    if stage >= Stage.STRENGTH:  # "Strength this week: 1 of 2 sessions done (50 %)"
        week = view.recent_weeks()[-1].adherence
        percent = f" ({week.percent:.0f} %)" if week.percent is not None else ""
        strength = {"value": week.done, "of": week.planned,
                    "words": f"Strength this week: {week.done} of {week.planned} sessions "
                             f"done{percent}"
                             + (f", {week.partial} partial" if week.partial else "") + "."}
    exit = standing.exit
    moving_on = None if exit is None else {
        "value": exit.done, "of": exit.needed,
        "words": f"{exit.what[0].upper()}{exit.what[1:]}: {exit.done} of {exit.needed}"}
    return {"stage": {"value": int(stage), "of": len(Stage),
                      "words": f"Stage {int(stage)} of {len(Stage)}: {stage.title}"},
            "exit": moving_on, "level": level, "strength": strength}


def _day(day: glance.Day, today) -> dict:
    """A day of the week strip: its short texts, and the whole day in one sentence for a
    screen reader ("Tuesday 24 November, today: planned walk–run L3; pain 1/10, safe")."""
    weekday = day.date.weekday()
    when = "today" if day.date == today else "past" if day.date < today else "future"
    said = [f"planned {', '.join(day.planned)}"] if day.planned else []
    said += [f"done {', '.join(day.done)}"] if day.done else []
    if day.pain is not None and day.zone is not None:
        said.append(f"pain {day.pain}/10, {day.zone.value}")
    elif day.date <= today:
        said.append("no check-in")
    name = f"{FULL_DAY_NAMES[weekday]} {day.date.day} {MONTHS[day.date.month - 1]}"
    return {"name": DAY_NAMES[weekday], "date": str(day.date.day), "when": when,
            "planned": "\n".join(day.planned), "done": "\n".join(day.done),
            "pain": None if day.pain is None else f"{day.pain}",
            "zone": None if day.zone is None else day.zone.value,
            "words": f"{name}{', today' if when == 'today' else ''}: "
                     + ("; ".join(said) or "nothing yet") + "."}


def _verdict(decision) -> str:
    """The last decision in a few words (drawn bold), or nothing before the first."""
    if decision is None:
        return ""
    return (f"{verdict_words(decision)} (session of {decision.date.isoformat()}, level "
            f"{decision.level})")


def _decision(decision) -> str:
    """Why: plain text (a label of rich text costs start-up a text document)."""
    if decision is None:
        return ("No walk–run decision yet. After a walk–run session, the next morning's "
                "check-in decides the next step.")
    return decision.reason


def _week(view: RunnerView, flags: tuple[str, ...], stage: Stage) -> str:
    lines = [f"⚠ {flag}" for flag in flags]
    if flags:
        lines.append(f"{metrics.FLAGS_IN_SHORT} (Help → About the load guidance.)")
    return "\n".join(lines)


def check_in(view: RunnerView) -> dict:
    """The check-in form's prompt, and today's stored check-in (ready to correct)."""
    owed = view.today_view().check_in_owed
    done = view.log.pain_on(view.today)
    if owed:
        prompt = owed
    elif done is not None:
        prompt = f"Checked in today: {done}/10. Save again to correct it."
    else:
        prompt = "How is your knee right now?"
    start = view.require_profile().start_date
    stored = view.log.check_ins.get(view.today)
    walk_runs = view.log.sessions_of(SessionKind.WALK_RUN).between(view.today, view.today)
    return {"prompt": prompt, "pain": done, "start": start.isoformat(),
            # Before or after the walk–run matters only where walk–runs happen.
            "walk_run_day": view.stage is Stage.RETURN_TO_RUN or bool(walk_runs),
            "taken": stored.taken.value if stored and stored.taken else None,
            "swelling": bool(stored and stored.swelling),
            "stiffness": bool(stored and stored.stiffness)}


# --- undo and redo: what a step was, in a few words (the Edit menu's "Undo …") -----------

SESSION_WORDS = {SessionKind.WALK_RUN: "walk–run", SessionKind.RUN: "run",
                 SessionKind.CROSS_TRAINING: "cross-training", SessionKind.STRENGTH:
                 "strength session", SessionKind.MOBILITY: "mobility session"}
DATED_WORDS = {"check_ins": "check-in", "readiness_checks": "readiness check",
               "sleep": "sleep", "cadence_baselines": "cadence baseline",
               "surgery_checks": "surgery check", "questionnaires": "questionnaire",
               "discharges": "discharge"}


def step_name(rows: Sequence[RowChange]) -> str:
    """What the rows an action wrote were, for "Undo …" and "Redo …": "check-in of
    2026-11-29", "deletion of the walk–run of 2026-11-28", "import of 3 activities"."""
    if any(row.table == "profile" and row.before is None for row in rows):
        return "setup"
    imported = [row for row in rows if row.table == "imported_activities" and row.after]
    if len(imported) > 1:
        return f"import of {len(imported)} activities"
    for row in rows:
        image = row.after or row.before or {}
        if row.table == "sessions":
            return _dated(row, SESSION_WORDS.get(SessionKind(image["kind"]), "session"))
        if row.table in DATED_WORDS and row.table != "discharges":
            return _dated(row, DATED_WORDS[row.table])
    for row in rows:
        image = row.after or row.before or {}
        if row.table == "exercise_ticks":
            ticked = bool(row.after and row.after["ticked"])
            return f"{'tick' if ticked else 'untick'} of {image['name']}"
        if row.table == "discharges":
            return ("re-opening of the programme" if row.before
                    else _dated(row, "discharge"))
        if row.table == "plan_changes":
            changed = {r.after["key"] for r in rows if r.table == "plan_changes" and r.after}
            return ("plan change: " + ", ".join(sorted(setting_label(key) for key in changed))
                    if changed else "plan change")
        if row.table == "stage_events" and image["kind"] != StageEventKind.SUGGESTED.value:
            return STEP_EVENT_WORDS[StageEventKind(image["kind"])].format(image["to_stage"])
        if row.table == "profile":
            return "setup" if row.before is None else "choice of questionnaires"
    return "last change"


STEP_EVENT_WORDS = {StageEventKind.START: "setup", StageEventKind.ACCEPTED: "move to stage {}",
                    StageEventKind.DECLINED: "declined move to stage {}",
                    StageEventKind.SET: "stage set to {}",
                    StageEventKind.SUGGESTED: "suggested move to stage {}"}


def _dated(row: RowChange, word: str) -> str:
    image = row.after or row.before or {}
    day = image.get("date", "")
    if row.after is None:
        return f"deletion of the {word} of {day}"
    if row.before is None:
        return f"{word} of {day}"
    return f"change to the {word} of {day}"


def step_out_of_date(name: str, undo: bool) -> str:
    """Why a step cannot be undone (or redone): its rows were changed since."""
    return (f"The {name} cannot be {'undone' if undo else 'redone'}: what it saved was "
            f"changed since. Nothing was changed now.")


# --- back-dated entries: what is stored that day -------------------------------------------

def check_in_words(check_in: CheckIn) -> str:
    """A check-in in a few words: "3/10 'Sore after Sunday'", "2/10, swelling"."""
    notes = check_in.notes.strip()
    short = notes if len(notes) <= 40 else notes[:39].rstrip() + "…"
    flags = [word for word, on in (("swelling", check_in.swelling),
                                   ("stiffness", check_in.stiffness)) if on]
    return ", ".join([f"{check_in.pain}/10" + (f" '{short}'" if short else ""), *flags])


def check_in_stored(stored: CheckIn, new: CheckIn) -> str:
    """The question before a check-in replaces the one stored that day."""
    return (f"A check-in is already stored for {stored.date.isoformat()}. Replace "
            f"{check_in_words(stored)} with {check_in_words(new)}?")


# --- reminders (core/reminders.py): the tray's message ---------------------------------------

def reminder(check_in: bool, strength: str | None) -> tuple[str, str]:
    """A reminder's title and text: the check-in not in yet, a strength session due
    (``strength`` says why, in the plan's numbers), or both."""
    lines = []
    if check_in:
        lines.append("How is your knee this morning? Check in: it takes a few seconds, and "
                     "today's plan depends on it.")
    if strength:
        lines.append(strength if strength.endswith(".") else strength + ".")
    title = ("Runback: check in" if check_in and not strength
             else "Runback: strength session" if not check_in else "Runback: today")
    return title, " ".join(lines)


REMINDERS_ONLY_WHILE_OPEN = (
    "Reminders come from Runback itself, while it is open (in the window or the system "
    "tray). If Runback is closed, nothing reminds you: no service runs in the background "
    "and nothing uses the network.")


def strength_days(planned: int) -> str:
    """What a strength day is, for the reminders: the plan has no fixed days."""
    return (f"Your plan has no fixed strength days: you are reminded on any day this week's "
            f"target ({planned} sessions) is not met yet and today's session is not done "
            f"(from stage 2 on).")
