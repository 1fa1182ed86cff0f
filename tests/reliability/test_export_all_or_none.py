"""An export writes all its files or none: into a hidden folder beside the target, then
moved into place. A failure (a read-only folder, a file where the folder should be, a full
disk, a move that fails half-way) leaves no new file and no hidden temporary, an earlier
export as it was, and a message that says so. An export killed mid-way leaves its hidden
folder, which the next export there removes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ExportError
from core.exchange import export_files
from core.exchange.demo import create_demo
from core.exchange.export import (
    FORMATS,
    SESSIONS_FILE,
    SUMMARY_FILE,
    export,
    export_names,
    file_name,
)
from core.exchange.export_files import STAGING_PREFIX
from tests.reliability.damage import fill, immutable, listing, small_disk

END = dt.date(2026, 6, 28)


@pytest.fixture(scope="module")
def runback(tmp_path_factory):
    runback = create_demo(tmp_path_factory.mktemp("demo") / "runner.db", weeks=20, end=END)
    yield runback
    runback.close()


def everything(folder: Path) -> list[str]:
    """Every name under ``folder``, hidden ones included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("file_format", FORMATS)
def test_both_formats_write_their_files_and_nothing_else(runback, tmp_path, file_format):
    written = export(runback, tmp_path / "out", file_format)
    names = export_names(runback, file_format)
    assert [p.name for p in written] == names
    assert everything(tmp_path / "out") == sorted(names)


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_read_only_folder_gets_nothing_and_the_message_says_so(runback, tmp_path,
                                                                file_format):
    out = tmp_path / "out"
    export(runback, out, "csv" if file_format == "xlsx" else "xlsx")  # an earlier export
    before = listing(out)
    with immutable(out), pytest.raises(ExportError) as caught:
        export(runback, out, file_format)
    assert listing(out) == before and everything(out) == sorted(before)
    assert "Could not write the export" in str(caught.value)
    assert "Nothing was written and nothing was left" in str(caught.value)


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_file_where_the_folder_should_be(runback, tmp_path, file_format):
    (tmp_path / "out").write_text("a file, not a folder")
    with pytest.raises(ExportError, match="Nothing was written"):
        export(runback, tmp_path / "out", file_format)
    with pytest.raises(ExportError, match="Nothing was written"):
        export(runback, tmp_path / "out" / "deeper" / "still", file_format)
    assert everything(tmp_path) == ["out"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_full_disk_leaves_no_file_and_no_hidden_folder(runback, tmp_path, file_format):
    with small_disk(tmp_path / "disk", "256k") as disk:
        fill(disk)
        (disk / "filler").write_bytes((disk / "filler").read_bytes()[:-8 * 1024])
        with pytest.raises(ExportError, match="No space left on device") as caught:
            export(runback, disk / "out", file_format)
        assert everything(disk) == ["filler"]  # not even the folder it would have made
        assert "Nothing was written and nothing was left" in str(caught.value)


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_failure_while_writing_keeps_the_earlier_export(runback, tmp_path, monkeypatch,
                                                          file_format):
    out = tmp_path / "out"
    export(runback, out, file_format)
    before = listing(out)
    real = export.__globals__["sessions_rows"]

    def failing(runback):
        yield from list(real(runback))[:5]
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export.__globals__, "sessions_rows", failing)
    with pytest.raises(ExportError, match="No space left on device"):
        export(runback, out, file_format, replace=True)
    assert listing(out) == before and everything(out) == sorted(before)


def test_a_move_failing_half_way_puts_the_earlier_files_back(runback, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export(runback, out, "csv")
    summary, sessions = file_name(runback, SUMMARY_FILE), file_name(runback, SESSIONS_FILE)
    (out / summary).write_text("the earlier summary")
    before = listing(out)
    real_replace = os.replace
    moves = []

    def replace(source, target):
        moves.append(Path(target).name)
        if Path(source) == Path(source).parent / sessions and moves.count(sessions) == 1:
            raise OSError(5, "Input/output error")  # the second file's move, once
        real_replace(source, target)

    monkeypatch.setattr(export_files.os, "replace", replace)
    with pytest.raises(ExportError, match="Input/output error"):
        export(runback, out, "csv", replace=True)
    assert summary in moves  # the first file had been placed, and was taken back
    assert listing(out) == before and everything(out) == sorted(before)


def test_what_a_killed_export_left_is_removed_by_the_next(runback, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    abandoned = out / f"{STAGING_PREFIX}{dead}-x1y2.partial"
    abandoned.mkdir()
    (abandoned / "summary.csv").write_text("half")
    older = out / ".sessions.csv.k3j4.partial"  # what versions before this one left
    older.write_text("half")
    alive = out / f"{STAGING_PREFIX}{os.getppid()}-busy.partial"  # another export, running
    alive.mkdir()
    export(runback, out, "xlsx")
    assert everything(out) == sorted([alive.name, *export_names(runback, "xlsx")])


def test_an_unknown_format_is_refused(runback, tmp_path):
    with pytest.raises(ExportError, match="xlsx, csv"):
        export(runback, tmp_path / "out", "ods")
    assert not (tmp_path / "out").exists()
