"""The window's automatic backups: after a change (at most every 30 minutes) and on close.

``core.file.backups.Keeper`` decides; this only tells it when a change was saved
(``Operations.data_changed``) and when the file is about to close (the main window's
close and file switch). The settings come from the app's settings file, under
``backups/`` (``daily``, ``weekly``, ``monthly``, ``minimum_interval_minutes``); a key
missing or not a whole number takes its default from ``core.file.backups.BackupSettings``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from core.changes import NOT_SAVED
from core.errors import RunbackError

if TYPE_CHECKING:  # core.file.backups is imported on first use: not at start-up (~3 ms)
    from core.changes import Changes
    from core.file.backups import BackupSettings, Keeper
    from core.runback import Runback
    from ui.common import Operations

def backup_settings(settings: QSettings) -> BackupSettings:
    """The backup settings stored under ``backups/`` (the defaults where absent or bad)."""
    from core.file.backups import BackupSettings

    values = {}
    for field in dataclasses.fields(BackupSettings):
        stored = settings.value(f"backups/{field.name}")
        try:
            value = int(str(stored))
        except ValueError:
            continue
        if 0 <= value <= 10_000:
            values[field.name] = value
    return BackupSettings(**values)


class AutoBackup:
    """Backs up the file open in ``ops`` at the moments ``core.file.backups.due`` names.

    :param say: shows a line in the window's status bar (a backup taken, or why not).
    """

    def __init__(self, ops: Operations, settings: QSettings, say: Callable[[str], None]):
        self.ops = ops
        self._stored = settings
        self._settings: BackupSettings | None = None
        self.say = say
        self._for: Runback | None = None
        self._keeper: Keeper | None = None
        ops.data_changed.connect(self._changed)

    @property
    def settings(self) -> BackupSettings:
        """The backup settings, read from the window's settings when first asked for."""
        if self._settings is None:
            self._settings = backup_settings(self._stored)
        return self._settings

    def keeper(self) -> Keeper | None:
        """The keeper of the file open now (a new one after a switch of file)."""
        runback = self.ops.runback
        if runback is not self._for:
            self._for = runback
            path = runback.path if runback is not None else None
            from core.file.backups import Keeper

            self._keeper = (Keeper(Path(path), runback.clock, self.settings)
                            if path is not None else None)
        return self._keeper

    def forget(self) -> None:
        """Take no backup of the file open now (it is being closed by a restore)."""
        self._for, self._keeper = self.ops.runback, None

    def closing(self) -> Path | None:
        """Call just before the open file closes: a backup if it changed since the last."""
        return self._run(lambda runback, keeper: runback.back_up_if_due(keeper, closing=True))

    def _changed(self, changes: Changes) -> None:
        if changes.areas - NOT_SAVED:
            self._run(lambda runback, keeper: runback.back_up_if_due(keeper))

    def _run(self, step) -> Path | None:
        keeper = self.keeper()
        if keeper is None:
            return None
        try:
            taken = step(self.ops.runback, keeper)
        except RunbackError as error:
            self.say(f"No backup was taken: {error}")
            return None
        if taken is not None:
            self.say(f"Backed up to {taken.parent.name}/{taken.name}.")
        return taken
