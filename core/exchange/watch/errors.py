"""Why a watch file cannot be imported: one message per file, and nothing of it used."""

from __future__ import annotations

from core.errors import RunbackError


class BadActivityFile(RunbackError):
    """A file (or an activity in an export) that cannot be imported. ``str(error)`` says
    why, in words a runner can act on; the caller puts the file's name before it."""
