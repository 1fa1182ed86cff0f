"""The four outcome questionnaires, each declared once: its items and answers, how it is
scored, its range and the smallest change that matters.

The item labels and answer texts are Runback's own short words, faithful to what each
item asks and to the order and meaning of its answers; they are not the published
wording. The numbers (item scores, range, scoring, meaningful change) are the published
ones, with their sources (docs/RULES.md, "Outcome questionnaires").

An answer is given as its points (``Answer.points``): for the AKPS the published item
score (limp: 5, 3 or 0), for the KOOS-PF 0 (none) to 4 (extreme), for the UWRI 0 to 4
(4 = as before the injury). The PSFS has no fixed items: the runner names 1 to 5
activities and rates each 0–10 (``Activities``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from core.errors import InvalidInput


class InstrumentKey(StrEnum):
    """An instrument's identity, as a runner file and an export name it."""

    AKPS = "akps"
    KOOS_PF = "koos_pf"
    UWRI = "uwri"
    PSFS = "psfs"


class Method(StrEnum):
    """How the answers make the score."""

    SUM = "sum"  # the sum of the item scores (AKPS, UWRI)
    KOOS = "koos"  # 100 − mean × 25 over the items answered (KOOS-PF; 100 = no problems)
    MEAN = "mean"  # the mean of the activities' ratings (PSFS)


@dataclass(frozen=True)
class Answer:
    points: int
    text: str


@dataclass(frozen=True)
class Item:
    """One question: ``key`` is its identity in a runner file (never renamed); ``label``
    what the runner reads; ``answers`` in the order shown, best first."""

    key: str
    label: str
    answers: tuple[Answer, ...]

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(answer.points for answer in self.answers)

    def answer(self, points: int) -> Answer:
        return next(a for a in self.answers if a.points == points)


@dataclass(frozen=True)
class Activities:
    """The PSFS's items: activities the runner names (``fewest`` to ``most``, ``suggested``
    as the form asks), each rated ``low`` (``low_text``) to ``high`` (``high_text``)."""

    fewest: int
    most: int
    suggested: str
    low: int
    high: int
    low_text: str
    high_text: str
    name_max_chars: int = 60


@dataclass(frozen=True)
class Instrument:
    """One questionnaire. ``fewest_answered`` items (or activities) give a score; fewer
    give none. ``meaningful_change`` is the smallest change that counts, in score points;
    ``meaningful_change_one_activity`` replaces it for a PSFS of one activity."""

    key: InstrumentKey
    name: str
    short_name: str
    source: str
    prompt: str  # what the runner reads before the first item
    method: Method
    low: float
    high: float
    higher_is_better: bool
    meaningful_change: float
    meaningful_change_source: str
    fewest_answered: int
    items: tuple[Item, ...] = ()
    activities: Activities | None = None
    meaningful_change_one_activity: float | None = None
    decimals: int = 0  # how a score is shown: the KOOS-PF and PSFS have fractions

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)

    def shown(self, value: float) -> str:
        """A score as a screen, a CSV or the report shows it: "72", "72.7"."""
        return f"{value:.{self.decimals}f}"


def _scale(*pairs: tuple[int, str]) -> tuple[Answer, ...]:
    return tuple(Answer(points, text) for points, text in pairs)


def _item(key: str, label: str, *pairs: tuple[int, str]) -> Item:
    return Item(key, label, _scale(*pairs))


# --- Kujala Anterior Knee Pain Scale -----------------------------------------------------------
# 13 items, the published item scores (best first); they add up to 0–100.

AKPS = Instrument(
    key=InstrumentKey.AKPS,
    name="Kujala Anterior Knee Pain Scale",
    short_name="AKPS",
    source="Kujala 1993",
    prompt="Pick the answer closest to how your knee is now.",
    method=Method.SUM,
    low=0, high=100, higher_is_better=True,
    meaningful_change=10, meaningful_change_source="Crossley 2004",
    fewest_answered=13,
    items=(
        _item("limp", "Limping",
              (5, "I don't limp"), (3, "A little, or now and then"), (0, "All the time")),
        _item("weight_bearing", "Standing on the leg",
              (5, "Full weight, no pain"), (3, "Full weight, but it hurts"),
              (0, "I can't put my weight on it")),
        _item("walking", "Walking",
              (5, "As far as I like"), (3, "Over 2 km"), (2, "1 to 2 km"),
              (0, "I can't walk")),
        _item("stairs", "Stairs",
              (10, "No trouble"), (8, "A little pain going down"),
              (5, "Pain going down and going up"), (0, "I can't use stairs")),
        _item("squatting", "Squatting",
              (5, "No trouble"), (4, "It hurts when I squat again and again"),
              (3, "It hurts every time"), (2, "Only with some weight off the leg"),
              (0, "I can't squat")),
        _item("running", "Running",
              (10, "No trouble"), (8, "Pain after more than 2 km"),
              (6, "A little pain from the start"), (3, "Severe pain"), (0, "I can't run")),
        _item("jumping", "Jumping",
              (10, "No trouble"), (7, "A little difficult"), (2, "It hurts every time"),
              (0, "I can't jump")),
        _item("sitting", "Sitting a long time with the knees bent",
              (10, "No trouble"), (8, "It hurts after exercise"), (6, "It always hurts"),
              (4, "The pain makes me straighten my knees now and then"), (0, "I can't")),
        _item("pain", "Pain",
              (10, "None"), (8, "Mild, now and then"), (6, "It wakes me or keeps me awake"),
              (3, "Severe at times"), (0, "Severe all the time")),
        _item("swelling", "Swelling",
              (10, "None"), (8, "Only after hard exercise"), (6, "After everyday activities"),
              (4, "Every evening"), (0, "All the time")),
        _item("kneecap", "The kneecap slipping, painfully",
              (10, "Never"), (6, "Now and then in sport"), (4, "Now and then in daily life"),
              (2, "It has dislocated at least once (diagnosed)"),
              (0, "It has dislocated more than twice")),
        _item("thigh", "Thigh muscles wasted",
              (5, "No"), (3, "A little"), (0, "A lot")),
        _item("bending", "Bending the knee fully",
              (5, "No limit"), (3, "A little limited"), (0, "Very limited")),
    ),
)

# --- KOOS-PF -----------------------------------------------------------------------------------
# 11 items, 0 (none) to 4 (extreme); 100 − mean × 25 over the items answered, at least half.

_SEVERITY = ((0, "None"), (1, "Mild"), (2, "Moderate"), (3, "Severe"), (4, "Extreme"))
_KOOS_ITEMS = 11  # the half rule counts on it (a test checks the items declared)

KOOS_PF = Instrument(
    key=InstrumentKey.KOOS_PF,
    name="KOOS patellofemoral subscale",
    short_name="KOOS-PF",
    source="Crossley 2018",
    prompt="Think of your knee over the last week.",
    method=Method.KOOS,
    low=0, high=100, higher_is_better=True,
    meaningful_change=16, meaningful_change_source="Crossley 2018 (one person's change)",
    fewest_answered=math.ceil(_KOOS_ITEMS / 2),
    decimals=1,
    items=(
        _item("stiffness", "Stiffness after sitting or resting", *_SEVERITY),
        _item("stairs", "Pain on stairs", *_SEVERITY),
        _item("squatting", "Pain when squatting", *_SEVERITY),
        _item("kneeling", "Pain when kneeling", *_SEVERITY),
        _item("running", "Pain when running", *_SEVERITY),
        _item("jumping", "Pain when jumping or landing", *_SEVERITY),
        _item("rising", "Pain standing up from a chair", *_SEVERITY),
        _item("sitting", "Pain sitting with the knees bent", *_SEVERITY),
        _item("aware", "How often the knee is on your mind",
              (0, "Never"), (1, "Monthly"), (2, "Weekly"), (3, "Daily"), (4, "All the time")),
        _item("lifestyle", "How much you changed your life to spare the knee",
              (0, "Not at all"), (1, "A little"), (2, "Moderately"), (3, "A lot"),
              (4, "Completely")),
        _item("trust", "How much a lack of trust in the knee bothers you",
              (0, "Not at all"), (1, "A little"), (2, "Moderately"), (3, "A lot"),
              (4, "Extremely")),
    ),
)

# --- University of Wisconsin Running Injury and Recovery Index ---------------------------------
# 9 items, 0 to 4 each (4 = as before the injury); the sum, 0–36.

_SHARE = ((4, "As much as before"), (3, "Three-quarters or more"), (2, "About half"),
          (1, "A quarter or less"), (0, "I'm not running"))

UWRI = Instrument(
    key=InstrumentKey.UWRI,
    name="University of Wisconsin Running Injury and Recovery Index",
    short_name="UWRI",
    source="Nelson 2019; Nelson 2020",
    prompt="Compare your running now with before the injury.",
    method=Method.SUM,
    low=0, high=36, higher_is_better=True,
    meaningful_change=8, meaningful_change_source="Nelson 2020",
    fewest_answered=9,
    items=(
        _item("daily_life", "How much the injury gets in the way of everyday tasks",
              (4, "Not at all"), (3, "A little"), (2, "Somewhat"), (1, "A lot"),
              (0, "It stops me")),
        _item("frustration", "How frustrated the injury makes you",
              (4, "Not at all"), (3, "A little"), (2, "Somewhat"), (1, "Very"),
              (0, "Extremely")),
        _item("recovery", "How recovered you feel",
              (4, "Fully"), (3, "Mostly"), (2, "Halfway"), (1, "A little"),
              (0, "Not at all")),
        _item("pain_during", "Pain while running",
              (4, "None"), (3, "Mild"), (2, "Moderate"), (1, "Severe"),
              (0, "Too much to run")),
        _item("pain_after", "Pain in the day after a run",
              (4, "None"), (3, "Mild"), (2, "Moderate"), (1, "Severe"),
              (0, "Too much to run")),
        _item("weekly_volume", "How much you run in a week, against before", *_SHARE),
        _item("run_distance", "How far a usual run goes, against before", *_SHARE),
        _item("pace", "Your usual pace, against before",
              (4, "As fast as before"), (3, "A little slower"), (2, "Slower"),
              (1, "Much slower"), (0, "I'm not running")),
        _item("confidence", "How confident you are to train more",
              (4, "Fully"), (3, "Quite"), (2, "Somewhat"), (1, "A little"),
              (0, "Not at all")),
    ),
)

# --- Patient-Specific Functional Scale ----------------------------------------------------------

PSFS = Instrument(
    key=InstrumentKey.PSFS,
    name="Patient-Specific Functional Scale",
    short_name="PSFS",
    source="Stratford 1995",
    prompt=("Name the activities your knee makes hard to do, and rate how well you can do "
            "each today."),
    method=Method.MEAN,
    low=0, high=10, higher_is_better=True,
    meaningful_change=2, meaningful_change_source="Stratford 1995",
    meaningful_change_one_activity=3,
    fewest_answered=1,
    decimals=1,
    activities=Activities(fewest=1, most=5, suggested="3 to 5", low=0, high=10,
                          low_text="I can't do it", high_text="As well as before the problem"),
)

INSTRUMENTS: dict[InstrumentKey, Instrument] = {
    each.key: each for each in (AKPS, KOOS_PF, UWRI, PSFS)}


def instrument(key: InstrumentKey | str) -> Instrument:
    """The instrument of a key as a runner file holds it (``"akps"``); ``InvalidInput``
    for a key that names none."""
    try:
        return INSTRUMENTS[InstrumentKey(key)]
    except ValueError:
        raise InvalidInput("instrument", f"Unknown questionnaire {key!r}; known: "
                                         f"{', '.join(k.value for k in InstrumentKey)}.") from None
