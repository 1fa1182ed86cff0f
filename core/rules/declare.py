"""How a protocol setting is declared: once, with everything the app needs to know of it.

A section of the protocol is a frozen dataclass (``core/rules/settings.py``); each field is one
setting, declared with ``setting(...)`` (a number) or ``list_setting(...)`` (the ladder,
the programme …): its type (the annotation), default, range, unit, label, help and
source. The registry reads those declarations, and everything else derives from them:
the validation of a protocol's data, the keys a plan change may name, the physio's form
(``ui/physio_forms.py``) and RULES.md's settings table. The model is MusicBrainz
Picard's ``picard/options.py``: one declaration per option, every reader derives.

A setting's key (``pain.threshold``) is its identity in the protocol file and in a
runner's plan changes: data. Code reads a value by attribute, ``protocol.pain.threshold``.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

from core.errors import ProtocolError

T = TypeVar("T")
N = TypeVar("N", int, float)  # a number setting's type: its default's, ``2`` an int
_SPEC = "runback.setting"


class _Declared:
    """What every declaration has: its key (``section.name``), and its value in a
    protocol, read by the declaration for code that walks every setting (the form)."""

    key: str

    @property
    def section(self) -> str:
        return self.key.partition(".")[0]

    @property
    def name(self) -> str:
        return self.key.partition(".")[2]

    def of(self, sections: object) -> Any:
        return getattr(getattr(sections, self.section), self.name)


@dataclass(frozen=True)
class Setting(_Declared):
    """A number setting. ``key`` and ``kind`` (``int`` or ``float``, the field's
    annotation) are filled in by the registry."""

    default: float
    low: float
    high: float
    label: str
    unit: str = ""
    help: str = ""
    source: str = ""
    below: str = ""  # the key of a setting this one must stay below ...
    at_most: str = ""  # ... or at most
    key: str = ""
    kind: type = int

    @property
    def suffix(self) -> str:
        """The unit as a spin box and a plan change show it after the number (" / 10")."""
        return f" {self.unit}" if self.unit else ""

    def check(self, value: Any) -> None:
        check_number(self.key, value, self.kind, self.low, self.high)


@dataclass(frozen=True)
class ListSetting(_Declared):
    """A list setting (the ladder, the programme …): ``check`` refuses a bad list with a
    ``ProtocolError`` naming the key; ``convert`` turns the stored list into the typed
    value code reads. ``items`` names what it lists, for a summary ("8 levels")."""

    default: tuple
    check: Callable[[Any], None]
    convert: Callable[[Any], Any]
    label: str
    items: str = ""
    help: str = ""
    source: str = ""
    key: str = ""

    def describe(self, value: Any) -> str:
        """The value in a few words: "8 levels", or the names themselves."""
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return f"{len(value)} {self.items}" if isinstance(value, (list, tuple)) else str(value)


def setting(default: N, low: float, high: float, label: str, unit: str = "", *,
            help: str = "", source: str = "", below: str = "", at_most: str = "") -> N:
    """Declare a number setting as a dataclass field (typed as its default for mypy:
    ``threshold: int = setting(2, …)`` is an int to the type checker)."""
    spec = Setting(default, low, high, label, unit, help, source, below, at_most)
    return typing.cast(N, dataclasses.field(metadata={_SPEC: spec}))


def list_setting(default: tuple, check: Callable[[Any], None], convert: Callable[[Any], T],
                 label: str, items: str = "", *, help: str = "", source: str = "") -> T:
    """Declare a list setting as a dataclass field."""
    spec = ListSetting(default, check, convert, label, items, help, source)
    return typing.cast(T, dataclasses.field(metadata={_SPEC: spec}))


class SectionClass(Protocol):
    """A section's class: a frozen dataclass of declared settings, with its title."""

    title: ClassVar[str]


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    cls: type

    def declarations(self) -> Iterator[Setting | ListSetting]:
        hints = typing.get_type_hints(self.cls)
        for field in dataclasses.fields(self.cls):
            spec = field.metadata[_SPEC]
            key = f"{self.name}.{field.name}"
            if isinstance(spec, Setting):
                yield dataclasses.replace(spec, key=key, kind=hints[field.name])
            else:
                yield dataclasses.replace(spec, key=key)


class Registry:
    """Every declared setting, in order: the sections of a ``Sections`` class (each an
    annotated attribute whose class has a ``title``)."""

    def __init__(self, sections: tuple[Section, ...]):
        self.sections = sections
        # Each section's declarations, read once: building a protocol (one per plan change
        # in force) reads them again, and reading them costs the type hints of the class.
        self._of_section = {section.name: tuple(section.declarations())
                            for section in sections}
        declared = [spec for section in sections for spec in self._of_section[section.name]]
        self.scalars: tuple[Setting, ...] = tuple(
            s for s in declared if isinstance(s, Setting))
        self.lists: tuple[ListSetting, ...] = tuple(
            s for s in declared if isinstance(s, ListSetting))
        self.keys: tuple[str, ...] = tuple(s.key for s in (*self.scalars, *self.lists))
        self._by_key = {s.key: s for s in declared}

    @classmethod
    def of(cls, sections: type) -> Registry:
        return cls(tuple(Section(name, section.title, section)
                         for name, section in typing.get_type_hints(sections).items()))

    def replacing(self, name: str, section_cls: type[SectionClass]) -> Registry:
        """The same registry with one section's class replaced (or added at the end)."""
        found = [s for s in self.sections if s.name == name]
        new = Section(name, section_cls.title, section_cls)
        if not found:
            return Registry((*self.sections, new))
        return Registry(tuple(new if s.name == name else s for s in self.sections))

    def find(self, key: str) -> Setting | ListSetting | None:
        return self._by_key.get(key)

    def scalar(self, key: str) -> Setting:
        spec = self._by_key[key]
        if not isinstance(spec, Setting):
            raise KeyError(key)
        return spec

    def defaults(self) -> dict[str, dict[str, Any]]:
        """The declared defaults as a protocol file holds them."""
        data: dict[str, dict[str, Any]] = {}
        specs: tuple[Setting | ListSetting, ...] = (*self.scalars, *self.lists)
        for spec in specs:
            value = spec.default
            data.setdefault(spec.section, {})[spec.name] = (
                [dict(v) if isinstance(v, dict) else v for v in value]
                if isinstance(value, tuple) else value)
        return data

    def validate(self, data: Any) -> None:
        """Refuse a protocol's data that breaks a declaration: a ``ProtocolError`` names
        the key and the rule."""
        if not isinstance(data, dict):
            raise ProtocolError("The protocol must be a table of sections.")
        for section, table in data.items():
            names = table.keys() if isinstance(table, dict) else [""]
            for name in names:
                if f"{section}.{name}" not in self._by_key:
                    raise ProtocolError(f"Protocol key '{section}.{name}' is not a known "
                                        f"setting (a typo?). Known settings: "
                                        f"{', '.join(self.keys)}.")
        for spec in self.scalars:
            table = data.get(spec.section)
            if not isinstance(table, dict) or spec.name not in table:
                raise ProtocolError(f"Protocol key '{spec.key}' is missing.")
            spec.check(table[spec.name])
        for spec in self.scalars:
            for how, other in (("below", spec.below), ("at most", spec.at_most)):
                if not other:
                    continue
                larger = self.scalar(other)
                a, b = data[spec.section][spec.name], data[larger.section][larger.name]
                if (how == "below" and not a < b) or (how == "at most" and not a <= b):
                    raise ProtocolError(f"Protocol key '{spec.key}' ({a}) must be {how} "
                                        f"'{other}' ({b}).")
        for listed in self.lists:
            listed.check(data.get(listed.section, {}).get(listed.name))

    def build(self, data: dict[str, Any], into: object) -> None:
        """Set one typed section object per section on ``into`` from validated data."""
        for section in self.sections:
            values = {}
            for spec in self._of_section[section.name]:
                value = data[section.name][spec.name]
                values[spec.name] = spec.convert(value) if isinstance(spec, ListSetting) \
                    else value
            setattr(into, section.name, section.cls(**values))


def check_number(key: str, value: Any, kind: type, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ProtocolError(f"Protocol key '{key}' must be a number from {low:g} to {high:g} "
                            f"(got {value!r}).")
    # The range first: NaN and infinity fail it, and int() would raise on them.
    if not low <= value <= high:
        raise ProtocolError(f"Protocol key '{key}' must be from {low:g} to {high:g} "
                            f"(got {value!r}).")
    # 2.0 for a whole-number key too: what is saved must be what the setting holds.
    if kind is int and (isinstance(value, float) or value != int(value)):
        raise ProtocolError(f"Protocol key '{key}' must be a whole number (got {value!r}).")


def markdown(registry: Registry) -> str:
    """RULES.md's "Settings" section: every declared setting, grouped by section."""
    lines = ["## Settings", "",
             "Every setting, generated from its declaration in `core/rules/settings.py` "
             "(`python -m core.rules.settings --markdown`; a test checks this table is current).",
             ""]
    for section in registry.sections:
        lines += [f"### {section.title}", "",
                  "| setting | on the Physio tab | default | range | what it does | source |",
                  "|---|---|---|---|---|---|"]
        for spec in section.declarations():
            if isinstance(spec, Setting):
                default = f"{spec.default:g}{spec.suffix}"
                limits = f"{spec.low:g}–{spec.high:g}"
                if spec.kind is int:
                    limits += ", whole"
            else:
                default, limits = spec.describe(spec.default), "—"
            lines.append(f"| `{spec.key}` | {spec.label} | {default} | {limits} | "
                         f"{spec.help or '—'} | {spec.source or '—'} |")
        lines.append("")
    return "\n".join(lines)
