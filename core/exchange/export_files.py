"""The physio's files on disk: CSV and xlsx writers, and a set written all or none.

CSV: RFC 4180 with every text cell quoted and numbers plain, so no spreadsheet splits a
note on ``;`` or tab into a cell of its own (where ``=2*21`` would run as a formula).
xlsx (XlsxWriter): typed cells, so a note stays the text it was (``00123``, ``50%``,
``1/2``) and a date is a date. Both are written into a hidden folder beside the target
and moved into place together; a failure leaves neither file nor temporary behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

# A cell starting with one of these may run as a formula in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STAGING_PREFIX = ".runback-export-"
# What older versions left when killed mid-export: one hidden file per CSV.
OLD_PARTIALS = (".summary.csv.", ".sessions.csv.")
LINES_A_WRITE = 2000  # lines encoded and written at once, not one by one
WIDEST_COLUMN = 60  # characters: a long note wraps in the cell, not across the screen

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]  # name, header, rows


# A formula start after a separator or a line break inside a text cell. A spreadsheet told
# to split on a character the file does not separate with (";" or tab in a comma file: a
# European locale's default) does not see the quotes mid-line, so "sore;=2*21" would split
# into "sore and a live =2*21; a line break inside a note would start a row with it.
FORMULA_AFTER_SPLIT = re.compile(r"([;,\t\r\n] *)(?=[=+\-@])")


def neutralised(text: str) -> str:
    """Text no spreadsheet runs as a formula, however it splits the line: an apostrophe
    before a formula start at the beginning (OWASP, CSV injection) and after any
    separator or line break inside (``sore;=2*21`` → ``sore;'=2*21``)."""
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if FORMULA_AFTER_SPLIT.search(text):
        text = FORMULA_AFTER_SPLIT.sub(r"\1'", text)
    return text


def cell(value: object) -> object:
    """One CSV cell: plain numbers, ISO dates, yes/no, neutralised text, empty for None."""
    if value is None:
        return ""
    if type(value) is str:  # the common cases first: ten years are a few hundred thousand cells
        return neutralised(value)
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    if isinstance(value, dt.date):
        return value.isoformat()
    return neutralised(str(getattr(value, "value", value)))


class Cells(dict):
    """Each value's CSV text, made once per file: a file's notes, enum words, dates and
    minutes repeat (fifty years are ~700,000 cells, most of them a repeat). Keyed by the
    value: values equal across types read the same (1.0 and 1, an enum and its word),
    but for ``True`` and 1, so a bool never gets here (``csv_line``)."""

    def __missing__(self, value: object) -> str:
        shown = cell(value)
        text = '"' + shown.replace('"', '""') + '"' if type(shown) is str else str(shown)
        self[value] = text
        return text


def csv_line(row: Sequence, cells: Cells | None = None) -> str:
    """One CSV record: text quoted (quotes doubled), numbers bare, None an empty cell.
    ``cells``: the texts already made for this file."""
    texts = Cells() if cells is None else cells
    return ",".join(["" if value is None else str(value) if type(value) is int
                     else ('"yes"' if value else '"no"') if type(value) is bool
                     else texts[value] for value in row]) + "\r\n"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    """A CSV at ``path`` (UTF-8 with a byte-order mark, CRLF), synced to disk, owner-only."""
    cells = Cells()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(csv_line(header, cells))
        lines = (csv_line(row, cells) for row in rows)
        while chunk := list(itertools.islice(lines, LINES_A_WRITE)):
            handle.write("".join(chunk))
        handle.flush()
        os.fsync(handle.fileno())


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """A workbook at ``path``, one sheet per table: a bold frozen header with a filter,
    columns as wide as their values (up to 60 characters), and typed cells — numbers as
    numbers, dates as dates (yyyy-mm-dd), flags as yes/no and everything else as text.
    Text is never read as a formula or a number: a note that begins like a formula is
    kept exactly, marked as literal text (Excel's quote prefix), so editing the cell
    later does not run it either."""
    import xlsxwriter  # loaded when first used: ~40 ms that start-up need not pay
    from xlsxwriter.exceptions import FileCreateError

    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "tmpdir": str(path.parent), "strings_to_numbers": False,
        "strings_to_formulas": False, "strings_to_urls": False})
    header_format = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    literal = workbook.add_format({"quote_prefix": True})
    for name, header, rows in sheets:
        sheet = workbook.add_worksheet(name)
        widths = [len(title) for title in header]
        for column, title in enumerate(header):
            sheet.write_string(0, column, title, header_format)
        last = 0
        for last, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is None:
                    continue
                kind = type(value)
                if kind is int:
                    sheet.write_number(last, column, value)
                    continue
                if kind is float:  # two decimals at most, as in the CSV
                    sheet.write_number(last, column, round(value, 2))
                    continue
                text = None
                if isinstance(value, bool):
                    text = "yes" if value else "no"
                elif isinstance(value, (int, float)):
                    sheet.write_number(last, column, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(last, column, value, date_format)
                    widths[column] = max(widths[column], 10)
                else:
                    text = value if kind is str else str(getattr(value, "value", value))
                if text is not None:
                    sheet.write_string(last, column, text,
                                       literal if text.startswith(FORMULA_STARTS) else None)
                    if len(text) > widths[column]:
                        widths[column] = min(len(text), WIDEST_COLUMN)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(last, 1), len(header) - 1)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width + 2)
    try:
        workbook.close()
    except FileCreateError as error:
        cause = error.args[0] if error.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(error)) from None
    os.chmod(path, 0o600)
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class SetNotWritten(Exception):
    """Writing the set failed. ``reason`` says why; ``clean`` whether nothing was left."""

    def __init__(self, reason: str, clean: bool):
        self.reason, self.clean = reason, clean
        super().__init__(reason)

    def left(self, out_dir: Path) -> str:
        """What the failure left in ``out_dir``, in words: nothing, or which names to remove."""
        if self.clean:
            return "Nothing was written and nothing was left"
        return (f"Some temporary files may be left in {out_dir} (names starting "
                f"'{STAGING_PREFIX}'); remove them")


def write_all_or_none(out_dir: Path, write: Callable[[Path], Sequence[str]]) -> list[Path]:
    """Files written by ``write(staging)`` (which returns their names), moved into
    ``out_dir`` together: all of them, or none.

    ``staging`` is a hidden owner-only folder inside ``out_dir`` (the same file system, so
    each move is a rename). A file the set replaces is moved aside first and put back if
    a later move fails. Any failure removes the staging folder and the folders this call
    created, and raises ``SetNotWritten``. A folder left by an export that was killed
    (its process gone) is removed on the next export there.
    """
    out_dir = Path(out_dir)
    created = []
    staging: Path | None = None
    moved: list[tuple[Path, Path | None]] = []  # (placed file, the one it replaced)
    try:
        created = [folder for folder in (out_dir, *out_dir.parents)
                   if not os.path.lexists(folder)]
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-",
                                        suffix=".partial", dir=out_dir))
        names = list(write(staging))
        for name in names:
            final = out_dir / name
            aside = staging / f"{name}.replaced" if os.path.lexists(final) else None
            if aside is not None:
                os.replace(final, aside)
            moved.append((final, aside))
            os.replace(staging / name, final)
        _sync(out_dir)
    except BaseException as error:
        clean = _undo(moved, staging, created)
        if not isinstance(error, OSError):
            raise
        raise SetNotWritten(error.strerror or str(error), clean) from None
    shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / name for name in names]


def _undo(moved: list[tuple[Path, Path | None]], staging: Path | None,
          created: list[Path]) -> bool:
    """Put back what a failed set moved, remove what it made; whether all of that worked."""
    clean = True
    for final, aside in reversed(moved):
        try:
            if aside is not None:
                os.replace(aside, final)
            elif os.path.lexists(final):
                os.unlink(final)
        except OSError:
            clean = False
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
        clean = clean and not os.path.lexists(staging)
    for folder in created:  # deepest first
        with contextlib.suppress(OSError):
            folder.rmdir()
    return clean


def _remove_abandoned(out_dir: Path) -> None:
    """Staging folders (and older versions' hidden partial CSVs) whose export was killed."""
    for entry in out_dir.iterdir():
        name = entry.name
        if name.startswith(STAGING_PREFIX) and name.endswith(".partial"):
            pid = name[len(STAGING_PREFIX):].split("-", 1)[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
        elif name.startswith(OLD_PARTIALS) and name.endswith(".partial"):
            with contextlib.suppress(OSError):
                entry.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process, or a platform that cannot tell: keep it
    return True


def _sync(folder: Path) -> None:
    """The renames on disk too (POSIX; a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
