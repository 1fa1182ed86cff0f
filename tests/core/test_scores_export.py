"""scores.csv (and the workbook's "scores" sheet): one row per questionnaire taken, with its
score, its answers and its change from the instrument's first score, under the CSV rules
of the other two files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest

from core.exchange import export
from core.outcomes import AKPS, KOOS_PF
from tests.conftest import START

DAY = dt.timedelta(days=1)


def best(of) -> dict[str, int]:
    return {item.key: item.answers[0].points for item in of.items}


def read(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


@pytest.fixture
def runner(runner_file, clock):
    """A runner set up on START, on a real file, and the clock to move days with."""
    return runner_file, clock


def test_one_row_per_questionnaire_with_its_change_from_the_first(runner, tmp_path):
    runback, clock = runner
    # AKPS: all best but running "severe pain" (3 of 10) and stairs "a little pain going
    # down" (8 of 10): 100 − 7 − 2 = 91. Four weeks on, running 8: 100 − 2 − 2 = 96, +5,
    # less than the 10 that matters.
    runback.take_questionnaire("akps", best(AKPS) | {"running": 3, "stairs": 8})
    # KOOS-PF: 6 of 11 answered (the half rule's least), all "moderate" (2): 100 − 2 × 25 = 50.
    runback.take_questionnaire("koos_pf", {item.key: 2 for item in KOOS_PF.items[:6]},
                               notes="=HYPERLINK(\"x\")")
    clock.advance(28)
    runback.take_questionnaire("akps", best(AKPS) | {"running": 8, "stairs": 8})
    # KOOS-PF all "none": 100, +50 since the first: improved (16 matters).
    runback.take_questionnaire("koos_pf", {item.key: 0 for item in KOOS_PF.items})
    # PSFS of one activity: 4 then (below) 7 would be +3, the one-activity threshold.
    runback.take_questionnaire("psfs", {"Stairs down": 4})

    (path,) = [p for p in export.export(runback, tmp_path / "out")
               if p.name == export.file_name(runback, export.SCORES_FILE)]
    rows = read(path)
    assert tuple(rows[0]) == export.SCORES_COLUMNS
    got = [(r["date"], r["instrument"], r["score"], r["change_from_baseline"],
            r["meaningful_change"], r["verdict"], r["meaningful"]) for r in rows]
    first, later = START.isoformat(), (START + 28 * DAY).isoformat()
    assert got == [
        (first, "akps", "91", "0", "10", "baseline", ""),
        (first, "koos_pf", "50", "0", "16", "baseline", ""),
        (later, "akps", "96", "5", "10", "no meaningful change", "no"),
        (later, "koos_pf", "100", "50", "16", "improved", "yes"),
        (later, "psfs", "4", "0", "3", "baseline", ""),
    ]
    assert json.loads(rows[0]["answers"]) == best(AKPS) | {"running": 3, "stairs": 8}
    assert rows[1]["items_answered"] == "6" and rows[1]["score_max"] == "100"
    assert json.loads(rows[4]["answers"]) == {"Stairs down": 4}
    assert rows[1]["notes"] == "'=HYPERLINK(\"x\")"  # a formula start neutralised


def test_text_is_quoted_and_numbers_are_bare(runner, tmp_path):
    runback, _ = runner
    runback.take_questionnaire("psfs", {"Running 5 km": 3, "Squatting": 6})  # 4.5
    (path,) = [p for p in export.export(runback, tmp_path / "out")
               if p.name == export.file_name(runback, export.SCORES_FILE)]
    line = path.read_bytes()[3:].decode("utf-8").split("\r\n")[1]
    assert line == (f'"{START.isoformat()}","psfs",4.5,10,2,'
                    '"{""Running 5 km"": 3, ""Squatting"": 6}",0,2,"baseline",,""')


def test_a_runner_without_questionnaires_gets_the_header_alone(runner, tmp_path):
    runback, _ = runner
    (path,) = [p for p in export.export(runback, tmp_path / "out")
               if p.name == export.file_name(runback, export.SCORES_FILE)]
    assert read(path) == []
    header = ",".join(f'"{name}"' for name in export.SCORES_COLUMNS)
    assert path.read_bytes()[3:].decode("utf-8") == header + "\r\n"


def test_the_workbook_has_a_scores_sheet(runner, tmp_path):
    runback, _ = runner
    runback.take_questionnaire("akps", best(AKPS))
    (book,) = export.export(runback, tmp_path / "out", "xlsx")
    with zipfile.ZipFile(book) as opened:
        names = opened.read("xl/workbook.xml").decode()
        strings = opened.read("xl/worksheets/sheet3.xml").decode()
    assert 'name="scores"' in names
    assert "change_from_baseline" in strings and "baseline" in strings
