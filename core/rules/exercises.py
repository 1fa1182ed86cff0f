"""How each exercise is done: the how-to library and the physio's own words.

The library (``resources/exercises.toml``) gives every exercise of the default programme a
how-to in four parts (position, movement, what to feel, the common mistake), an easier and
a harder variant, and a line drawing (``resources/exercises/<key>.svg``). The dose (sets ×
reps or hold) is the protocol's.

An exercise of a runner's programme (the ``strength.exercises`` setting) may carry, beside
its dose:

- ``variant``: ``"easier"``, ``"standard"`` or ``"harder"``, the library's versions (only
  for an exercise the library describes);
- ``how_to``: the four parts in the physio's own words, replacing the library's (for an
  exercise the physio added, the only text there is).

Both travel in the plan change that sets the programme (``core/rules/plan.py``), so an
edited text or a variant chosen is dated, says who and why, and a decision made last month
keeps the programme of its day, as every other setting does.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ProtocolError
from core.model import ExerciseTick, Variant
from core.resources import resource_path
from core.validate import control_character

if TYPE_CHECKING:
    from core.rules.protocol import Protocol

# The parts of a how-to, in the order shown, with their headings.
PARTS = (("position", "Position"), ("movement", "Movement"), ("feel", "What to feel"),
         ("mistake", "Common mistake"))
PART_MAX_CHARS = 400
VARIANT_NAME_MAX_CHARS = 80
ILLUSTRATIONS = "exercises"  # the drawings' folder in resources/


@dataclass(frozen=True)
class HowTo:
    position: str
    movement: str
    feel: str
    mistake: str

    def parts(self) -> tuple[tuple[str, str], ...]:
        """(heading, text) in the order shown: Position, Movement, What to feel, Common
        mistake."""
        return tuple((heading, getattr(self, part)) for part, heading in PARTS)

    def as_dict(self) -> dict[str, str]:
        return {part: getattr(self, part) for part, _ in PARTS}


@dataclass(frozen=True)
class VariantText:
    name: str
    how: str  # what changes from the standard exercise


@dataclass(frozen=True)
class LibraryEntry:
    key: str
    how_to: HowTo
    easier: VariantText
    harder: VariantText
    illustration: Path


@dataclass(frozen=True)
class Guide:
    """One exercise of a programme as the Strength tab shows it."""

    key: str
    name: str
    dose: str
    variant: Variant
    how_to: HowTo | None  # None: an added exercise the physio wrote no text for
    own_words: bool  # the how-to is the physio's, not the library's
    easier: VariantText | None  # None: the library does not describe this exercise
    harder: VariantText | None
    illustration: Path | None

    @property
    def variant_text(self) -> VariantText | None:
        """The chosen variant's name and what changes; None for the standard form."""
        return {Variant.EASIER: self.easier, Variant.HARDER: self.harder}.get(self.variant)

    @property
    def shown_name(self) -> str:
        """"Glute bridge", or "Glute bridge: single-leg bridge" with a variant chosen."""
        chosen = self.variant_text
        return f"{self.name}: {chosen.name[0].lower()}{chosen.name[1:]}" if chosen else self.name


def _text(where: str, value: Any, max_chars: int) -> str:
    """Text a person reads: printable, on one line, 1 to ``max_chars`` characters.
    ``where`` names it in a message: "Protocol key 'plank.how_to.feel'"."""
    if not isinstance(value, str) or not value.strip():
        raise ProtocolError(f"{where} must be text of 1–{max_chars} characters.")
    if len(value) > max_chars:
        raise ProtocolError(f"{where} is {len(value)} characters long; keep it to "
                            f"{max_chars}.")
    wrong = control_character(value) or ("a line break" if "\n" in value or "\t" in value
                                         else None)
    if wrong:
        raise ProtocolError(f"{where} contains {wrong}; remove it.")
    return value.strip()


def how_to_from(key: str, value: Any, prefix: str = "") -> HowTo:
    """A how-to table with every part, each a line of text: raises ``ProtocolError``
    naming the part (``prefix`` 'key.part') that is missing or wrong."""
    if not isinstance(value, dict):
        raise ProtocolError(f"{prefix}'{key}' must be a table with "
                            f"{', '.join(part for part, _ in PARTS)}.")
    unknown = set(value) - {part for part, _ in PARTS}
    if unknown:
        raise ProtocolError(f"{prefix}'{key}' has no part named {', '.join(sorted(unknown))};"
                            f" its parts are {', '.join(part for part, _ in PARTS)}.")
    return HowTo(**{part: _text(f"{prefix}'{key}.{part}'", value.get(part), PART_MAX_CHARS)
                    for part, _ in PARTS})


def _variant(where: str, value: Any) -> VariantText:
    if not isinstance(value, dict):
        raise ProtocolError(f"'{where}' must be a table with a name and how.")
    return VariantText(_text(f"'{where}.name'", value.get("name"), VARIANT_NAME_MAX_CHARS),
                       _text(f"'{where}.how'", value.get("how"), PART_MAX_CHARS))


def load_library(path: Path | None = None) -> dict[str, LibraryEntry]:
    """Read and check a how-to library (the bundled one when ``path`` is None): every part
    of every exercise, and a drawing that exists."""
    path = Path(path or resource_path("exercises.toml"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProtocolError(f"Cannot read the exercise how-tos {path}: {error}.") from None
    library = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise ProtocolError(f"'{key}' in {path.name} must be a table.")
        drawing = path.parent / ILLUSTRATIONS / str(entry.get("illustration", ""))
        if not entry.get("illustration") or not drawing.is_file():
            raise ProtocolError(f"'{key}.illustration' in {path.name} must name a drawing in "
                                f"{ILLUSTRATIONS}/ (got {entry.get('illustration')!r}).")
        parts = {part: entry.get(part) for part, _ in PARTS}
        library[key] = LibraryEntry(key, how_to_from(key, parts),
                                    _variant(f"{key}.easier", entry.get("easier")),
                                    _variant(f"{key}.harder", entry.get("harder")), drawing)
    return library


_library: dict[str, LibraryEntry] | None = None


def library() -> dict[str, LibraryEntry]:
    """The bundled library, read once."""
    global _library
    if _library is None:
        _library = load_library()
    return _library


def drawing_words(svg: str) -> str:
    """What a drawing shows, in words (its SVG title), for people who cannot see it."""
    found = re.search(r"<title>(.*?)</title>", svg, re.DOTALL)
    return found.group(1).strip() if found else ""


def check_programme_entry(where: str, exercise: dict[str, Any]) -> None:
    """The how-to parts of one ``strength.exercises`` entry (its dose is checked by the
    setting): a known variant, offered only where the library describes it, and a
    complete how-to if one is given."""
    variant = exercise.get("variant", Variant.STANDARD.value)
    if variant not in {v.value for v in Variant}:
        raise ProtocolError(f"Protocol key '{where}.variant' must be one of "
                            f"{', '.join(v.value for v in Variant)} (got {variant!r}).")
    if variant != Variant.STANDARD.value and exercise.get("key") not in library():
        raise ProtocolError(f"Protocol key '{where}.variant': '{exercise.get('key')}' has no "
                            f"{variant} variant; only the exercises Runback describes do.")
    if "how_to" in exercise:
        how_to_from(f"{where}.how_to", exercise["how_to"], "Protocol key ")


def own_words(protocol: Protocol) -> dict[str, dict[str, str]]:
    """The physio's own how-to of each exercise that has one, by key, as stored."""
    return {entry["key"]: entry["how_to"]
            for entry in protocol.stored("strength.exercises") if entry.get("how_to")}


def guides(protocol: Protocol,
           exercises: tuple[ExerciseTick, ...] | None = None) -> tuple[Guide, ...]:
    """Each exercise with its how-to, variant and drawing, in order: the protocol's
    programme, or ``exercises`` (a session's ticks, which keep the name, dose and variant
    of the day they were made) with the protocol's words for them."""
    found, physio_words = library(), own_words(protocol)
    shown = []
    for exercise in protocol.exercises if exercises is None else exercises:
        entry = found.get(exercise.key)
        own = physio_words.get(exercise.key)
        how_to = how_to_from(exercise.key, own) if own else entry.how_to if entry else None
        shown.append(Guide(
            exercise.key, exercise.name, exercise.dose, exercise.variant, how_to,
            own_words=bool(own), easier=entry.easier if entry else None,
            harder=entry.harder if entry else None,
            illustration=entry.illustration if entry else None))
    return tuple(shown)
