"""Help → The rules and their sources opens docs/RULES.md inside the app."""

from __future__ import annotations

from core.rules import settings
from tests.ui.conftest import WAIT_MS


def test_help_opens_every_rule_with_its_setting_and_source(qtbot, window):
    window.rules_action.trigger()
    dialog = window.rules_dialog
    qtbot.waitExposed(dialog, timeout=WAIT_MS)
    text = dialog.text.toPlainText()
    for heading in ("The walk–run ladder", "Stage moves", "Load", "After knee surgery"):
        assert heading in text
    for source in ("Silbernagel 2007", "Fees 1998", "Capin 2018", "Frandsen"):
        assert source in text
    # Every setting of the engine's rules is named in the document the physio reads.
    engine = [s.key for s in settings.REGISTRY.scalars if s.section in ("pain", "walk_run")]
    missing = [key for key in engine if key not in text]
    assert not missing, missing
    dialog.close()
