"""The clinical report a physio files, as plain data: its sections in order, each with a
title, paragraphs, label–value facts, tables of strings and charts (core/exchange/
report_charts.py), for a period [start, end]. No Qt: ui/report_pdf.py lays it out on
pages and paints it.

Page 1 answers "is this runner getting better, and is the plan safe" in a minute: who,
which knee, the stage and level, the pain trend (first and last four weeks), the outcome
scores against the first, strength adherence, load flags and the plan changes, by whom.
Then the charts, the weekly table, the questionnaires, the walk–run decisions with their
reasons, every stage move with who and why, the plan changes and the check-in notes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from core.errors import InvalidInput
from core.exchange.report_charts import ChartSpec, report_charts
from core.model import Actor, Log, Stage, StageEventKind, Verdict
from core.outcomes import Verdict as ScoreVerdict
from core.rules.metrics import FlagKind
from core.rules.stages import periods, stage_on
from core.rules.summary import WeekRow
from core.rules.walkrun import LadderState, replay
from core.runback import Runback
from core.today_card import (
    decision_row,
    plan_change_row,
    questionnaire_row,
    stage_event_row,
    verdict_words,
)

TREND_DAYS = 28  # the pain trend's windows: the period's first and last four weeks
LATEST_PLAN_CHANGES = 4  # plan changes listed on page 1 (all of them come later)
NOTE_CHARS = 160  # a discharge note on page 1, at most (it must stay one page)
BY = {Actor.RUNNER: "the runner", Actor.PHYSIO: "the physio", Actor.APP: "the app"}


@dataclass(frozen=True)
class Table:
    """A table of strings: ``widths`` are the columns' shares of the line."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    empty: str = "None in this period."


@dataclass(frozen=True)
class Section:
    """One part of the report. ``new_page``: it starts on a page of its own."""

    title: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    highlighted: int = 0  # the first facts, set apart (page 1's answers at a glance)
    tables: tuple[Table, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    new_page: bool = True


@dataclass(frozen=True)
class Report:
    """The whole report: ``heading`` names the runner and the period on every page."""

    title: str
    runner: str
    start: dt.date | None
    end: dt.date
    made: dt.date
    sections: tuple[Section, ...]

    @property
    def period(self) -> str:
        return (f"{self.start.isoformat()} to {self.end.isoformat()}" if self.start
                else f"to {self.end.isoformat()}")

    @property
    def heading(self) -> str:
        return f"{self.runner} · {self.period}"


def period_of(runback: Runback, start: dt.date | None, end: dt.date | None
              ) -> tuple[dt.date, dt.date]:
    """The period a report covers: from ``start`` (the programme's start if None) to
    ``end`` (today if None), kept within the programme (its start to today).

    :raises InvalidInput: the start falls after the end.
    """
    today = runback.today
    first = runback.require_profile().start_date
    given_end = today if end is None else end
    given_start = first if start is None else start
    if given_start > given_end:
        raise InvalidInput("from", f"The report's start {given_start.isoformat()} is after "
                                   f"its end {given_end.isoformat()}.")
    begin, finish = max(given_start, first), min(given_end, today)
    if begin > finish:
        raise InvalidInput("from", f"The period {given_start.isoformat()} to "
                                   f"{given_end.isoformat()} is outside the programme "
                                   f"({first.isoformat()} to {today.isoformat()}).")
    return begin, finish


def build(runback: Runback, start: dt.date | None = None, end: dt.date | None = None
          ) -> Report:
    """The report of ``runback`` for [start, end] (see ``period_of``). A file without a
    runner gives a one-page report saying so."""
    runback.read_all()
    name = runback.path.name if runback.path else "runner"
    if runback.needs_setup:
        day = runback.today if end is None else end
        return Report("Runback report", name, None, day, runback.today, (Section(
            "Summary", paragraphs=("This file has no runner yet: finish the first-run setup "
                                   "in Runback, then make the report again.",),
            new_page=False),))
    begin, finish = period_of(runback, start, end)
    profile = runback.require_profile()
    goal = f" · goal: {profile.goal}" if profile.goal.strip() else ""
    rows = [row for row in runback.weekly_rows()
            if row.week + dt.timedelta(days=6) >= begin and row.week <= finish]
    parts = _Parts(runback, begin, finish, rows)
    sections = [parts.summary()]
    charts = report_charts(runback, begin, finish)
    if charts:
        sections.append(Section("Charts", charts=charts))
    if parts.has_entries():
        sections += [Section("Week by week", paragraphs=(
                         "Stage 1–5; pain 0–10; strength: sessions done of planned; load: "
                         "minutes × effort; A:C: the acute:chronic ratio. The load flags in "
                         "full are in the export's summary and on the Performance tab.",),
                         tables=(parts.weeks_table(),)),
                     parts.history()]
    return Report("Runback report", f"{name}{goal}", begin, finish, runback.today,
                  tuple(sections))


class _Parts:
    """The report's parts, read from one runner over one period."""

    def __init__(self, runback: Runback, start: dt.date, end: dt.date, rows: list[WeekRow]):
        self.runback, self.log, self.start, self.end, self.rows = (
            runback, runback.log, start, end, rows)
        self.decisions = [d for d in runback.decisions() if start <= d.date <= end]
        self.events = [e for e in self.log.stage_events if start <= e.date <= end]
        self.changes = [c for c in self.log.plan_changes if start <= c.date <= end]
        self.notes = [c for c in self.log.check_ins.between(start, end)
                      if c.notes.strip() or c.swelling or c.stiffness]
        self.histories = runback.outcome_histories()

    def has_entries(self) -> bool:
        return bool(self.log.sessions.between(self.start, self.end) or self.decisions
                    or self.changes or self.notes or len(self.events) > 1
                    or any(q for h in self.histories for q in h.taken
                           if self.start <= q.date <= self.end))

    # --- page 1 -------------------------------------------------------------------------

    def summary(self) -> Section:
        runback, profile = self.runback, self.runback.require_profile()
        stage = stage_on(periods(self.log), self.end) or Stage.CALM
        since = max((p.start for p in periods(self.log) if p.start <= self.end),
                    default=profile.start_date)
        facts = [
            ("Getting better?", self.better()),
            ("Is the plan safe?", self.safe()),
            ("Knee problem", profile.knee_problem.label + (
                f" (surgery {profile.surgery_date.isoformat()})" if profile.surgery_date
                else "")),
            ("Side", profile.affected_side.value.capitalize()),
            ("Started", profile.start_date.isoformat()),
            ("Stage", f"{int(stage)} of 5: {stage.title} (since {since.isoformat()})"),
            *self.discharged(),
            ("Walk–run level", self.level_words(stage)),
            ("Last decision", self.last_decision()),
            ("Pain trend", self.pain_trend()),
            ("Strength adherence", self.adherence()),
            ("Load flags", self.load_flags()),
            ("Walk–run safety", self.safety()),
            ("Plan changes", self.plan_changes_words()),
        ]
        due = runback.questionnaires_due() if self.end == runback.today else None
        if due is not None:
            facts.append(("Questionnaires", due.words))
        tables = [self.outcomes_table()]
        if self.changes:
            tables.append(Table(
                "Latest plan changes", ("Date", "Setting", "By", "New value", "Why"),
                tuple(plan_change_row(c) for c in self.changes[-LATEST_PLAN_CHANGES:]),
                (1.1, 1.6, 0.8, 1.8, 3.2)))
        return Section("Summary", facts=tuple(facts), highlighted=2, tables=tuple(tables),
                       new_page=False)

    def discharged(self) -> list[tuple[str, str]]:
        """The discharge in force, if made by the period's end: its date and note."""
        discharge = self.runback.discharged()
        if discharge is None or discharge.date > self.end:
            return []
        text = " ".join(discharge.note.split())  # one line on page 1, kept short
        shown = text if len(text) <= NOTE_CHARS else text[:NOTE_CHARS - 1].rstrip() + "…"
        note = f": {shown}" if shown else ""
        return [("Discharged", f"{discharge.date.isoformat()}, by "
                               f"{BY[discharge.actor]}{note}")]

    def better(self) -> str:
        """The pain trend's direction and the outcome scores' verdicts, in one line."""
        early, late = self.pain_windows()
        if early is None or late is None or early == late:
            pain = "Too short a period for a pain trend"
        else:
            pain = (f"Daily pain {_direction(late[1] - early[1])} ({early[1]:.1f} → "
                    f"{late[1]:.1f}/10, first and last 4 weeks)")
        changes = [latest.change for latest in (h.latest for h in self.histories)
                   if latest is not None and latest.date <= self.end and latest.change]
        if not changes:
            return f"{pain}; no outcome score to compare with a first one yet."
        improved = sum(1 for c in changes if c.verdict is ScoreVerdict.IMPROVED)
        worse = sum(1 for c in changes if c.verdict is ScoreVerdict.WORSE)
        return (f"{pain}; outcome scores since the first: {improved} of {len(changes)} "
                f"improved meaningfully" + (f", {worse} worse" if worse else "") + ".")

    def safe(self) -> str:
        """The flags a physio checks first: run spikes, ladder step-backs and stop signs,
        pain during runs lately."""
        spikes = sum(1 for r in self.rows for f in r.load.raised
                     if f.kind is FlagKind.RUN_SPIKE)
        backs = sum(1 for d in self.decisions if d.verdict is Verdict.STEP_BACK)
        stops = sum(1 for d in self.decisions if d.stop_sign)
        recent = self.end - dt.timedelta(days=TREND_DAYS - 1)
        during = [s.pain_during for s in self.log.sessions.between(recent, self.end)
                  if s.is_running and s.pain_during is not None]
        threshold = self.runback.plan.on(self.end).pain.threshold
        parts = [f"{spikes} run spike{'s' * (spikes != 1)}",
                 f"{backs} ladder step-back{'s' * (backs != 1)}",
                 f"{stops} limp or swelling" if stops else "no limp or swelling"]
        if during:
            above = sum(1 for pain in during if pain > threshold)
            parts.append(f"pain during runs in the last 4 weeks at most {max(during)}/10"
                         + (f", above {threshold}/10 in {above}" if above else
                            f" (threshold {threshold}/10)"))
        return "In this period: " + "; ".join(parts) + "."

    def pain_windows(self) -> tuple[tuple[tuple[dt.date, dt.date], float] | None, ...]:
        """The mean daily pain of the period's first and last four weeks (with their
        days), each None without a check-in."""
        first = (self.start, min(self.end, self.start + dt.timedelta(days=TREND_DAYS - 1)))
        last = (max(self.start, self.end - dt.timedelta(days=TREND_DAYS - 1)), self.end)
        found = []
        for span in (first, last):
            mean = _mean_pain(self.log, *span)
            found.append(None if mean is None else (span, mean))
        return tuple(found)

    def ladder_at_end(self) -> LadderState:
        if self.end >= self.runback.today:
            return self.runback.ladder
        return replay(self.log, self.runback.plan, before=self.end + dt.timedelta(days=1))

    def level_words(self, stage: Stage) -> str:
        protocol = self.runback.plan.on(self.end)
        ladder = self.ladder_at_end()
        level = protocol.level(ladder.level).describe().split(": ", 1)[-1]
        where = f"level {ladder.level} of {protocol.top_level} ({level})"
        if stage < Stage.RETURN_TO_RUN and not ladder.decisions:
            return f"Not on the ladder yet (it starts at {where.split(' (')[0]})."
        passes = protocol.walk_run.sessions_to_advance
        return (f"{where[0].upper()}{where[1:]}: {ladder.passes} of {passes} passing "
                f"sessions at this level.")

    def last_decision(self) -> str:
        decided = [d for d in self.decisions if d.verdict is not Verdict.PENDING]
        if not decided:
            return "No walk–run decision in this period."
        last = decided[-1]
        return (f"{verdict_words(last)} (session of {last.date.isoformat()}, level "
                f"{last.level}): {last.reason}")

    def pain_trend(self) -> str:
        early, late = self.pain_windows()
        if early is None and late is None:
            return "No check-ins in this period."
        if early is None or late is None or early[0] == late[0]:
            only = (early or late)[1]  # type: ignore[index]
            return f"Daily pain {only:.1f}/10 on average over the period (check-ins)."
        (first, before), (last, after) = early, late
        change = after - before
        during = [s.pain_during for s in self.log.sessions.between(*last)
                  if s.is_running and s.pain_during is not None]
        runs = (f"; pain during runs at most {max(during)}/10 in the last 4 weeks"
                if during else "")
        return (f"Daily pain {before:.1f}/10 in the first 4 weeks ({_span(*first)}), "
                f"{after:.1f}/10 in the last 4 ({_span(*last)}): {_direction(change)} "
                f"({_signed(change)}){runs}.")

    def adherence(self) -> str:
        planned = [r for r in self.rows if r.adherence.planned]
        if not planned:
            return "No strength sessions planned in this period (they start in stage 2)."
        done = sum(r.adherence.done for r in planned)
        due = sum(r.adherence.planned for r in planned)
        missed = sum(1 for r in planned if r.adherence.done == 0)
        recent = planned[-4:]
        recent_percent = (100 * sum(r.adherence.done for r in recent)
                          / sum(r.adherence.planned for r in recent))
        missed_words = (f"; {missed} week{'s' * (missed != 1)} with none" if missed else "")
        return (f"{adherence_percent(planned):.0f} % ({done} of {due} sessions over "
                f"{len(planned)} weeks){missed_words}; {recent_percent:.0f} % in the last "
                f"{len(recent)} week{'s' * (len(recent) != 1)}.")

    def load_flags(self) -> str:
        spikes = [(r.week, f.text) for r in self.rows for f in r.load.raised
                  if f.kind is FlagKind.RUN_SPIKE]
        context = sum(1 for r in self.rows
                      if any(f.kind is not FlagKind.RUN_SPIKE for f in r.load.raised))
        if not spikes and not context:
            return "None in this period."
        words = []
        if spikes:
            week, text = spikes[-1]
            words.append(f"{len(spikes)} run spike{'s' * (len(spikes) != 1)} (the flag to "
                         f"heed), the latest in the week of {week.isoformat()}: {text}")
        else:
            words.append("No run spike (the flag to heed)")
        if context:
            words.append(f"context flags (weekly rises, acute:chronic ratio) in {context} "
                         f"week{'s' * (context != 1)}")
        return "; ".join(words) + "."

    def safety(self) -> str:
        verdicts = Counter(d.verdict for d in self.decisions)
        stops = [d for d in self.decisions if d.stop_sign]
        if not self.decisions:
            return "No walk–run sessions in this period."
        parts = [f"{len(self.decisions)} sessions decided: {verdicts[Verdict.ADVANCE]} moved "
                 f"up, {verdicts[Verdict.REPEAT]} repeated, {verdicts[Verdict.STEP_BACK]} "
                 f"stepped back"]
        if stops:
            parts.append(f"a limp or swelling on {len(stops)} (the latest "
                         f"{stops[-1].date.isoformat()})")
        else:
            parts.append("no limp or swelling reported")
        return "; ".join(parts) + "."

    def plan_changes_words(self) -> str:
        if not self.changes:
            return "None in this period."
        by = Counter(c.actor for c in self.changes)
        who = ", ".join(f"{count} by {BY[actor]}" for actor, count in
                        sorted(by.items(), key=lambda pair: list(Actor).index(pair[0])))
        moves = [e for e in self.events if e.kind in (StageEventKind.ACCEPTED,
                                                      StageEventKind.SET)]
        stage_words = (f"; {len(moves)} stage move{'s' * (len(moves) != 1)} "
                       f"({', '.join(_move_words(e) for e in moves)})" if moves else "")
        return (f"{len(self.changes)} plan change{'s' * (len(self.changes) != 1)} "
                f"({who}){stage_words}.")

    def outcomes_table(self) -> Table:
        rows = []
        for history in self.histories:
            instrument = history.instrument
            scored = [s for s in history.taken
                      if s.score.scored and s.date <= self.end]
            if not scored:
                continue
            first, latest = scored[0], scored[-1]
            change = ("the first score" if latest is first else
                      latest.change.describe(instrument) if latest.change else "")
            rows.append((instrument.short_name,
                         f"{instrument.shown(first.score.value or 0)} ({first.date})",
                         f"{instrument.shown(latest.score.value or 0)} ({latest.date})",
                         change))
        return Table("Outcome scores", ("Questionnaire", "First", "Latest",
                                        "Change since the first"),
                     tuple(rows), (1.2, 1.5, 1.5, 3.8),
                     empty="No questionnaire taken yet.")

    # --- the pages after ----------------------------------------------------------------

    def weeks_table(self) -> Table:
        rows = []
        for row in self.rows:
            adherence, load = row.adherence, row.load
            levels = ("–".join(str(v) for v in sorted({min(row.levels), max(row.levels)}))
                      if row.levels else "")
            rows.append((
                row.week.isoformat(), str(int(row.stage)) if row.stage else "", levels,
                _number(row.run_minutes), _number(row.walk_minutes),
                _pain(row.pain_during_max), _pain(row.pain_during_mean),
                str(row.next_morning_worse) if row.running_sessions else "",
                _pain(row.daily_pain_mean),
                (f"{adherence.done}/{adherence.planned} · {adherence.percent:.0f} %"
                 if adherence.percent is not None else ""),
                _number(load.load) if load.load else "",
                f"{load.ratio:.2f}" if load.ratio is not None else "",
                ", ".join(dict.fromkeys(flag.kind.value for flag in load.raised))))
        return Table("One row per ISO week, from its Monday", (
            "Week", "Stage", "Level", "Run min", "Walk min", "Pain during max",
            "Pain during mean", "Worse next morning", "Daily pain", "Strength done",
            "Load", "A:C ratio", "Load flags"),
            tuple(rows), (1.55, 0.7, 0.7, 0.75, 0.75, 0.8, 0.8, 1.1, 0.7, 1.35, 0.7, 0.75,
                          2.05))

    def history(self) -> Section:
        scores = sorted(((s.date, index, history.instrument, s)
                         for index, history in enumerate(self.histories)
                         for s in history.taken if self.start <= s.date <= self.end),
                        key=lambda entry: entry[:2])
        tables = (
            Table("Outcome questionnaires", ("Questionnaire", "Date", "Score",
                                             "Change since the first"),
                  tuple((instrument.short_name, *questionnaire_row(instrument, s))
                        for _, _, instrument, s in scores),
                  (1.2, 1.1, 1.1, 4.5), empty="No questionnaire taken in this period."),
            Table("Walk–run decisions", ("Date", "Level", "Decision", "Why"),
                  tuple(decision_row(d) for d in self.decisions), (1.1, 0.6, 1.4, 5.5),
                  empty="No walk–run decision in this period."),
            Table("Stage moves", ("Date", "Event", "Stage", "By", "Why"),
                  tuple(stage_event_row(e) for e in self.events), (1.1, 1.0, 0.9, 0.8, 4.8),
                  empty="No stage event in this period."),
            Table("Plan changes", ("Date", "Setting", "By", "New value", "Why"),
                  tuple(plan_change_row(c) for c in self.changes),
                  (1.1, 1.6, 0.8, 2.0, 3.0), empty="No plan change in this period."),
            Table("Check-in notes", ("Date", "Pain", "Note"),
                  tuple((c.date.isoformat(), f"{c.pain}/10", _note(c))
                        for c in self.notes), (1.1, 0.7, 6.7),
                  empty="No check-in note in this period."),
        )
        return Section("History", tables=tables)


def adherence_percent(rows: list[WeekRow]) -> float:
    """Strength sessions done ÷ planned over ``rows`` (weeks with sessions planned), as a
    percentage, never capped (as each week's)."""
    return 100 * sum(r.adherence.done for r in rows) / sum(r.adherence.planned for r in rows)


def _mean_pain(log: Log, first: dt.date, last: dt.date) -> float | None:
    pains = [c.pain for c in log.check_ins.between(first, last)]
    return sum(pains) / len(pains) if pains else None


def _span(first: dt.date, last: dt.date) -> str:
    return f"{first.isoformat()} to {last.isoformat()}"


def _move_words(event) -> str:
    return (f"{int(event.from_stage)} → {int(event.to_stage)} by {BY[event.actor]}"
            if event.from_stage else
            f"start at {int(event.to_stage)}")


def _direction(change: float) -> str:
    """A change of mean pain in words: half a point either way is a change."""
    return "down" if change <= -0.5 else "up" if change >= 0.5 else "about level"


def _signed(value: float) -> str:
    """"+1.2", "−0.9" (a true minus sign), "±0.0"."""
    sign = "+" if value > 0.05 else "−" if value < -0.05 else "±"
    return f"{sign}{abs(value):.1f}"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _pain(value: float | None) -> str:
    return "" if value is None else _number(round(value, 1))


def _note(check_in) -> str:
    signs = [word for flag, word in ((check_in.swelling, "swelling"),
                                     (check_in.stiffness, "stiffness")) if flag]
    text = check_in.notes.strip()
    return "; ".join([*([f"({', '.join(signs)})"] if signs else []), *([text] if text else [])])
