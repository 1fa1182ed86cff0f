"""What a screen reader gets: every text on screen, through Qt's accessibility interfaces.

The real main window (the demo journey, and a new runner just set up) with every tab
built and shown in turn: each visible label, button, check box, group title, tab and table
header must be carried by its accessible interface (name, description or value) with its
current words, and a label's words that change are announced.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QTableView,
    QTabWidget,
    QWidget,
)

from core.exchange.demo import create_demo
from core.runback import Runback
from tests.ui.conftest import WAIT_MS
from ui.common import plain_text, text_label
from ui.setup_dialog import SetupDialog

TEXTS = QAccessible.Text
DECORATION = " …▸▾"  # a dialog follows, a section opens: signs, not words


def words(text: str, mnemonic: bool = False) -> str:
    """Text as it reads: no markup (no mnemonic ampersand on a button, no ellipsis or
    arrow after its words), spaces collapsed."""
    if mnemonic:
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(DECORATION)
    return re.sub(r"\s+", " ", plain_text(text)).strip()


def carried(interface) -> str:
    return " | ".join(words(interface.text(kind))
                      for kind in (TEXTS.Name, TEXTS.Description, TEXTS.Value))


def visible_texts(widget: QWidget) -> list[str]:
    """What a sighted person reads on ``widget`` itself."""
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.pixmap().isNull() else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    return []


def missing(window: QWidget) -> list[str]:
    """Every visible text of ``window`` its accessible interfaces do not carry."""
    problems = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None and interface.isValid(), widget
        for text in visible_texts(widget):
            shown = words(text, mnemonic=not isinstance(widget, QLabel))
            if shown and shown.casefold() not in carried(interface).casefold():
                problems.append(f"{type(widget).__name__} shows «{shown[:70]}», "
                                f"a screen reader gets «{carried(interface)[:90]}»")
        if isinstance(widget, QTableView):
            problems += _headers_missing(widget, interface)
        if isinstance(widget, QTabWidget):
            problems += _tabs_missing(widget)
    return problems


def _headers_missing(table: QTableView, interface) -> list[str]:
    model = table.model()
    shown = {words(str(model.headerData(c, _HORIZONTAL) or ""))
             for c in range(model.columnCount()) if not table.isColumnHidden(c)}
    heard = {words(interface.child(i).text(TEXTS.Name)) for i in range(interface.childCount())
             if interface.child(i).role() == QAccessible.Role.ColumnHeader}
    return [f"table {table.accessibleName()!r}: header «{text}» not heard"
            for text in sorted(shown - heard - {""})]


def _tabs_missing(tabs: QTabWidget) -> list[str]:
    bar = QAccessible.queryAccessibleInterface(tabs.tabBar())
    heard = {words(bar.child(i).text(TEXTS.Name)) for i in range(bar.childCount())}
    return [f"tab «{tabs.tabText(i)}» not heard" for i in range(tabs.count())
            if words(tabs.tabText(i)) not in heard]


from PySide6.QtCore import Qt  # noqa: E402 - after the helpers that name it in a default

_HORIZONTAL = Qt.Orientation.Horizontal


def every_tab_missing(qtbot, window) -> list[str]:
    problems = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        qtbot.waitUntil(page.isVisible, timeout=WAIT_MS)
        qtbot.wait(1)  # one turn of the loop: deferred parts (questionnaires due) drawn
        problems += [f"tab {window.tabs.tabText(index)!r}: {p}" for p in missing(window)]
    return problems


def test_the_demo_window_says_every_text_it_shows(qtbot, make_window, tmp_path):
    runback = create_demo(tmp_path / "demo.db", weeks=16, end=dt.date(2026, 11, 20))
    window = make_window(runback)
    assert every_tab_missing(qtbot, window) == []


def test_a_new_runner_window_says_every_text_it_shows(qtbot, make_window, tmp_path, clock):
    window = make_window(Runback.create(tmp_path / "new.db", clock=clock))
    qtbot.waitUntil(lambda: window.findChild(SetupDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(SetupDialog)
    assert missing(dialog) == []
    dialog.pain.setValue(3)
    dialog.submit()
    assert every_tab_missing(qtbot, window) == []


def test_todays_prescription_is_heard_with_its_current_words(qtbot, window, clock):
    headline = window.today_tab.headline
    interface = QAccessible.queryAccessibleInterface(headline)
    assert interface.text(TEXTS.Name) == "Today's prescription"
    assert interface.text(TEXTS.Description) == words(headline.text()) != ""
    clock.advance()  # a new day's check-in: nothing stored to replace
    window.check_new_day()
    window.today_tab.check_in.pain.setValue(1)
    window.today_tab.check_in.save.click()
    feedback = QAccessible.queryAccessibleInterface(window.today_tab.check_in.feedback)
    assert "Saved: 1/10" in feedback.text(TEXTS.Description)


class Heard:
    """The accessibility events Qt sends, as a screen reader would get them."""

    def __init__(self):
        self.events: list[tuple[object, str]] = []

    def __call__(self, event: QAccessibleEvent) -> None:
        if event.type() == QAccessible.Event.Announcement:
            self.events.append((event.object(), event.message()))


@pytest.fixture
def heard(monkeypatch):
    events = Heard()
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(events))
    return events


def test_a_label_whose_words_change_announces_them(qtbot, heard):
    label = text_label("", "Last decision")
    qtbot.addWidget(label)
    label.show()
    label.setText("<b>Advance</b> to level 4")
    label.setText("<b>Advance</b> to level 4")  # the same words: nothing new to say
    assert [message for _, message in heard.events] == ["Advance to level 4"]
    assert label.accessibleDescription() == "Advance to level 4"
    label.hide()
    label.setText("Repeat level 4")  # not on screen: kept, not announced
    assert len(heard.events) == 1 and label.accessibleDescription() == "Repeat level 4"
