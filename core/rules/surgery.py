"""After knee surgery: the return-to-run criteria and the later hold on speed and hills.

A runner after knee surgery (ACL reconstruction or similar) leaves stage 3 only when, on
top of the readiness checks, the criteria most used for a return to running hold
(Rambaud et al. 2018, BJSM 52:1437): enough weeks since surgery, full extension, flexion
close to the other knee's, no more than a trace of effusion on the stroke test
(Sturgill 2009), little pain, and quadriceps and single-leg hop limb symmetry (involved ÷
uninvolved × 100) above a floor. Speed and hills in stage 5 wait for a higher symmetry,
the return-to-sport gate of Kyritsis et al. 2016 (BJSM). Every number is a setting of the
protocol in force; every criterion reads the latest assessment of its measure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model import Effusion, KneeProblem, Log, RunType, SurgeryCheck
from core.rules.protocol import Protocol

# Stroke-test grades that allow running (Rambaud 2018: no or trace effusion).
EFFUSION_ALLOWED = (Effusion.NONE, Effusion.TRACE)
# The run types that wait for the return-to-sport symmetry (Kyritsis 2016).
HELD_RUN_TYPES = (RunType.HILLS, RunType.SPEED)
STATE = {True: "met", False: "not yet", None: "not measured"}
# The measures an assessment may record (any may be left out).
MEASURES = tuple(name for name in SurgeryCheck.__dataclass_fields__
                 if name not in ("id", "date", "notes", "recorded_at"))


@dataclass(frozen=True)
class Criterion:
    """One return-to-run criterion: the rule in words, what was measured, and whether it is
    met (True), not yet (False) or not measured (None)."""

    key: str
    rule: str  # e.g. "Flexion at least 95 % of the other knee"
    value: str  # e.g. "94 %"; "" when not measured
    met: bool | None
    date: dt.date | None = None  # of the assessment it was read from

    @property
    def state(self) -> str:
        return STATE[self.met]

    @property
    def measured(self) -> str:
        """The value and its date: ``94 % on 2026-05-04``."""
        return f"{self.value} on {self.date.isoformat()}" if self.date else self.value

    def describe(self) -> str:
        """The criterion in one line: ``Flexion at least 95 % of the other knee: 94 % on
        2026-05-04 (not yet)``."""
        if self.met is None:
            return f"{self.rule}: {self.measured or self.state}"
        return f"{self.rule}: {self.measured} ({self.state})"


def after_surgery(log: Log) -> bool:
    return log.profile is not None and log.profile.knee_problem is KneeProblem.AFTER_SURGERY


def latest_measures(log: Log, since: dt.date | None) -> dict[str, tuple[object, dt.date]]:
    """The latest value of each measure (with its date), from assessments dated ``since``
    or later (all of them when None): a measure left empty in a later assessment keeps
    its earlier value."""
    checks = log.surgery_checks if since is None else log.surgery_checks.since(since)
    latest: dict[str, tuple[object, dt.date]] = {}
    for check in checks:  # date order, then the order they were entered
        for name in MEASURES:
            value = getattr(check, name)
            if value is not None:
                latest[name] = (value, check.date)
    return latest


def criteria(log: Log, protocol: Protocol, since: dt.date | None, today: dt.date
             ) -> tuple[Criterion, ...]:
    """Rambaud 2018's return-to-run criteria for this runner on ``today``, each from the
    latest assessment of its measure since ``since``, with the protocol's numbers."""
    weeks_needed = protocol.surgery.min_weeks
    flexion_needed = protocol.surgery.flexion_min_percent
    pain_below = protocol.surgery.pain_below
    symmetry_needed = protocol.surgery.symmetry_min_percent
    latest = latest_measures(log, since)

    def measured(name: str, rule: str, shown, met) -> Criterion:
        if name not in latest:
            return Criterion(name, rule, "", None)
        value, day = latest[name]
        return Criterion(name, rule, shown(value), met(value), day)

    surgery_date = log.profile.surgery_date if log.profile else None
    weeks_rule = f"At least {weeks_needed} weeks since surgery"
    if surgery_date is None:
        weeks = Criterion("weeks_since_surgery", weeks_rule, "surgery date not recorded", None)
    else:
        days = (today - surgery_date).days
        weeks = Criterion("weeks_since_surgery", weeks_rule,
                          f"{days // 7} weeks, surgery on {surgery_date.isoformat()}",
                          days >= weeks_needed * 7)
    allowed = " or ".join(grade.value for grade in EFFUSION_ALLOWED)
    return (
        weeks,
        measured("full_extension", "Full extension", lambda v: "yes" if v else "no",
                 lambda v: v),
        measured("flexion_percent", f"Flexion at least {flexion_needed:g} % of the other knee",
                 _percent, lambda v: v >= flexion_needed),
        measured("effusion", f"Effusion {allowed} on the stroke test", lambda v: v.value,
                 lambda v: v in EFFUSION_ALLOWED),
        measured("pain", f"Knee pain below {pain_below}/10", lambda v: f"{v}/10",
                 lambda v: v < pain_below),
        measured("quadriceps_symmetry_percent",
                 f"Quadriceps strength symmetry at least {symmetry_needed:g} %", _percent,
                 lambda v: v >= symmetry_needed),
        measured("hop_symmetry_percent",
                 f"Single-leg hop symmetry at least {symmetry_needed:g} %", _percent,
                 lambda v: v >= symmetry_needed),
    )


def gate(log: Log, protocol: Protocol, since: dt.date | None, today: dt.date
         ) -> tuple[Criterion, ...]:
    """The criteria the move to stage 4 also needs: none unless the runner is after
    knee surgery."""
    return criteria(log, protocol, since, today) if after_surgery(log) else ()


def all_met(found: tuple[Criterion, ...]) -> bool:
    return all(criterion.met for criterion in found)


def reason(found: tuple[Criterion, ...]) -> str:
    """The criteria as a suggestion's reason names them ("" when there are none)."""
    if not found:
        return ""
    return (" After surgery, the return-to-run criteria hold (Rambaud 2018): " +
            "; ".join(f"{c.rule[:1].lower()}{c.rule[1:]} ({c.value})" for c in found) + ".")


def symmetry_short(log: Log, protocol: Protocol) -> str | None:
    """The latest quadriceps and hop symmetries (``quadriceps 85 %, hop not measured``)
    while either is below the return-to-sport level (Kyritsis 2016) or not measured;
    None when not after surgery, or when both reach it."""
    if not after_surgery(log):
        return None
    needed = protocol.surgery.symmetry_performance_percent
    latest = latest_measures(log, None)
    shown, short = [], False
    for name, what in (("quadriceps_symmetry_percent", "quadriceps"),
                       ("hop_symmetry_percent", "hop")):
        value = latest[name][0] if name in latest else None
        if isinstance(value, (int, float)):  # a symmetry: a percentage
            shown.append(f"{what} {_percent(value)}")
            short = short or value < needed
        else:
            shown.append(f"{what} not measured")
            short = True
    return ", ".join(shown) if short else None


def _percent(value: float) -> str:
    return f"{value:g} %"
