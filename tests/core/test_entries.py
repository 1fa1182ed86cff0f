"""A log's entries keep their lookups through a splice: the same answers as entries read
afresh, without a pass over the history."""

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.entries import Entries, Sessions
from core.file.rows import splice
from core.model import CheckIn, Log, Session, SessionKind

START = dt.date(2024, 1, 1)
KINDS = list(SessionKind)


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def session(session_id: int, offset: int, kind: SessionKind = SessionKind.RUN) -> Session:
    return Session(session_id, day(offset), kind, minutes=float(session_id))


def sessions_read_afresh(sessions) -> Sessions:
    return Sessions(sorted(sessions, key=lambda s: (s.date, s.id)))


def assert_same_lookups(spliced: Sessions, afresh: Sessions) -> None:
    assert spliced == afresh
    assert type(spliced) is Sessions
    for entry in afresh:
        assert spliced.get(entry.id) == entry
    for kind in SessionKind:
        assert spliced.of(kind) == afresh.of(kind)
        for entry in spliced.of(kind):
            assert spliced.of(kind).get(entry.id) == entry
    assert len({entry.id for entry in spliced}) == len(spliced)


SESSIONS = [session(1, 0), session(2, 3, SessionKind.STRENGTH), session(3, 3),
            session(4, 9, SessionKind.MOBILITY)]


@pytest.mark.parametrize(("fresh", "keys"), [
    pytest.param([session(5, 10)], {5}, id="a new session at the end"),
    pytest.param([session(5, 1, SessionKind.STRENGTH)], {5}, id="a session logged late"),
    pytest.param([Session(2, day(3), SessionKind.STRENGTH, minutes=9.0)], {2},
                 id="a session changed (a tick)"),
    pytest.param([], {3}, id="a session deleted"),
    pytest.param([], {1, 4}, id="the first and last deleted"),
    pytest.param([], {99}, id="deleting what is not there changes nothing"),
    pytest.param([session(5, 3, SessionKind.STRENGTH), session(6, 0)], {5, 6, 1},
                 id="several at once"),
])
def test_spliced_sessions_answer_as_sessions_read_afresh(fresh, keys):
    spliced = splice(Sessions(SESSIONS), fresh, "id", keys)
    kept = [s for s in SESSIONS if s.id not in keys]
    assert_same_lookups(spliced, sessions_read_afresh(kept + fresh))


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 30), st.sampled_from(KINDS),
                          st.booleans()), max_size=40))
def test_property_any_sequence_of_splices_equals_the_entries_read_afresh(writes):
    entries, stored = Sessions(), {}
    for session_id, offset, kind, delete in writes:
        if delete:
            stored.pop(session_id, None)
            fresh = []
        else:
            stored[session_id] = fresh = session(session_id, offset, kind)
            fresh = [fresh]
        entries = splice(entries, fresh, "id", {session_id})
        assert_same_lookups(entries, sessions_read_afresh(stored.values()))


def test_check_ins_are_found_by_date_and_replaced_by_date():
    check_ins = Entries([CheckIn(day(0), 3), CheckIn(day(2), 1)], "date")
    spliced = splice(check_ins, [CheckIn(day(1), 5), CheckIn(day(2), 2)], "date",
                     {day(1), day(2)})
    assert spliced == (CheckIn(day(0), 3), CheckIn(day(1), 5), CheckIn(day(2), 2))
    assert spliced.get(day(2)) == CheckIn(day(2), 2)
    assert spliced.get(day(3)) is None
    assert check_ins.get(day(2)) == CheckIn(day(2), 1)  # the entries before are unchanged


def test_dates_are_found_by_range():
    check_ins = Entries([CheckIn(day(d), d) for d in (0, 2, 3, 7)], "date")
    assert [c.pain for c in check_ins.between(day(2), day(3))] == [2, 3]
    assert [c.pain for c in check_ins.between(day(4), day(6))] == []
    assert [c.pain for c in check_ins.since(day(3))] == [3, 7]
    assert [c.pain for c in check_ins.since(day(8))] == []
    assert check_ins.before(day(3)).pain == 2
    assert check_ins.before(day(0)) is None


def test_entries_are_plain_tuples_to_their_readers():
    entries = Sessions(SESSIONS)
    assert entries == tuple(SESSIONS)
    assert repr(entries) == repr(tuple(SESSIONS))
    assert hash(entries) == hash(tuple(SESSIONS))
    assert type(entries[1:]) is tuple
    again = pickle.loads(pickle.dumps(entries))
    assert_same_lookups(again, entries)


def test_a_log_reads_its_fields_as_entries():
    log = Log(check_ins=(CheckIn(day(0), 2),), sessions=tuple(SESSIONS))
    assert isinstance(log.sessions, Sessions)
    assert log.pain_on(day(0)) == 2
    assert log.session(3) is SESSIONS[2]
    assert log.sessions_of(SessionKind.STRENGTH) == (SESSIONS[1],)


def test_the_latest_sessions_of_some_kinds_are_read_from_the_end():
    sessions = Sessions(SESSIONS)
    kinds = (SessionKind.RUN, SessionKind.MOBILITY)
    assert sessions.latest(kinds, 2) == [SESSIONS[2], SESSIONS[3]]
    assert sessions.latest(kinds, 9) == [SESSIONS[0], SESSIONS[2], SESSIONS[3]]
    assert sessions.latest([SessionKind.STRENGTH], 1) == [SESSIONS[1]]
    assert sessions.latest(kinds, 0) == []


def test_a_splice_into_entries_out_of_order_still_removes_the_right_one():
    shuffled = Sessions(list(reversed(SESSIONS)))
    spliced = shuffled.spliced([], {2})
    assert sorted(s.id for s in spliced) == [1, 3, 4]
    assert spliced.get(2) is None
