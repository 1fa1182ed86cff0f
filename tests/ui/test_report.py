"""The clinical report as a physio gets it: a PDF from the command line (headless) and
from the Physio tab's Report…, read back with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.exchange import report as report_content
from core.exchange.demo import create_demo
from core.model import Verdict
from core.runback import Runback
from tests.reliability.damage import immutable
from ui import report_action
from ui.common import Operations
from ui.physio_tab import PhysioTab

ROOT = Path(__file__).resolve().parents[2]
END = dt.date(2026, 11, 20)
DEMO_PAGES = range(5, 11)  # A4 7, Letter 8 on the 16-week demo (2026-11)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed")


def runback_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=180)


def text_of(pdf: Path) -> str:
    """The PDF's text with every run of white space made one space (lines wrap)."""
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(raw.split())


def info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pages(pdf: Path) -> int:
    return int(info(pdf)["Pages"])


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo journey ending today (the command line reports up to today)."""
    runback = create_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    path = runback.path
    expected = _expected(runback)
    runback.close()
    return path, expected


def _expected(runback: Runback) -> dict:
    decided = [d for d in runback.decisions() if d.verdict is not Verdict.PENDING]
    rows = [r for r in runback.weekly_rows() if r.adherence.planned]
    latest = []
    for history in runback.outcome_histories():
        scored = history.latest
        assert scored is not None and scored.score.value is not None
        latest.append(f"{history.instrument.short_name} "
                      f"{history.instrument.shown(history.baseline.score.value)} "
                      f"({history.baseline.date}) "
                      f"{history.instrument.shown(scored.score.value)} ({scored.date})")
    return {"stage": f"Stage {int(runback.stage)} of 5: {runback.stage.title}",
            "level": f"Level {runback.ladder.level} of {runback.protocol.top_level}",
            "adherence": f"{report_content.adherence_percent(rows):.0f} % (",
            "reason": decided[-1].reason, "latest": latest}


@needs_poppler
@pytest.mark.parametrize("paper, size", [("a4", "595 x 842"), ("letter", "612 x 792")])
def test_the_demo_report_from_the_command_line(demo, tmp_path, paper, size):
    db, expected = demo
    out = tmp_path / f"report-{paper}.pdf"
    done = runback_cli("report", "--db", db, "--out", out, "--paper", paper)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and done.stderr == ""
    assert pages(out) in DEMO_PAGES
    assert info(out)["Page size"].strip().startswith(size)
    text = text_of(out)
    page_one = text.split("Page 1 of")[0]
    assert expected["stage"] in page_one
    assert expected["level"] in page_one
    assert expected["adherence"] in page_one
    assert words(expected["reason"]) in page_one
    for row in expected["latest"]:
        assert row in page_one
    assert "first" in text and "ﬁ" not in text  # no ligatures: the words extract whole
    # Every page names the runner and the period, and its number.
    assert text.count("Runback report · demo.db") == pages(out)
    assert re.search(rf"Page {pages(out)} of {pages(out)}", text)


@needs_poppler
def test_a_period_narrows_the_report(demo, tmp_path):
    db, _ = demo
    out = tmp_path / "september.pdf"
    today = dt.date.today()
    start, end = today - dt.timedelta(weeks=10), today - dt.timedelta(weeks=6)
    done = runback_cli("report", "--db", db, "--out", out, "--from", start, "--to", end)
    assert done.returncode == 0, done.stderr
    text = text_of(out)
    assert f"{start.isoformat()} to {end.isoformat()}" in text
    assert (today - dt.timedelta(weeks=2)).isoformat() not in text.split("Page 1 of")[1]


@needs_poppler
def test_a_new_runner_gets_one_sensible_page(tmp_path):
    runback = Runback.create(tmp_path / "new.db")
    runback.setup("it_band_syndrome", "right", current_pain=1, can_walk_30_min=True)
    runback.close()
    done = runback_cli("report", "--db", tmp_path / "new.db", "--out", tmp_path / "r.pdf")
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "r.pdf") == 1
    text = text_of(tmp_path / "r.pdf")
    assert "Stage 2 of 5: Restore strength and stability" in text
    assert "No questionnaire taken yet." in text and "Page 1 of 1" in text


@needs_poppler
def test_a_file_without_a_runner_gets_one_page_saying_so(tmp_path):
    Runback.create(tmp_path / "empty.db").close()
    done = runback_cli("report", "--db", tmp_path / "empty.db", "--out", tmp_path / "r.pdf")
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "r.pdf") == 1
    assert "no runner yet" in text_of(tmp_path / "r.pdf")


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-02-30"], "is not a date as YYYY-MM-DD"),
    (["--to", "yesterday"], "is not a date as YYYY-MM-DD"),
    (["--paper", "a5"], "invalid choice: 'a5'"),
    (["--from", "2026-11-10", "--to", "2026-11-01"], "is after its end"),
], ids=["no such day", "not a date", "unknown paper", "from after to"])
def test_bad_input_is_one_line_and_exit_2(demo, tmp_path, args, message):
    db, _ = demo
    out = tmp_path / "r.pdf"
    done = runback_cli("report", "--db", db, "--out", out, *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_an_unwritable_folder_leaves_no_file_and_says_so(demo, tmp_path):
    db, _ = demo
    folder = tmp_path / "locked"
    folder.mkdir()
    with immutable(folder):
        done = runback_cli("report", "--db", db, "--out", folder / "r.pdf")
        assert sorted(folder.iterdir()) == []
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert f"Could not write the report {folder / 'r.pdf'}" in done.stderr
    assert "Nothing was written" in done.stderr


def test_a_write_that_fails_midway_leaves_nothing_and_keeps_the_old_report(
        qapp, demo, tmp_path, monkeypatch):
    from core.errors import ExportError
    from ui import report_pdf

    db, _ = demo
    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF the report of last week")

    def half_written(report, path, paper="a4"):
        Path(path).write_bytes(b"%PDF half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_pdf, "render", half_written)
    runback = Runback.open(db)
    try:
        with pytest.raises(ExportError, match=r"No space left on device\. Nothing was written"):
            report_pdf.write_report(runback, out)
    finally:
        runback.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]
    assert out.read_bytes() == b"%PDF the report of last week"


@needs_poppler
def test_report_on_the_physio_tab_writes_the_same_report(qtbot, tmp_path, monkeypatch):
    runback = create_demo(tmp_path / "demo.db", weeks=6, end=END)
    expected = _expected(runback)
    ops = Operations(runback)
    tab = PhysioTab(ops)
    qtbot.addWidget(tab)
    tab.show()
    asked = []
    target = tmp_path / "out" / "for the physio"  # no .pdf: added

    def save_as(parent, title, proposed, filters):
        asked.append(Path(proposed).name)
        return str(target), filters

    monkeypatch.setattr(report_action.QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(report_action.QMessageBox, "information", lambda *args: None)
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    written = target.with_name("for the physio.pdf")
    assert asked and asked[0].endswith("-report.pdf")
    assert written.is_file() and pages(written) >= 2
    text = text_of(written)
    assert expected["level"] in text and words(expected["reason"]) in text
    runback.close()


def test_a_failed_write_from_the_tab_is_shown_and_leaves_no_file(qtbot, runner_file,
                                                                 tmp_path, monkeypatch):
    tab = PhysioTab(Operations(runner_file))
    qtbot.addWidget(tab)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    shown = []
    monkeypatch.setattr(report_action.QFileDialog, "getSaveFileName",
                        lambda *args: (str(blocker / "r.pdf"), ""))
    monkeypatch.setattr(report_action, "alert", lambda parent, title, text: shown.append(text))
    qtbot.mouseClick(tab.report_button, Qt.MouseButton.LeftButton)
    assert shown and "Could not write the report" in shown[0]
    assert blocker.read_text() == "not a folder"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
