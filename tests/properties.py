"""Property tests in two runs: a short one in the default suite (a developer's loop), the
same property at length under ``-m slow`` (run by .ci/run).

``@short_and_long(150, strategies…)`` on a test function gives it ``SHORT`` examples and
adds ``<name>_at_length`` beside it in its module, marked slow, with 150: the same
function, the same strategies, only the number of examples differs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis.strategies import SearchStrategy

SHORT = 10


def short_and_long(examples: int, *strategies: SearchStrategy) -> Callable:
    def decorate(test: Callable) -> Callable:
        short = settings(max_examples=SHORT, deadline=None)(given(*strategies)(test))
        at_length = pytest.mark.slow(
            settings(max_examples=examples, deadline=None)(given(*strategies)(test)))
        name = f"{test.__name__}_at_length"
        at_length.__name__ = at_length.__qualname__ = name
        setattr(sys.modules[test.__module__], name, at_length)
        return short

    return decorate
