"""The export's files say whose and when (runback-<runner>-<date>-summary.csv …), never
replace a file without being told to, and carry every daily check-in with its note."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from core.errors import ExportExists
from core.exchange import export
from core.model import CheckInEntry
from core.runback import Runback
from tests.conftest import START

ENDS = ("summary", "sessions", "scores", "checkins")


def read(path):
    return list(csv.DictReader(io.StringIO(path.read_bytes()[3:].decode("utf-8"),
                                           newline="")))


@pytest.mark.parametrize("stem, name", [
    ("runner", "runner"), ("Zoë Keller", "Zoë-Keller"), ("a:b\\c*d?", "a-b-c-d"),
    ("..hidden..", "hidden"), ("x" * 80, "x" * 60), ("--", "runner"),
], ids=["plain", "letters of any script", "characters a disk refuses", "leading dots",
        "long", "nothing left"])
def test_files_are_named_with_the_runner_and_the_day(tmp_path, clock, stem, name):
    runback = Runback.create(tmp_path / f"{stem}.db", clock=clock)
    try:
        runback.setup("patellofemoral_pain", "left", 2, True)
        day = clock.day.isoformat()
        written = export.export(runback, tmp_path / "out")
        assert [p.name for p in written] == [f"runback-{name}-{day}-{end}.csv" for end in ENDS]
        (book,) = export.export(runback, tmp_path / "out", "xlsx")
        assert book.name == f"runback-{name}-{day}.xlsx"
    finally:
        runback.close()


@pytest.mark.parametrize("file_format", export.FORMATS)
def test_a_file_already_there_is_never_replaced_unless_asked(runner_file, tmp_path,
                                                             file_format):
    out = tmp_path / "out"
    first = export.export(runner_file, out, file_format)
    first[-1].write_text("the physio's own notes")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ExportExists, match=r"already exists? in .*; nothing was written") as error:
        export.export(runner_file, out, file_format)
    assert error.value.paths == tuple(first)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    export.export(runner_file, out, file_format, replace=True)
    assert first[-1].read_bytes() != b"the physio's own notes"
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def test_checkins_hold_every_daily_check_in_with_its_note(runner_file, clock, tmp_path):
    clock.advance()
    runner_file.check_in(CheckInEntry(3, "Sore after Sunday's walk, =1+1"))
    clock.advance()
    runner_file.check_in(CheckInEntry(2, swelling=True, stiffness=True))
    (*_, checkins) = export.export(runner_file, tmp_path / "out")
    with checkins.open(encoding="utf-8-sig", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == export.CHECKINS_COLUMNS
    day = [(START + dt.timedelta(days=n)).isoformat() for n in range(3)]
    assert read(checkins) == [
        {"date": day[0], "pain": "4", "taken": "", "swelling": "no", "stiffness": "no",
         "notes": ""},  # the setup's "pain now"
        {"date": day[1], "pain": "3", "taken": "", "swelling": "no", "stiffness": "no",
         "notes": "Sore after Sunday's walk, '=1+1"},  # a formula start neutralised
        {"date": day[2], "pain": "2", "taken": "", "swelling": "yes", "stiffness": "yes",
         "notes": ""}]


def test_the_workbook_has_a_checkins_sheet(runner_file, clock, tmp_path):
    clock.advance()
    runner_file.check_in(CheckInEntry(1, "Fine"))
    (book,) = export.export(runner_file, tmp_path / "out", "xlsx")
    with zipfile.ZipFile(book) as opened:
        names = opened.read("xl/workbook.xml").decode()
        sheet = opened.read("xl/worksheets/sheet4.xml").decode()
        strings = opened.read("xl/sharedStrings.xml").decode() if (
            "xl/sharedStrings.xml" in opened.namelist()) else sheet
    assert 'name="checkins"' in names
    assert "notes" in strings and "Fine" in strings


@pytest.mark.parametrize("end, columns", [
    (export.SUMMARY_FILE, export.SUMMARY_COLUMNS), (export.SESSIONS_FILE, export.SESSIONS_COLUMNS),
    (export.SCORES_FILE, export.SCORES_COLUMNS), (export.CHECKINS_FILE, export.CHECKINS_COLUMNS),
], ids=ENDS)
def test_docs_data_md_documents_every_file_and_column(end, columns):
    text = (Path(__file__).resolve().parents[2] / "docs" / "DATA.md").read_text("utf-8")
    section = text.split(f"### `…-{end}`", 1)[1].split("\n#", 1)[0]
    assert [column for column in columns if f"`{column}`" not in section] == []
