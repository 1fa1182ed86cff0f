"""Adding a setting is one declaration plus its default: declared here as a throwaway
setting of the pain section, it gets a spin box with its label, unit and range on the
physio's form, validation that refuses it out of range or missing, a row in RULES.md's
settings table and its label in the plan history, with nothing else written for it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from core.errors import ProtocolError
from core.rules import protocol as protocol_module
from core.rules import settings
from core.rules.declare import markdown, setting
from core.rules.protocol import Protocol
from ui.physio_forms import SettingsForm, describe_value, setting_label


@dataclass(frozen=True)
class PainWithHops(settings.Pain):
    hops_to_pass: int = setting(6, 1, 12, "Single-leg hops to pass", "hops",
                                help="Hops on the painful leg before the first walk–run.",
                                source="a test")


@pytest.fixture
def with_hops(monkeypatch) -> Protocol:
    """The registry with the new declaration, and a protocol holding its default (what
    adding ``hops_to_pass = 6`` to resources/protocol.toml gives)."""
    data = protocol_module.default().as_dict()
    monkeypatch.setattr(settings, "REGISTRY", settings.REGISTRY.replacing("pain", PainWithHops))
    data["pain"]["hops_to_pass"] = settings.REGISTRY.defaults()["pain"]["hops_to_pass"]
    return Protocol(data)


def test_the_new_setting_is_read_by_attribute_and_validated(with_hops):
    assert with_hops.pain.hops_to_pass == 6
    assert with_hops.pain.threshold == 2  # the section's other settings are unchanged
    assert with_hops.with_override("pain.hops_to_pass", 12).pain.hops_to_pass == 12
    for bad, words in ((13, "must be from 1 to 12 (got 13)"), (0, "must be from 1 to 12"),
                       (6.0, "must be a whole number"), ("6", "must be a number")):
        with pytest.raises(ProtocolError, match=r"'pain\.hops_to_pass' " + words.replace(
                "(", r"\(").replace(")", r"\)")):
            with_hops.with_override("pain.hops_to_pass", bad)
    without = protocol_module.default().as_dict()  # a protocol file without its default
    with pytest.raises(ProtocolError, match=r"'pain\.hops_to_pass' is missing"):
        Protocol(without)


def test_the_physio_form_shows_a_box_for_it_with_its_label_unit_and_range(qtbot, with_hops):
    form = SettingsForm()
    qtbot.addWidget(form)
    form.load(with_hops)
    box = form.boxes["pain.hops_to_pass"]
    assert (box.minimum(), box.maximum(), box.value(), box.suffix()) == (1, 12, 6, " hops")
    label = box.parentWidget().layout().labelForField(box)
    assert label.text() == "Single-leg hops to pass"
    form.show()
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "20")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert "must be from 1 to 12" in form.message.text() and box.value() == 6
    box.setValue(8)
    assert form.edited(with_hops) == {"pain.hops_to_pass": 8}
    assert setting_label("pain.hops_to_pass") == "Single-leg hops to pass"
    assert describe_value("pain.hops_to_pass", 8) == "8 hops"


def test_the_rules_table_lists_it(with_hops):
    table = markdown(settings.REGISTRY)
    assert ("| `pain.hops_to_pass` | Single-leg hops to pass | 6 hops | 1–12, whole | "
            "Hops on the painful leg before the first walk–run. | a test |") in table
    assert "pain.hops_to_pass" not in markdown(settings.Registry.of(settings.Sections))
