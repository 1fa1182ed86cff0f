"""Numbers for the runner and physio: weekly load and its flags (the single-run spike
from core.rules.spikes first, then context), strength adherence, cadence.

Load is session RPE × minutes (Foster's session load). The primary load flag is the
single-run spike (Frandsen et al. 2025, BJSM 59:1203; 5,205 runners): a run more than 10 %
longer than the longest run of the previous 30 days went with more overuse injuries, and
more with a bigger jump. The weekly rises and the acute:chronic ratio are context, worded
as such: the same study found no useful dose–response for them, the 10 % rule did not cut
injuries in a trial (Buist 2008), a rise above 30 % in two weeks went with
distance-related injuries in novice runners (Nielsen 2014), and the ratio (Gabbett 2016)
is contested (Lolli 2019, Impellizzeri 2020). What each flag can and cannot tell:
``flag_help``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import operator
from dataclasses import dataclass
from enum import StrEnum

from core.model import Log, Rule, Session, SessionKind, Stage, Verdict
from core.rules.plan import Plan
from core.rules.protocol import Protocol
from core.rules.settings import Load
from core.rules.spikes import SPIKE_BANDS, run_spikes, spike_band
from core.rules.stage_periods import StagePeriod, stage_on

WEEK = dt.timedelta(weeks=1)
SIX_DAYS = dt.timedelta(days=6)
BY_DATE = operator.attrgetter("date")


@functools.cache  # called for every entry of every weekly summary: dates repeat
def monday(day: dt.date) -> dt.date:
    """The Monday that starts ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def session_load(session: Session) -> float:
    """Minutes × effort for running sessions (walk–run counts its walking too)."""
    if not session.is_running or session.effort is None:
        return 0.0
    if session.kind is SessionKind.WALK_RUN:
        return (session.total_run_minutes + session.total_walk_minutes) * session.effort
    return session.minutes * session.effort


def daily_loads(log: Log, since: dt.date | None = None) -> dict[dt.date, float]:
    """Each day's load, in date order (from ``since`` on, if given)."""
    loads: dict[dt.date, float] = {}
    for session in log.sessions if since is None else log.sessions.since(since):
        load = session_load(session)
        if load:
            loads[session.date] = loads.get(session.date, 0.0) + load
    return loads


class LoadHistory:
    """Daily loads, day by day: the load of any window of days."""

    def __init__(self, loads: dict[dt.date, float], first: dt.date | None = None):
        """``first`` is the first day with any load, when ``loads`` are only the recent
        days of a longer history (they must cover every window asked for)."""
        self.first = first or (min(loads) if loads else None)
        self._base = min(loads).toordinal() if loads else 0
        days = (max(loads).toordinal() - self._base + 1) if loads else 0
        self._daily = [0.0] * days
        for day, load in loads.items():
            self._daily[day.toordinal() - self._base] += load

    def window(self, end: dt.date, days: int) -> float:
        """The load of the ``days`` days ending on ``end``, inclusive: summed day by day, so
        it is the same whatever the history before it (and exact, unlike a difference of
        running totals over years)."""
        high = end.toordinal() - self._base + 1
        return sum(self._daily[max(high - days, 0):high], 0.0) if high > 0 else 0.0



def acute_chronic_ratio(loads: dict[dt.date, float] | LoadHistory, on: dt.date,
                        protocol: Protocol) -> float | None:
    """Acute (last 7 days) over chronic (28-day average per 7 days), or None when unknown.

    None until running has been logged for ``load.ratio_min_history_days`` (a ratio over a
    near-empty history means nothing) and when the chronic load is zero.
    """
    history = loads if isinstance(loads, LoadHistory) else LoadHistory(loads)
    ratio_loads = _ratio_loads(history, on, protocol.load)
    return None if ratio_loads is None else ratio_loads[0] / ratio_loads[1]


def _ratio_loads(history: LoadHistory, on: dt.date, rules: Load
                 ) -> tuple[float, float] | None:
    """The ratio's two sides on ``on``: the acute load and the chronic load per acute window
    (the average week), or None when the ratio is unknown."""
    first = history.first
    if first is None or (on - first).days + 1 < rules.ratio_min_history_days:
        return None
    acute_days, chronic_days = rules.acute_days, rules.chronic_days
    chronic = history.window(on, chronic_days) / (chronic_days / acute_days)
    if chronic <= 0:
        return None
    return history.window(on, acute_days), chronic


# --- load flags: the single-run spike first, then context -------------------------------

class FlagKind(StrEnum):
    """What a load flag is about; the primary flag first, then the context flags."""

    RUN_SPIKE = "run spike"
    WEEKLY_RISE = "weekly rise"
    TWO_WEEK_RISE = "two-week rise"
    RATIO_CAUTION = "ratio caution"
    RATIO_HIGH = "ratio high"


@dataclass(frozen=True)
class LoadFlag:
    kind: FlagKind
    text: str


@dataclass(frozen=True)
class LoadWeek:
    week: dt.date  # Monday
    load: float
    ratio: float | None  # at the week's end (or today, for this week)
    raised: tuple[LoadFlag, ...] = ()  # the week's run spikes first, then context flags

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags' wording, in order (what Today, the tabs and the CSV show)."""
        return tuple(flag.text for flag in self.raised)


def prescribed_walk_runs(log: Log, plan: Plan) -> frozenset[int]:
    """The walk–runs done as the ladder prescribed them (session ids).

    A walk–run is prescribed when the engine judged it as a step of the ladder (not set
    aside as "kept, counts for nothing": before stage 4, at another level than prescribed, a
    second of the day, logged while a morning was owed), not on a day the ladder's schedule
    kept free (rest days, the weekly cap, the rest after a stop sign), not logged above the
    prescribed level, at no more than the easy effort, and with no more running than the
    prescribed level plans. Its load is the plan's, not the runner's own increase.
    """
    return log.memo(("prescribed walk–runs", plan), lambda: _prescribed(log, plan))


# core.rules.walkrun's rules for a session the ladder's schedule did not allow.
SCHEDULE_RULES = frozenset({Rule.REST_DAY, Rule.RUNS_PER_WEEK, Rule.STOP_SIGN_REST})


def _prescribed(log: Log, plan: Plan) -> frozenset[int]:
    # walkrun reads this module (monday): imported when asked
    from core.rules.walkrun import ladder_of

    prescribed = set()
    for decision in ladder_of(log, plan).decisions:
        session = log.session(decision.session_id)
        if (session is None or decision.verdict is Verdict.NOT_COUNTED
                or decision.rule in SCHEDULE_RULES
                or (session.level is not None and session.level > decision.level)):
            continue
        protocol = plan.on(session.date)
        planned = protocol.level(decision.level)
        if ((session.effort or 0) <= protocol.walk_run.effort_max
                and round(session.total_run_minutes, 9) <= planned.total_run_minutes):
            prescribed.add(session.id)
    return frozenset(prescribed)


def load_weeks(log: Log, plan: Plan, weeks: list[dt.date], today: dt.date
               ) -> list[LoadWeek]:
    """Weekly load, the ratio at each week's end, and the flags it raises: the week's run
    spikes (``run_spikes``), the primary flag, then its context flags (``context_flags``).

    A week whose running is all walk–runs done as the ladder prescribed them
    (``prescribed_walk_runs``) raises no context flag: the rise is the plan's, and flagging
    it told a new runner doing exactly what the app asked that load was "up 245 %".

    Only the days these weeks look back on are read: this week's flags cost the same with
    a month or ten years of history.
    """
    if not weeks:
        return []
    ends = [min(week + SIX_DAYS, today) for week in weeks]
    rules = [plan.on(end).load for end in ends]
    # A week's flags compare it with the two weeks before; its ratio looks back from its end
    # over the acute and chronic windows.
    windows = [end - dt.timedelta(days=max(r.acute_days, r.chronic_days))
               for end, r in zip(ends, rules, strict=True)]
    since = monday(min(min(weeks) - 2 * WEEK, *windows))
    history, weekly = log.memo(("load history", since), lambda: _load_history(log, since))
    spikes: dict[dt.date, list[LoadFlag]] = {}
    prescribed = prescribed_walk_runs(log, plan) if log.sessions_of(SessionKind.WALK_RUN) \
        else frozenset()
    for spike in run_spikes(log, plan, min(weeks), max(ends), prescribed):
        spikes.setdefault(monday(spike.date), []).append(LoadFlag(FlagKind.RUN_SPIKE,
                                                                  spike.text))
    result = []
    for week, end, week_rules in zip(weeks, ends, rules, strict=True):
        ratio_loads = _ratio_loads(history, end, week_rules)
        load = weekly.get(week, 0.0)
        raised = tuple(spikes.get(week, ()))
        context = _context(load, weekly.get(week - WEEK), weekly.get(week - 2 * WEEK),
                           ratio_loads, week_rules)
        if context and not _ladder_week(log, week, end, prescribed):
            raised += context
        ratio = None if ratio_loads is None else ratio_loads[0] / ratio_loads[1]
        result.append(LoadWeek(week, load, ratio, raised))
    return result


def _ladder_week(log: Log, week: dt.date, end: dt.date, prescribed: frozenset[int]) -> bool:
    """Whether all the running of ``week`` (to ``end``) was walk–runs the ladder prescribed."""
    running = [s for s in log.sessions.between(week, end) if s.is_running]
    return bool(running) and all(s.id in prescribed for s in running)


def _load_history(log: Log, since: dt.date) -> tuple[LoadHistory, dict[dt.date, float]]:
    """Daily loads from ``since`` (a Monday) on, and the total of each of those weeks."""
    loads = daily_loads(log, since)
    weekly: dict[dt.date, float] = {}
    for day, load in loads.items():
        week = monday(day)
        weekly[week] = weekly.get(week, 0.0) + load
    return LoadHistory(loads, _first_load_day(log)), weekly


def _first_load_day(log: Log) -> dt.date | None:
    """The first day with any running load (read from the front of each running kind)."""
    firsts = [next((s.date for s in log.sessions_of(kind) if session_load(s)), None)
              for kind in (SessionKind.WALK_RUN, SessionKind.RUN)]
    return min((day for day in firsts if day is not None), default=None)


GUIDE = "a guide, not a predictor of injury"
# Nielsen et al. 2014 (JOSPT 44:739): the two-week rise in weekly distance they studied.
NIELSEN_TWO_WEEK_PERCENT = 30.0


def context_flags(load: float, last_week: float | None, two_weeks_ago: float | None,
                  ratio_loads: tuple[float, float] | None, protocol: Protocol
                  ) -> tuple[LoadFlag, ...]:
    """Context flags for one week's load: a rise on last week above
    ``load.weekly_rise_caution_percent``, on two weeks ago above
    ``load.two_week_rise_spike_percent`` (Nielsen 2014), and the acute:chronic ratio above
    ``load.ratio_caution`` or ``load.ratio_high`` (Gabbett 2016), from ``ratio_loads``
    (acute load, chronic load per week).

    None on a tiny base: when either of the two weeks compared (the ratio's acute load or
    its chronic average week) is below ``load.min_weekly_load`` — on 100 every rise looks
    large. Rises from zero are not percentages.
    """
    return _context(load, last_week, two_weeks_ago, ratio_loads, protocol.load)


def _context(load: float, last_week: float | None, two_weeks_ago: float | None,
             ratio_loads: tuple[float, float] | None, rules: Load
             ) -> tuple[LoadFlag, ...]:
    flags = []
    base = rules.min_weekly_load
    caution = rules.weekly_rise_caution_percent
    two_week = rules.two_week_rise_spike_percent
    if load >= base and last_week and last_week >= base \
            and load > last_week * (1 + caution / 100):
        flags.append(LoadFlag(FlagKind.WEEKLY_RISE, (
            f"context: weekly load up {100 * (load / last_week - 1):.0f} % on last week "
            f"(above {caution:g} %) — {GUIDE}")))
    if load >= base and two_weeks_ago and two_weeks_ago >= base \
            and load > two_weeks_ago * (1 + two_week / 100):
        flags.append(LoadFlag(FlagKind.TWO_WEEK_RISE, (
            f"context: weekly load up {100 * (load / two_weeks_ago - 1):.0f} % on two weeks "
            f"before (above {two_week:g} %) — {GUIDE}")))
    if ratio_loads is not None and min(ratio_loads) >= base:
        ratio = ratio_loads[0] / ratio_loads[1]
        high, careful = rules.ratio_high, rules.ratio_caution
        if ratio > careful:
            kind = FlagKind.RATIO_HIGH if ratio > high else FlagKind.RATIO_CAUTION
            flags.append(LoadFlag(kind, (
                f"context: acute:chronic ratio {ratio:.2f} (above "
                f"{high if ratio > high else careful:g}) — {GUIDE}")))
    return tuple(flags)


# The flags in one sentence, wherever a list of them is shown (Today, the Performance tab).
FLAGS_IN_SHORT = ("A run spike is the flag to heed; the weekly rises and the ratio are "
                  "context.")


def flag_help(protocol: Protocol) -> dict[FlagKind, str]:
    """What each load flag can and cannot tell, in the numbers of ``protocol``: the one
    place this wording lives (the Performance tab and the Help menu show it)."""
    rules = protocol.load
    # One run in each of the study's bands, to name them as the flag does.
    found = [spike_band(up_to if not math.isinf(up_to) else 2 * SPIKE_BANDS[-2][0], protocol)
             for up_to, _ in SPIKE_BANDS]
    bands = [band for band in dict.fromkeys(found) if band is not None]
    quiet = (f"It stays quiet when either week compared is below a weekly load of "
             f"{rules.min_weekly_load:g} (a tiny base), and for the rises the walk–run "
             f"ladder itself prescribes.")
    ratio = (f"Context, not a prediction: the acute:chronic ratio compares the last "
             f"{rules.acute_days} days' load with the average {rules.acute_days} days of the "
             f"last {rules.chronic_days} (Gabbett 2016: caution above {rules.ratio_caution:g}, "
             f"high above {rules.ratio_high:g}). The ratio is contested: its two sides share "
             f"the same days (Lolli 2019) and its link with injury did not hold up "
             f"(Impellizzeri 2020); a study of 5,205 runners found no useful dose–response "
             f"for it (Frandsen 2025). It can show a week well above your usual; it cannot "
             f"tell whether you will be injured. " + quiet)
    return {
        FlagKind.RUN_SPIKE: (
            f"The primary load flag: a run more than {rules.spike_percent:g} % longer than "
            f"your longest run of the previous {rules.spike_window_days} days (by distance "
            f"when every run has one, else by running minutes). In 5,205 runners such runs "
            f"came with more overuse injuries (Frandsen 2025): hazard ratios of "
            + ", ".join(f"{band.hazard_ratio:g} at {band.label} longer" for band in bands)
            + " — the one load measure with a dose–response. It cannot tell that this "
            "run will hurt you: it marks a raised risk. Runback never prescribes such a run; "
            "the walk–run ladder's own steps are the physio's plan and are not flagged."),
        FlagKind.WEEKLY_RISE: (
            f"Context, not a rule: weekly load (minutes × effort) more than "
            f"{rules.weekly_rise_caution_percent:g} % above last week. The '10 % rule' did "
            f"not reduce injuries in a trial (Buist 2008), and the study of 5,205 runners "
            f"found no useful dose–response for week-to-week change (Frandsen 2025). It "
            f"shows a sudden jump in your week; it cannot tell whether it will injure you. "
            + quiet),
        FlagKind.TWO_WEEK_RISE: (
            f"Context: weekly load more than {rules.two_week_rise_spike_percent:g} % above "
            f"two weeks before. Novice runners whose weekly distance rose more than "
            f"{NIELSEN_TWO_WEEK_PERCENT:g} % over two weeks had more distance-related "
            f"injuries, patellofemoral pain and ITB syndrome among them (Nielsen 2014): an "
            f"association in one cohort, not a tested rule, and no useful dose–response in "
            f"the larger study (Frandsen 2025). " + quiet),
        FlagKind.RATIO_CAUTION: ratio,
        FlagKind.RATIO_HIGH: ratio,
    }



FLAG_TITLES = {
    FlagKind.RUN_SPIKE: "Run spike",
    FlagKind.WEEKLY_RISE: "Weekly rise",
    FlagKind.TWO_WEEK_RISE: "Two-week rise",
    FlagKind.RATIO_CAUTION: "Acute:chronic ratio",
    FlagKind.RATIO_HIGH: "Acute:chronic ratio",
}


def load_guidance(protocol: Protocol) -> str:
    """Every load flag's title and help, in order, as plain text (Help → About the load
    guidance, and the Performance tab's "What do these flags mean?")."""
    explained = flag_help(protocol)
    parts = ["Session load is minutes × effort (0–10); weekly load is its sum over the ISO "
             "week."]
    for title in dict.fromkeys(FLAG_TITLES.values()):
        kind = next(kind for kind in FlagKind if FLAG_TITLES[kind] == title)
        parts.append(f"{title}. {explained[kind]}")
    return "\n\n".join(parts)


@dataclass(frozen=True)
class AdherenceWeek:
    week: dt.date
    done: int  # completed sessions (every exercise ticked)
    partial: int
    planned: int

    @property
    def percent(self) -> float | None:
        """Done ÷ planned as a percentage, never capped: 3 of 2 is 150 %."""
        return None if not self.planned else 100.0 * self.done / self.planned


def adherence_weeks(log: Log, plan: Plan, stage_periods: tuple[StagePeriod, ...],
                    weeks: list[dt.date]) -> list[AdherenceWeek]:
    """Strength sessions per ISO week against the plan, in every week from stage 2 on."""
    if not weeks:
        return []
    done: dict[dt.date, int] = {}
    partial: dict[dt.date, int] = {}
    for session in log.sessions_of(SessionKind.STRENGTH).since(min(weeks)):
        counter = done if session.strength_complete else partial
        week = monday(session.date)
        counter[week] = counter.get(week, 0) + 1
    result = []
    for week in weeks:
        end = week + dt.timedelta(days=6)
        stage = stage_on(stage_periods, end)
        planned = (plan.on(end).strength.sessions_per_week
                   if stage is not None and stage >= Stage.STRENGTH else 0)
        result.append(AdherenceWeek(week, done.get(week, 0), partial.get(week, 0), planned))
    return result


def cadence_band(baseline: int, protocol: Protocol) -> tuple[float, float]:
    """The target cadence band: baseline + 5 % to + 10 % by default (article, step 3)."""
    rise_min = protocol.mechanics.cadence_rise_min_percent
    rise_max = protocol.mechanics.cadence_rise_max_percent
    return baseline * (1 + rise_min / 100), baseline * (1 + rise_max / 100)


def cadence_baseline_on(log: Log, day: dt.date) -> int | None:
    """The latest baseline recorded on or before ``day`` (baselines are in date order)."""
    baselines = log.cadence_baselines
    index = bisect.bisect_right(baselines, day, key=BY_DATE)
    return baselines[index - 1].steps_per_minute if index else None


def cadence_status(cadence: int, band: tuple[float, float]) -> str:
    low, high = band
    if cadence < low:
        return "below"
    if cadence > high:
        return "above"
    return "in band"
