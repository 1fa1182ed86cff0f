"""The one family of errors core raises, each with a message a runner can read."""

from __future__ import annotations

from pathlib import Path


class RunbackError(Exception):
    """Base of every error core raises on purpose. ``str(error)`` is the message to show."""


class InvalidInput(RunbackError, ValueError):
    """A value given to core is out of range or of the wrong kind.

    The message names the field, what was given and what is accepted.
    """

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


class ProtocolError(RunbackError):
    """The protocol definition (or a runner's override of it) breaks a rule."""


class DataFileError(RunbackError):
    """A runner's data file cannot be used as it is. It has not been modified."""

    # The cause alone, in a few words, when a write failed (``core.file.datafile.write_error``).
    reason: str = ""

    def __init__(self, path, message: str):
        self.path = path
        super().__init__(message)


class FileMissing(DataFileError):
    """The data file does not exist."""


class NotARunbackFile(DataFileError):
    """The file is not a SQLite database, is damaged, or belongs to another app."""


class BrokenRow(NotARunbackFile):
    """A row another program changed holds a cell Runback cannot use (a date not in ISO
    form, an unknown kind, a plan value that is not JSON …). The message names the table,
    the row's key and the column; ``table``, ``key`` and ``column`` say the same."""

    def __init__(self, path, table: str, key: str, column: str, message: str):
        self.table, self.key, self.column = table, key, column
        super().__init__(path, message)


class UnusablePath(NotARunbackFile):
    """The path can never be a runner file: a folder, a FIFO, a device, or a name longer
    than the file system allows. Refused before anything opens it."""


class FileTooNew(DataFileError):
    """The file was written by a newer Runback; this version must not touch it."""


class FileNotWritable(DataFileError):
    """The file or its folder cannot be written (read-only, or the disk is full)."""


class FileInUse(DataFileError):
    """The file is already open in another Runback window or process."""


class FileHasLinks(DataFileError):
    """The file has more than one name (hard links): a second name could be opened as
    another file, so Runback refuses it until it has a file of its own."""


class EmptyRunnerFile(NotARunbackFile):
    """The file is empty: a first creation was cut short (by an older Runback). Nothing was
    ever saved in it; it may be created again in its place (``Store.recreate_empty``)."""


class ExportError(RunbackError):
    """An export could not be written. No partial file is left behind."""


class ExportExists(ExportError):
    """The export would replace files already in the folder, and was not told to: nothing
    was written. ``paths``: those files."""

    def __init__(self, message: str, paths: tuple[Path, ...]):
        super().__init__(message)
        self.paths = paths
