"""Exercises people can do right: every default exercise has a how-to, a dose, an easier
and a harder variant and a drawing; the physio's own words and variants are dated plan
changes, shown with the programme of their day."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from core.errors import InvalidInput, ProtocolError
from core.model import Actor, Variant
from core.rules import exercises, protocol
from core.rules.exercises import PARTS, guides, load_library
from core.today_card import describe_value

DEFAULT = protocol.default()
OWN_WORDS = {"position": "Sit on a chair, feet flat.", "movement": "Stand up, sit down slowly.",
             "feel": "Thighs working.", "mistake": "Dropping into the chair."}


def programme_with(**changes_by_key) -> list[dict]:
    """The default programme as the plan stores it, with some entries changed."""
    stored = DEFAULT.stored("strength.exercises")
    return [{**entry, **changes_by_key.get(entry["key"], {})} for entry in stored]


def test_every_default_exercise_has_each_part_a_dose_two_variants_and_a_drawing():
    shown = guides(DEFAULT)
    assert [g.key for g in shown] == [e.key for e in DEFAULT.exercises]
    for guide in shown:
        assert guide.how_to is not None and not guide.own_words
        for heading, text in guide.how_to.parts():
            assert len(text) > 20, (guide.key, heading)
        assert guide.dose.startswith("3 × ")
        assert guide.easier and guide.harder and guide.easier.name != guide.harder.name
        assert guide.variant is Variant.STANDARD and guide.variant_text is None


@pytest.mark.parametrize("key", [e.key for e in DEFAULT.exercises])
def test_each_drawing_is_small_line_art_in_the_text_colour(key):
    drawing = exercises.library()[key].illustration
    text = drawing.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)  # parses as XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    assert len(text.encode()) < 4096
    assert "currentColor" in text and "#" not in text  # the UI gives it the palette's colour
    assert root.find("{http://www.w3.org/2000/svg}title") is not None  # says what it shows


def test_a_library_missing_a_part_or_a_drawing_is_refused_by_name(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "squat.svg").write_text("<svg/>")
    entry = ('[squat]\nillustration = "squat.svg"\nposition = "Stand."\nmovement = "Sit."\n'
             'feel = "Thighs."\n[squat.easier]\nname = "Half"\nhow = "Less."\n'
             '[squat.harder]\nname = "Deep"\nhow = "More."\n')
    (tmp_path / "exercises.toml").write_text(entry)
    with pytest.raises(ProtocolError, match=r"'squat\.mistake' must be text"):
        load_library(tmp_path / "exercises.toml")
    (tmp_path / "exercises.toml").write_text(
        entry.replace('feel = "Thighs."', 'feel = "Thighs."\nmistake = "Knees in."')
        .replace("squat.svg", "lunge.svg"))
    with pytest.raises(ProtocolError, match=r"'squat\.illustration'.*lunge\.svg"):
        load_library(tmp_path / "exercises.toml")


def test_a_physio_chooses_a_variant_writes_own_words_and_adds_an_exercise_dated(
        runner_file, clock):
    start = clock.day
    clock.advance(7)
    programme = programme_with(glute_bridge={"variant": "harder"},
                               plank={"sets": 4, "how_to": OWN_WORDS})
    programme.append({"key": "sit_to_stand", "name": "Sit to stand", "sets": 2, "reps": 10,
                      "how_to": OWN_WORDS})
    runner_file.change_plan("strength.exercises", programme, "Bridges are easy now")
    change = runner_file.plan_history()[0]
    assert (change.date, change.actor, change.reason) == (clock.day, Actor.PHYSIO,
                                                          "Bridges are easy now")
    assert "Glute bridge (harder form)" in describe_value(change.key, change.value)
    assert "Plank (own how-to)" in describe_value(change.key, change.value)

    shown = {g.key: g for g in guides(runner_file.protocol)}
    bridge = shown["glute_bridge"]
    assert bridge.variant is Variant.HARDER
    assert bridge.shown_name == "Glute bridge: single-leg bridge"
    assert bridge.how_to == exercises.library()["glute_bridge"].how_to
    plank = shown["plank"]
    assert plank.own_words and plank.how_to.movement == OWN_WORDS["movement"]
    assert plank.dose == "4 × 30 s hold" and plank.illustration is not None
    added = shown["sit_to_stand"]
    assert added.own_words and added.illustration is None and added.easier is None
    # the programme of an earlier day is the one in force then
    before = {g.key: g for g in guides(runner_file.plan.on(start))}
    assert before["glute_bridge"].variant is Variant.STANDARD and "sit_to_stand" not in before
    # a tick copies the variant of its day
    runner_file.tick_exercise("glute_bridge")
    assert runner_file.strength_session().exercises[0].variant is Variant.HARDER


@pytest.mark.parametrize("entry, words", [
    pytest.param({"key": "sit_to_stand", "name": "Sit to stand", "sets": 2, "reps": 10,
                  "variant": "harder"}, "has no harder variant", id="variant of an added one"),
    pytest.param({"key": "plank", "name": "Plank", "sets": 3, "hold_seconds": 30,
                  "variant": "hardest"}, "must be one of easier, standard, harder",
                 id="unknown variant"),
    pytest.param({"key": "plank", "name": "Plank", "sets": 3, "hold_seconds": 30,
                  "how_to": {**OWN_WORDS, "mistake": ""}}, r"how_to\.mistake' must be text",
                 id="a how-to missing a part"),
    pytest.param({"key": "plank", "name": "Plank", "sets": 3, "hold_seconds": 30,
                  "how_to": {**OWN_WORDS, "tempo": "slow"}}, "no part named tempo",
                 id="a how-to with an unknown part"),
    pytest.param({"key": "plank", "name": "Plank", "sets": 3, "hold_seconds": 30,
                  "how_to": {**OWN_WORDS, "feel": "x" * 401}}, "keep it to 400",
                 id="a how-to part too long"),
])
def test_a_programme_entry_the_rules_cannot_show_is_refused_and_nothing_saved(
        runner_file, entry, words):
    before = runner_file.store.counts()
    with pytest.raises(InvalidInput, match=words):
        runner_file.change_plan("strength.exercises", [entry], "Try")
    assert runner_file.store.counts() == before
    assert guides(runner_file.protocol)[0].key == "glute_bridge"


def test_the_headings_are_the_four_parts_in_order():
    assert [heading for _, heading in PARTS] == ["Position", "Movement", "What to feel",
                                                 "Common mistake"]
