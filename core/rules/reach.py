"""What Today reads of the history: the bounded part of a runner's file the first view is
computed from, so a window shows Today without reading years of entries first.

The rest of the file is read after the window is drawn (core/file/reading.py). Today from
the bounded log equals Today from the whole log — tests/core/test_first_view.py checks it
on every day of the demo, on long generated histories and on random logs. A rule that
starts reading further back must widen ``reach`` here, or that test fails.

Every reader of Today, and what brings its entries in:

- this week's load, its flags and run spikes, the single-run ceiling, next-morning
  checks: every check-in and run from ``since`` on — far enough back for the widest
  window any setting allows, not only today's values;
- the last ``RECENT_WEEKS`` weekly rows (sessions, strength adherence, pain): every
  session of any kind from ``all_kinds_since`` on;
- the walk–run ladder (replayed from its first session) and the load flags' prescribed
  walk–runs: every walk–run, and the check-ins around each (the morning before, the
  next morning, the two weeks of morning means);
- the calm-stage exit and the flare rule (the latest check-ins in a row): the last
  ``latest_check_ins`` check-ins, whatever their dates;
- the stage-5 flare (the latest runs): the last ``latest_runs`` continuous runs;
- the next quality session to bring back (comfortable runs of each type since entering
  the stage, counted up to the number needed): the first ``needed`` comfortable runs of
  each type since then;
- the strength-stage exit (weeks in a row with enough sessions, back from this week):
  in stage 2, every strength session since entering it;
- the first running day (the load ratio needs enough history) and the last session of
  each kind (cross-training minutes follow the last one): the first and last session of
  each kind and run type, and the first continuous run with a load;
- the profile, stage events, plan changes, readiness checks, cadence baselines and
  surgery assessments: all of them (a few rows a month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Log, Stage
from core.rules.plan import Plan
from core.rules.settings import REGISTRY
from core.rules.stages import current_stage, evidence_since

RECENT_WEEKS = 8  # the weekly rows the tabs show (core/views.py)
# Morning means compare the 7 days ending the next morning with the 7 before.
MORNING_MEANS_DAYS = 14


def _widest(*keys: str) -> int:
    """The largest value any of these settings may take (their declared upper bound)."""
    return int(max(REGISTRY.scalar(key).high for key in keys))


# Today's reach back in days: the weeks the tabs show, back to their Monday, the two weeks
# before that a week's flags compare with, and the widest window a setting allows.
LOOKBACK_DAYS = (RECENT_WEEKS * 7 + 6 + 14
                 + _widest("load.acute_days", "load.chronic_days", "load.spike_window_days")
                 + _widest("pain.morning_before_max_days") + MORNING_MEANS_DAYS)
# The weekly rows the tabs show, back to their Monday, and the two weeks before.
RECENT_DAYS = RECENT_WEEKS * 7 + 6 + 14
CHECK_INS_IN_A_ROW = _widest("calm.exit_pain_days", "stage_back.flare_pain_days")
RUNS_IN_A_ROW = _widest("stage_back.step_backs_in_a_row")
BEFORE_A_WALK_RUN = _widest("pain.morning_before_max_days") + MORNING_MEANS_DAYS


@dataclass(frozen=True)
class Reach:
    """The entries of the file that Today reads (see the module's docstring)."""

    since: dt.date  # every check-in and run dated from here on
    all_kinds_since: dt.date  # every session dated from here on
    check_ins_before_walk_runs: int  # days of check-ins before each walk–run (and the day after)
    latest_check_ins: int
    latest_runs: int
    # Runs since, at pain at most, the first N of each of these run types:
    comfortable: tuple[dt.date, int, int, tuple[str, ...]] | None
    strength_since: dt.date | None


def reach(log: Log, plan: Plan, today: dt.date) -> Reach:
    """What Today reads, from ``log``'s small tables (profile, stage events, plan changes:
    the big ones may still be empty)."""
    protocol = plan.on(today)
    since = evidence_since(log)
    stage = current_stage(log)
    comfortable = None
    if stage is Stage.PERFORMANCE and since is not None:
        comfortable = (since, protocol.pain.threshold,
                       protocol.performance.sessions_before_next,
                       tuple(run_type.value for run_type in protocol.reintroduce))
    return Reach(
        since=today - dt.timedelta(days=LOOKBACK_DAYS),
        all_kinds_since=today - dt.timedelta(days=RECENT_DAYS),
        check_ins_before_walk_runs=BEFORE_A_WALK_RUN,
        latest_check_ins=CHECK_INS_IN_A_ROW,
        latest_runs=RUNS_IN_A_ROW,
        comfortable=comfortable,
        strength_since=since if stage is Stage.STRENGTH else None)
