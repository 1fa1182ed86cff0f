"""The protocol: every threshold, the walk–run ladder and the exercise programme.

Each setting is declared once in ``core/rules/settings.py``; the defaults are loaded from
``resources/protocol.toml`` (a test keeps the two equal). A runner's physio may override any
key; overrides are applied over the defaults and the result is validated again, so an
override can never produce a protocol the engine cannot use. A bad value names its key
and the rule it breaks.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from core.errors import ProtocolError
from core.model import ExerciseTick, RunType
from core.resources import resource_path
from core.rules import settings
from core.rules.settings import (  # noqa: F401 - part of this module's interface
    DRILLS_MAX,
    EXERCISES_MAX,
    NAME_MAX_CHARS,
    PAIN_ZONES,
    PAIN_ZONES_SOURCE,
    Level,
)


def pain_zones_text() -> str:
    """"Zones: 0–2 safe, 3–5 acceptable, above 5 high risk (Thomeé 1997)"."""
    zones, low = [], 0
    for high, name in PAIN_ZONES:
        zones.append(f"{low}–{high} {name}")
        low = high + 1
    return (f"Zones: {', '.join(zones)}, above {PAIN_ZONES[-1][0]} high risk "
            f"({PAIN_ZONES_SOURCE})")


def keys() -> tuple[str, ...]:
    """Every setting's key, as a protocol file and a plan change name it."""
    return settings.REGISTRY.keys


class Protocol(settings.Sections):
    """A validated protocol. Read a value by attribute, ``protocol.pain.threshold``: each
    section is a typed object declared in ``core/rules/settings.py``."""

    def __init__(self, data: dict[str, Any]):
        registry = settings.REGISTRY
        registry.validate(data)
        self._data = data
        registry.build(data, self)

    @property
    def ladder(self) -> tuple[Level, ...]:
        return self.walk_run.ladder

    @property
    def exercises(self) -> tuple[ExerciseTick, ...]:
        return self.strength.exercises

    @property
    def reintroduce(self) -> tuple[RunType, ...]:
        return self.performance.reintroduce

    def stored(self, key: str) -> Any:
        """A setting's value as a protocol file stores it, by its key: what a plan change
        records as the value it replaced (lists as copies). Code reading a value for a
        rule reads the attribute instead (``protocol.pain.threshold``)."""
        section, name = _split(key)
        return copy.deepcopy(self._data[section][name])

    def as_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def with_override(self, key: str, value: Any) -> Protocol:
        """A new protocol with one key changed; raises ``ProtocolError`` if it breaks a rule."""
        return self.with_overrides({key: value})

    def with_overrides(self, changes: dict[str, Any]) -> Protocol:
        """A new protocol with several keys changed together, validated once as a whole
        (raising a threshold and its stop together must not fail half-way)."""
        data = self.as_dict()
        for key, value in changes.items():
            if key not in settings.REGISTRY.keys:
                raise ProtocolError(f"'{key}' is not a protocol setting. Known settings: "
                                    f"{', '.join(settings.REGISTRY.keys)}.")
            section, name = _split(key)
            data[section][name] = copy.deepcopy(value)
        return Protocol(data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Protocol) and self._data == other._data

    def __hash__(self) -> int:
        return hash(repr(self._data))

    @property
    def top_level(self) -> int:
        return len(self.ladder)

    def level(self, number: int) -> Level:
        return self.ladder[max(1, min(number, self.top_level)) - 1]


def _split(key: str) -> tuple[str, str]:
    section, _, name = key.partition(".")
    return section, name


def load(path: Path | None = None) -> Protocol:
    """Load and validate a protocol file (the bundled default when ``path`` is None)."""
    path = path or resource_path("protocol.toml")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ProtocolError(f"Cannot read the protocol file {path}: {error.strerror}.") from None
    except UnicodeDecodeError as error:
        raise ProtocolError(f"The protocol file {path} is not UTF-8 text ({error.reason} at "
                            f"byte {error.start}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProtocolError(f"The protocol file {path} is not valid TOML: {error}.") from None
    return Protocol(data)


_default: Protocol | None = None


def default() -> Protocol:
    """The bundled protocol, loaded once."""
    global _default
    if _default is None:
        _default = load()
    return _default
