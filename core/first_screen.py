"""The saved first screen: Today as the runner will find it, drawn before the rest loads.

Closing a runner file saves, beside it, the Today card (core/today_card.py) of each of the
next few days, with the file's fingerprint. At start-up the window draws today's card at
once, then loads the file and draws it live. The saved card is used only when the file is
exactly as it was at that close; another day, a file changed since (by anyone), left open
or after a crash, a damaged or foreign card: it is not used, and start-up takes the long
way. It is a copy of what the file says, never a source of data.

This module is read before anything else of Runback loads: it imports only the standard
library's lightest modules (the GUI toolkit has loaded them already). Hence marshal, not
JSON (whose import alone is ~2 ms of a first screen that costs ~20): the card is checked
against a CRC-32 before marshal reads it, so marshal only reads bytes this module wrote.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from pathlib import Path

DAYS = 7  # cards saved at a close: today and the six days after
FORMAT = 2
SUFFIX = "-today"  # beside the file: runner.db-today
MAGIC = b"Runback first screen\n"
TODAY_TEXT = ("stage_label", "headline", "details", "verdict", "decision", "accept", "week")


def saved_path(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def fingerprint(db: Path) -> list[int] | None:
    """Who the file is and when it last changed; None while it is open or was left open
    (its write-ahead log exists: the main file may not hold every entry yet)."""
    if os.path.exists(f"{db}-wal"):
        return None
    try:
        info = os.stat(db)
    except OSError:
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns]


def read(db: Path, day: str) -> dict | None:
    """The saved card of ``day`` (ISO date) for ``db``, if it still tells the truth."""
    try:
        with open(saved_path(db), "rb") as handle:
            saved = decode(handle.read())
        current = fingerprint(db)
        if (not isinstance(saved, dict) or saved.get("format") != FORMAT or current is None
                or saved.get("file") != current):
            return None
        card = saved["cards"][day]
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        return None
    return card if well_formed(card, day) else None


def encode(saved: dict) -> bytes:
    payload = marshal.dumps(saved)
    return MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


def decode(data: bytes) -> object:
    """What ``encode`` wrote, or None for anything else (damaged, cut short, foreign)."""
    start = len(MAGIC) + 4
    payload = data[start:]
    if (not data.startswith(MAGIC) or len(data) <= start
            or zlib.crc32(payload) != int.from_bytes(data[len(MAGIC):start], "big")):
        return None
    return marshal.loads(payload)


def well_formed(card: object, day: str) -> bool:
    """Every field the window reads is there, of the right kind (a hand-edited or
    half-written card is not drawn)."""
    try:
        today, check_in, tabs = card["today"], card["check_in"], card["tabs"]
        return (card["day"] == day and isinstance(card["title"], str)
                and isinstance(today["setup"], bool)
                and isinstance(today["show_decision"], bool)
                and all(isinstance(today[key], str) for key in TODAY_TEXT)
                and isinstance(today["suggestion"], (str, type(None)))
                and isinstance(card["stage"], (int, type(None)))
                and (check_in is None or (isinstance(check_in["prompt"], str)
                                          and isinstance(check_in["start"], str)
                                          and isinstance(check_in["pain"], (int, type(None)))))
                and len(tabs) == 5
                and all(len(tab) == 2 and all(isinstance(text, str) for text in tab)
                        for tab in tabs))
    except (KeyError, TypeError, IndexError):
        return False


def close_saving(runback) -> None:
    """Close ``runback`` (core.runback.Runback), then save its first screen for the next
    days. Saving is best effort: a failure leaves no card that could be used."""
    import datetime as dt

    from core.errors import RunbackError
    from core.today_card import card

    path = runback.store.path
    cards = None
    if path is not None:
        try:
            days = (runback.today + dt.timedelta(days=n) for n in range(DAYS))
            cards = {day.isoformat(): card(runback.on(day)) for day in days}
        except RunbackError:
            cards = None
    runback.close()
    if cards is not None:
        write(path, cards)


def write(db: Path, cards: dict[str, dict]) -> None:
    """Save ``cards`` for ``db`` as it is now (closed), readable by its owner only."""
    target = saved_path(db)
    staging = target.with_name(target.name + ".new")
    try:
        current = fingerprint(db)
        if current is None:
            raise OSError("the file is open")
        data = encode({"format": FORMAT, "file": current, "cards": cards})
        _remove(staging)
        handle = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(staging, target)
    except OSError:
        forget(db)


def forget(db: Path) -> None:
    """Remove the saved first screen of ``db`` (and any half-written one)."""
    target = saved_path(db)
    for path in (target, target.with_name(target.name + ".new")):
        with contextlib.suppress(OSError):  # a card left unreadable is never drawn
            _remove(path)


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
