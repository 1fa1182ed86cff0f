"""The physio's CSVs: RFC 4180, UTF-8 with BOM, ISO dates, plain numbers, injection-safe,
atomic."""

import csv
import datetime as dt
import io
import itertools
import os
import re
import stat

import pytest

from core.errors import ExportError
from core.exchange import export
from core.exchange.demo import create_demo

END = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    runback = create_demo(folder / "demo.db", end=END)
    paths = export.export(runback, folder / "out")
    yield runback, paths
    runback.close()


def read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark first"
    text = raw[3:].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_four_files_are_named_with_the_runner_and_the_day(demo_export):
    runback, paths = demo_export
    day = runback.today.isoformat()
    assert [p.name for p in paths] == [f"runback-demo-{day}-{end}.csv" for end in (
        "summary", "sessions", "scores", "checkins")]


def test_summary_has_one_row_per_iso_week_with_the_documented_columns(demo_export):
    _, (summary, *_) = demo_export
    rows = read(summary)
    assert tuple(rows[0]) == export.SUMMARY_COLUMNS
    weeks = [dt.date.fromisoformat(r[0]) for r in rows[1:]]
    assert len(weeks) >= 8
    assert all(w.weekday() == 0 for w in weeks)
    assert all(b - a == dt.timedelta(weeks=1) for a, b in itertools.pairwise(weeks))
    assert all(len(r) == len(export.SUMMARY_COLUMNS) for r in rows)


def test_records_end_with_crlf(demo_export):
    _, paths = demo_export
    for path in paths:
        unquoted = re.sub(rb'"(?:[^"]|"")*"', b"", path.read_bytes())
        assert unquoted.endswith(b"\r\n")
        assert unquoted.count(b"\n") == unquoted.count(b"\r\n")  # no bare LF between records


def test_numbers_are_plain_numbers(demo_export):
    _, (summary, *_) = demo_export
    rows = read(summary)
    header = rows[0]
    numeric = ["stage", "sessions", "run_minutes", "weekly_load", "strength_done",
               "strength_planned", "acute_chronic_ratio", "strength_adherence_percent"]
    for row in rows[1:]:
        for name in numeric:
            value = row[header.index(name)]
            if value:
                float(value)  # no units, no thousands separators, no percent signs
                assert "," not in value and "%" not in value


def test_summary_agrees_with_the_engine(demo_export):
    runback, (summary, *_) = demo_export
    rows = read(summary)
    header = rows[0]
    weeks = runback.weekly_rows()
    for row, week in zip(rows[1:], weeks, strict=True):
        assert row[header.index("week_start")] == week.week.isoformat()
        assert int(row[header.index("strength_done")]) == week.adherence.done
        assert float(row[header.index("weekly_load")]) == pytest.approx(week.load.load)
    flagged = [r for r in rows[1:] if "spike" in r[header.index("flags")]]
    assert flagged, "the demo's load spike is flagged"


def test_sessions_list_every_session_and_decision_with_reasons(demo_export):
    runback, (_, sessions, *_) = demo_export
    rows = read(sessions)
    header = rows[0]
    assert tuple(header) == export.SESSIONS_COLUMNS
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    session_rows = [r for r in body if r["entry"] == "session"]
    assert len(session_rows) == len(runback.log.sessions)
    decided = [r for r in session_rows if r["kind"] == "walk_run"]
    assert len(decided) == len(runback.decisions())
    assert all(r["reason"] and r["decision"] for r in decided)
    assert {r["decision"] for r in decided} >= {"advance", "repeat", "step_back"}
    stage_rows = [r for r in body if r["entry"] == "stage_event"]
    assert len(stage_rows) == len(runback.log.stage_events)
    assert any(r["entry"] == "plan_change" for r in body)
    dates = [r["date"] for r in body]
    assert dates == sorted(dates)
    assert all(dt.date.fromisoformat(d) for d in dates)


def test_each_session_row_holds_that_sessions_values_under_their_columns(demo_export):
    runback, (_, sessions, *_) = demo_export
    rows = read(sessions)
    body = {int(r["id"]): r for r in (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
            if r["entry"] == "session"}
    decisions = {d.session_id: d for d in runback.decisions()}

    def shown(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(round(value, 2))
        return str(getattr(value, "value", value))

    for s in runback.log.sessions:
        row = body[s.id]
        for column in ("date", "kind", "activity", "run_type", "level", "planned_run_minutes",
                       "planned_walk_minutes", "planned_rounds", "run_minutes",
                       "walk_minutes", "rounds", "minutes", "distance_km", "effort",
                       "cadence", "cue_under_body", "cue_tall_trunk", "notes"):
            value = getattr(s, column)
            assert row[column] == (value.isoformat() if column == "date" else shown(value)), (
                s.id, column)
        decision = decisions.get(s.id)
        for column, value in (("decision", decision and decision.verdict),
                              ("next_level", decision and decision.next_level),
                              ("rule", decision and decision.rule),
                              ("reason", decision and decision.reason)):
            assert row[column] == shown(value), (s.id, column)
        assert row["setting"] == row["value"] == row["actor"] == ""


@pytest.mark.parametrize("hostile", ["=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1)",
                                     "\tTab first", "\rCR first"])
def test_formula_like_text_is_neutralised(runner_file, clock, tmp_path, hostile):
    clock.advance()
    runner_file.log_cross_training("walk", 30, 3, 1, notes=hostile)
    (_, sessions, *_) = export.export(runner_file, tmp_path / "out")
    rows = read(sessions)
    notes = [r[rows[0].index("notes")] for r in rows[1:] if r[1] == "session"]
    assert notes == ["'" + hostile]


def test_notes_with_quotes_commas_and_newlines_read_back_exactly(runner_file, clock, tmp_path):
    clock.advance()
    text = 'Knee "clicky", then fine\nnext line; emoji 🏃 and עברית'
    runner_file.log_cross_training("swim", 20, 3, 0, notes=text)
    (_, sessions, *_) = export.export(runner_file, tmp_path / "out")
    rows = read(sessions)
    notes = [r[rows[0].index("notes")] for r in rows[1:] if r[1] == "session"]
    assert notes == [text]


@pytest.mark.parametrize("value, expected", [
    (None, ""), (True, "yes"), (False, "no"), (3, 3), (2.0, 2), (1.23456, 1.23),
    (dt.date(2026, 1, 5), "2026-01-05"), ("plain", "plain"), ("-minus", "'-minus"),
])
def test_cells(value, expected):
    assert export.cell(value) == expected


def test_exports_are_readable_by_their_owner_only(runner_file, tmp_path):
    for path in export.export(runner_file, tmp_path / "out"):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_failed_export_leaves_no_partial_file(runner_file, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export.export(runner_file, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def failing_rows(runback):
        yield from export.summary_rows(runback)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "sessions_rows", failing_rows)
    with pytest.raises(ExportError, match="No space left on device"):
        export.export(runner_file, out, replace=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_exporting_into_an_unwritable_place_says_so(runner_file, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="Could not write the export"):
        export.export(runner_file, blocker / "out")
