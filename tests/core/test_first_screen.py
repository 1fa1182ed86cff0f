"""The saved first screen: drawn only while it tells the truth, never a crash, never data."""

import datetime as dt
import os

import pytest

from core import first_screen, today_card
from core.demo import create_demo
from core.runback import Runback
from tests.conftest import Clock

DEMO_END = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A demo runner's file, closed as the app closes it (first screen saved)."""
    path = tmp_path_factory.mktemp("first") / "demo.db"
    create_demo(path, weeks=10, end=DEMO_END).close()  # in stage 4: a walk–run ladder
    first_screen.close_saving(Runback.open(path, clock=Clock(DEMO_END)))
    return path


def saved(path):
    return first_screen.decode(first_screen.saved_path(path).read_bytes())


def save(path, whole) -> None:
    first_screen.saved_path(path).write_bytes(first_screen.encode(whole))


def test_a_close_saves_a_card_for_each_of_the_next_seven_days_readable_by_the_owner_only(
        demo_file):
    days = [(DEMO_END + dt.timedelta(days=n)).isoformat() for n in range(7)]
    assert sorted(saved(demo_file)["cards"]) == days
    assert os.stat(first_screen.saved_path(demo_file)).st_mode & 0o777 == 0o600
    for day in days:
        assert first_screen.read(demo_file, day)["day"] == day
    assert first_screen.read(demo_file, (DEMO_END + dt.timedelta(days=7)).isoformat()) is None
    assert first_screen.read(demo_file, (DEMO_END - dt.timedelta(days=1)).isoformat()) is None


def test_each_saved_card_is_what_the_file_shows_on_that_day(demo_file):
    cards = {day: first_screen.read(demo_file, day) for day in saved(demo_file)["cards"]}
    for day, card in cards.items():
        runback = Runback.open(demo_file, clock=Clock(dt.date.fromisoformat(day)))
        try:
            assert card == today_card.card(runback)
        finally:
            runback.close()
    assert any(card["today"]["week"] for card in cards.values())  # a card with content
    assert len({card["today"]["headline"] for card in cards.values()}) > 1  # days differ


@pytest.fixture
def closed(runner_file):
    """The stage-1 runner's file after the app closed it, and the day it was closed on."""
    day = runner_file.today.isoformat()
    first_screen.close_saving(runner_file)
    assert first_screen.read(runner_file.store.path, day) is not None
    return runner_file.store.path, day


def test_a_card_is_not_used_once_anything_is_written_to_the_file(closed, clock):
    path, day = closed
    runback = Runback.open(path, clock=clock)
    runback.check_in(2)
    runback.close()  # a close that saves no new card (a crash would not either)
    assert first_screen.read(path, day) is None


def test_a_card_is_not_used_while_the_file_is_open(closed, clock):
    path, day = closed
    runback = Runback.open(path, clock=clock)
    try:
        assert first_screen.read(path, day) is None
    finally:
        runback.close()


def test_a_card_is_not_used_for_another_file_put_in_its_place(closed, tmp_path, clock):
    path, day = closed
    other = Runback.create(tmp_path / "other.db", clock=clock)
    other.setup("it_band_syndrome", "right", current_pain=1, can_walk_30_min=True)
    other.close()
    os.replace(tmp_path / "other.db", path)
    assert first_screen.read(path, day) is None


@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: b"\x00\xff garbage",
    lambda data: first_screen.MAGIC,
    lambda data: data[:len(first_screen.MAGIC) + 4],
    lambda data: data[:-1],  # cut short
    lambda data: data[:-5] + bytes([data[-5] ^ 0x10]) + data[-4:],  # one bit flipped
    lambda data: data[:len(first_screen.MAGIC) + 2] + b"\x00\x00" + data[
        len(first_screen.MAGIC) + 4:],  # checksum spoilt
    lambda data: b"{" + data,
    lambda data: first_screen.encode([]),
    lambda data: first_screen.encode(None),
    lambda data: first_screen.encode({"format": 1}),
    lambda data: first_screen.encode({"format": 2, "file": [], "cards": {}}),
])
def test_a_damaged_or_foreign_card_file_is_not_used(closed, damage):
    path, day = closed
    card = first_screen.saved_path(path)
    card.write_bytes(damage(card.read_bytes()))
    assert first_screen.read(path, day) is None


def test_no_damage_to_the_card_file_gets_past_its_checksum(closed):
    """Every byte changed in turn, and every length cut to: never read, never a crash."""
    path, day = closed
    card = first_screen.saved_path(path)
    good = card.read_bytes()
    for at in range(0, len(good), max(1, len(good) // 300)):
        for spoilt in (good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1:], good[:at]):
            card.write_bytes(spoilt)
            assert first_screen.read(path, day) is None
    card.write_bytes(good)
    assert first_screen.read(path, day) is not None


@pytest.mark.parametrize("edit", [
    lambda card: card.pop("today"),
    lambda card: card["today"].pop("headline"),
    lambda card: card["today"].update(headline=3),
    lambda card: card["today"].update(setup="no"),
    lambda card: card["today"].update(suggestion=["x"]),
    lambda card: card.update(stage="2"),
    lambda card: card.update(tabs=card["tabs"][:4]),
    lambda card: card["tabs"][0].append("x"),
    lambda card: card.update(check_in={"prompt": "x"}),
    lambda card: card["check_in"].update(pain="3"),
    lambda card: card.update(day="2020-01-01"),
    lambda card: card.update(title=None),
])
def test_a_card_missing_a_field_or_of_the_wrong_kind_is_not_drawn(closed, edit):
    path, day = closed
    whole = saved(path)
    edit(whole["cards"][day])
    save(path, whole)
    assert first_screen.read(path, day) is None


def test_saving_fails_quietly_and_leaves_no_card(runner_file):
    path = runner_file.store.path
    first_screen.saved_path(path).mkdir()  # cannot be replaced by a file
    (first_screen.saved_path(path) / "x").write_text("x")
    first_screen.close_saving(runner_file)  # no exception: the file itself is closed fine
    assert first_screen.read(path, runner_file.today.isoformat()) is None
    assert Runback.open(path).log.profile is not None  # and opens as before


def test_a_new_runners_card_shows_the_welcome_and_no_check_in(tmp_path, clock):
    runback = Runback.create(tmp_path / "new.db", clock=clock)
    first_screen.close_saving(runback)
    card = first_screen.read(tmp_path / "new.db", clock.day.isoformat())
    assert card["today"]["setup"] is True and card["check_in"] is None
    assert card["stage"] is None and not any(tab[0].startswith("▶") for tab in card["tabs"])


def test_a_file_in_memory_saves_nothing(clock):
    runback = Runback.in_memory(clock=clock)
    first_screen.close_saving(runback)  # nothing to save beside: no error either
