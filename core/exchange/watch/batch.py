"""Importing without asking: what ``runback import`` does with each activity (the desktop
app asks the runner to confirm each proposal instead).

Walk–runs and runs are saved with what the file says; the pain during (and effort) stay
unknown until the runner adds them (``Runback.add_pain_during``). Each outcome is one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import InvalidInput
from core.exchange.watch.files import WatchFiles
from core.exchange.watch.match import ImportKind, ImportProposal

if TYPE_CHECKING:
    from core.runback import Runback


class Status(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"  # readable, but nothing to save (before the programme's start …)
    BAD = "bad"  # the file (or the export's activity) cannot be read


@dataclass(frozen=True)
class Outcome:
    """What became of one file (or one activity of an export): ``line`` says it."""

    name: str
    status: Status
    line: str
    session_id: int | None = None
    pain_unknown: bool = False


def import_paths(runback: Runback, paths: Iterable[Path | str]) -> Iterator[Outcome]:
    """Read, match and save every activity in ``paths``, one outcome each, in order."""
    with WatchFiles(paths, runback.clock()) as files:
        for read in files:
            if read.activity is None:
                yield Outcome(read.source.name, Status.BAD, f"{read.message}")
                continue
            yield save(runback, runback.import_proposal(read.activity))


def save(runback: Runback, proposal: ImportProposal) -> Outcome:
    """Save one proposal as it is (nothing asked): its outcome."""
    name = proposal.activity.source
    if proposal.kind is ImportKind.DUPLICATE:
        return Outcome(name, Status.DUPLICATE, f"{name}: duplicate, skipped: "
                                               f"{proposal.reason}")
    if not proposal.saved:
        return Outcome(name, Status.SKIPPED, f"{name}: skipped: {proposal.reason}")
    try:
        changes = runback.save_import(proposal)
    except InvalidInput as error:
        status = Status.DUPLICATE if error.field == "duplicate" else Status.SKIPPED
        return Outcome(name, status, f"{name}: {status.value}: {error}")
    session_id = _newest_session(runback, proposal)
    words = describe(proposal)
    unknown = proposal.pain_during is None
    line = f"{name}: imported as {words}"
    if changes.notice:
        line += f" ({changes.notice.splitlines()[0]})"
    return Outcome(name, Status.IMPORTED, line, session_id, unknown)


def describe(proposal: ImportProposal, dated: bool = True) -> str:
    """The session in a few words: "a walk–run on 2026-05-04, level 1, 8 × 1 / 2 min"
    (without "on 2026-05-04" when not ``dated``: the app shows the date beside it)."""
    day = f" on {proposal.date.isoformat()}" if dated else ""
    cadence = f", cadence {proposal.cadence} steps/min" if proposal.cadence else ""
    distance = f", {proposal.distance_km:.2f} km" if proposal.distance_km else ""
    if proposal.kind is ImportKind.WALK_RUN:
        return (f"a walk–run{day}, level {proposal.level}, {proposal.rounds} × "
                f"{proposal.run_minutes:g} min run / {proposal.walk_minutes:g} min walk"
                f"{cadence}")
    if proposal.kind is ImportKind.RUN:
        return f"a run{day}, {proposal.minutes:g} min{distance}{cadence}"
    what = proposal.cross_training.value if proposal.cross_training else "other"
    return f"cross-training ({what}){day}, {proposal.minutes:g} min{distance}"


def _newest_session(runback: Runback, proposal: ImportProposal) -> int | None:
    kind = proposal.session_kind
    if kind is None:
        return None
    same_day = runback.log.sessions_of(kind).between(proposal.date, proposal.date)
    return max((s.id for s in same_day), default=None)
