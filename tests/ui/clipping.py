"""What a person would see cut off in a window: text wider or taller than its widget, a
page wider than its tab (a sideways scroll bar), a window larger than its screen.

Shared by the layout tests and docs/make_screenshots.py (which prints what it finds).
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QGroupBox,
    QLabel,
    QScrollArea,
    QWidget,
)

TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return TAG.sub("", text).replace("&nbsp;", " ").replace("&amp;", "&")


def shown(widget: QWidget) -> bool:
    """Visible on screen, and not inside a scroll area's part scrolled out of view."""
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def clipped(root: QWidget) -> list[str]:
    """Each visible text in ``root`` that does not fit its widget, as 'kind «text»'."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not shown(widget):
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            rect = widget.contentsRect()
            if widget.wordWrap():
                needed = widget.heightForWidth(rect.width()) if widget.hasHeightForWidth() \
                    else widget.sizeHint().height()
                if needed > rect.height() + 2:
                    found.append(f"label (height {rect.height()} < {needed}) "
                                 f"«{widget.text()[:60]}»")
            else:
                lines = _plain(widget.text()).splitlines() or [""]
                wide = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
                if wide > rect.width() + 2:
                    found.append(f"label (width {rect.width()} < {wide}) "
                                 f"«{widget.text()[:60]}»")
        elif isinstance(widget, QAbstractButton) and widget.text():
            if widget.sizeHint().width() > widget.width() + 2:
                found.append(f"button (width {widget.width()} < {widget.sizeHint().width()}) "
                             f"«{widget.text()}»")
        elif isinstance(widget, QGroupBox) and widget.title():
            wide = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
            if wide > widget.width():
                found.append(f"group title (width {widget.width()} < {wide}) «{widget.title()}»")
    return found


def sideways_scrolled(root: QWidget) -> list[str]:
    """Each visible page scroll area whose content is wider than its view."""
    found = []
    for area in root.findChildren(QScrollArea):
        if not shown(area) or area.widget() is None:
            continue
        bar = area.horizontalScrollBar()
        if bar.maximum() > 0:
            found.append(f"{area.accessibleName() or area.objectName() or type(area).__name__}: "
                         f"{area.widget().minimumSizeHint().width()} px wide in "
                         f"{area.viewport().width()} px")
    return found


def all_scroll_areas(root: QWidget) -> list[QAbstractScrollArea]:
    return [area for area in root.findChildren(QAbstractScrollArea) if shown(area)]
