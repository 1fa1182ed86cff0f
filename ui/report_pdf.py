"""The clinical report as a PDF: core/exchange/report.py's sections laid out on A4 or
Letter pages with Qt's own PDF writer, its charts painted as vector paths
(ui/report_chart.py). Every page carries the runner and the period at its top and its
number at its foot. Written all or none, like the export: into a hidden folder beside the
target, then renamed into place; a failure leaves no file.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from core.errors import ExportError
from core.exchange.export_files import SetNotWritten, write_all_or_none
from core.exchange.report import Report, Section, Table, build
from core.runback import Runback
from ui.report_chart import font, paint_chart

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DPI = 720  # device units per inch: 10 per point
PT = DPI / 72
MARGIN_MM = 14
HEADER = 22 * PT  # the runner and the period, with a rule under them
FOOTER = 16 * PT  # the page number
CHART_HEIGHT = 205 * PT
GAP = 8 * PT
WRAP = Qt.TextFlag.TextWordWrap.value | Qt.AlignmentFlag.AlignLeft.value
TOP_LEFT = Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignTop.value
GRID = QColor(150, 150, 150)
HEADER_FILL = QColor(230, 230, 230)

Draw = Callable[[QPainter, float], None]  # paints at a height on its page


def write_report(runback: Runback, out: Path, paper: str = "a4",
                 start: dt.date | None = None, end: dt.date | None = None) -> Path:
    """Write the report of ``runback`` for [start, end] to ``out`` on ``paper`` ("a4" or
    "letter"), replacing a file there only once the new one is whole.

    :raises InvalidInput: a bad period or paper (nothing is written).
    :raises ExportError: the file could not be written (nothing is left).
    """
    from core.errors import InvalidInput

    if paper not in PAPERS:
        raise InvalidInput("paper", f"The paper must be a4 or letter (got {paper!r}).")
    report = build(runback, start, end)
    out = Path(out)

    def write(staging: Path) -> list[str]:
        render(report, staging / out.name, paper)
        return [out.name]

    try:
        write_all_or_none(out.parent, write)
    except SetNotWritten as failure:
        left = ("Nothing was written" if failure.clean else
                "Some temporary files may be left beside it; remove them")
        raise ExportError(f"Could not write the report {out}: {failure.reason}. {left}; "
                          f"choose another folder or free some space.") from None
    return out


def ensure_app() -> None:
    """Qt's fonts need an application object; the command line has none of its own."""
    if QGuiApplication.instance() is None:
        QGuiApplication(["runback"])


def render(report: Report, path: Path, paper: str = "a4") -> int:
    """Paint ``report`` into a new PDF at ``path``; the number of pages.

    :raises OSError: the file cannot be opened or written.
    """
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(PAPERS[paper]))
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setTitle(f"{report.title}: {report.heading}")
    writer.setCreator("Runback")
    page = writer.pageLayout().paintRectPixels(DPI)
    pages = Layout(writer, page.width(), page.height()).pages(report)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(errno.EIO, f"the PDF {path.name} could not be opened for writing")
    try:
        for number, draws in enumerate(pages, start=1):
            if number > 1 and not writer.newPage():
                raise OSError(errno.EIO, "a new page could not be added")
            _frame(painter, report, number, len(pages), page.width(), page.height())
            for y, draw in draws:
                draw(painter, y)
    finally:
        if not painter.end():
            raise OSError(errno.EIO, f"the PDF {path.name} could not be written")
    return len(pages)


BODY, SMALL, TINY = font(9.5), font(8), font(7.5)
BOLD, SMALL_BOLD, TINY_BOLD = font(9.5, True), font(8, True), font(7.5, True)
TITLE, SECTION, TABLE_TITLE = font(18, True), font(13, True), font(10.5, True)


def _frame(painter: QPainter, report: Report, number: int, total: int, width: float,
           height: float) -> None:
    """The page's header (the runner, the period, when made) and its number."""
    painter.setPen(QPen(Qt.GlobalColor.black))
    painter.setFont(SMALL)
    top = QRectF(0, 0, width, HEADER - 6 * PT)
    made = f"Made {report.made.isoformat()}"
    made_width = QFontMetricsF(SMALL, painter.device()).horizontalAdvance(made) + 12 * PT
    painter.drawText(QRectF(0, 0, width - made_width, HEADER - 6 * PT),
                     Qt.AlignmentFlag.AlignLeft.value | Qt.AlignmentFlag.AlignBottom.value,
                     f"{report.title} · {report.heading}")
    painter.drawText(top, Qt.AlignmentFlag.AlignRight.value
                     | Qt.AlignmentFlag.AlignBottom.value, made)
    painter.setPen(QPen(Qt.GlobalColor.black, 0.6 * PT))
    painter.drawLine(QPointF(0, HEADER - 3 * PT), QPointF(width, HEADER - 3 * PT))
    painter.setPen(QPen(Qt.GlobalColor.black))
    painter.drawText(QRectF(0, height - FOOTER + 4 * PT, width, FOOTER - 4 * PT),
                     Qt.AlignmentFlag.AlignHCenter.value | Qt.AlignmentFlag.AlignBottom.value,
                     f"Page {number} of {total}")


class Layout:
    """The report's blocks placed on pages: each page a list of (height, draw)."""

    def __init__(self, device: QPdfWriter, width: float, height: float):
        self.device, self.width = device, width
        self.top, self.bottom = HEADER + 4 * PT, height - FOOTER
        self.sheets: list[list[tuple[float, Draw]]] = [[]]
        self.y = self.top

    def pages(self, report: Report) -> list[list[tuple[float, Draw]]]:
        self.text(report.title, TITLE, after=2 * PT)
        self.text(f"{report.heading}", BOLD, after=GAP)
        for section in report.sections:
            self.section(section)
        return self.sheets

    # --- placing -----------------------------------------------------------------------

    def new_page(self) -> None:
        if self.sheets[-1]:
            self.sheets.append([])
        self.y = self.top

    def room(self, height: float) -> None:
        """A new page unless ``height`` fits below what is placed."""
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def place(self, height: float, draw: Draw) -> None:
        self.room(height)
        self.sheets[-1].append((self.y, draw))
        self.y += height

    def measure(self, text: str, which: QFont, width: float) -> float:
        metrics = QFontMetricsF(which, self.device)
        return metrics.boundingRect(QRectF(0, 0, width, 1e7), WRAP, text).height()

    def text(self, text: str, which: QFont, after: float = 4 * PT, left: float = 0) -> None:
        width = self.width - left
        height = self.measure(text, which, width)

        def draw(painter: QPainter, y: float) -> None:
            painter.setFont(which)
            painter.setPen(QPen(Qt.GlobalColor.black))
            painter.drawText(QRectF(left, y, width, height + PT), WRAP, text)
        self.place(height + after, draw)

    # --- the blocks ----------------------------------------------------------------------

    def section(self, section: Section) -> None:
        if section.new_page:
            self.new_page()
        # A section's title stays with the start of what follows it.
        self.room(self.measure(section.title, SECTION, self.width) + 60 * PT)
        self.text(section.title, SECTION, after=5 * PT)
        for paragraph in section.paragraphs:
            self.text(paragraph, BODY, after=5 * PT)
        if section.facts:
            self.facts(section.facts, section.highlighted)
        for table in section.tables:
            self.table(table)
        self.charts(section)

    def facts(self, facts: tuple[tuple[str, str], ...], highlighted: int = 0) -> None:
        """Label–value lines; the first ``highlighted`` on a grey band, a gap after them."""
        label_width = 105 * PT
        value_width = self.width - label_width - 3 * PT
        for index, (label, value) in enumerate(facts):
            height = max(self.measure(label, BOLD, label_width - 9 * PT),
                         self.measure(value, BODY, value_width)) + 4 * PT
            shaded = index < highlighted

            def draw(painter: QPainter, y: float, label=label, value=value,
                     height=height, shaded=shaded) -> None:
                if shaded:
                    painter.fillRect(QRectF(0, y - 1.5 * PT, self.width, height),
                                     HEADER_FILL)
                painter.setPen(QPen(Qt.GlobalColor.black))
                painter.setFont(BOLD)
                painter.drawText(QRectF(3 * PT, y, label_width - 9 * PT, height), WRAP,
                                 label)
                painter.setFont(BODY)
                painter.drawText(QRectF(label_width, y, value_width, height), WRAP, value)
            self.place(height, draw)
            if index + 1 == highlighted:
                self.y += GAP
        self.y += GAP

    def table(self, table: Table) -> None:
        total = sum(table.widths)
        widths = [self.width * share / total for share in table.widths]
        pad = 2.5 * PT
        header_height = max(self.measure(title, TINY_BOLD, w - 2 * pad)
                            for title, w in zip(table.header, widths, strict=True)) + 2 * pad
        title_height = self.measure(table.title, TABLE_TITLE, self.width) + 3 * PT
        first_row = (self.row_height(table.rows[0], widths, pad) if table.rows
                     else self.measure(table.empty, BODY, self.width))
        self.room(title_height + header_height + first_row)
        self.text(table.title, TABLE_TITLE, after=3 * PT)
        if not table.rows:
            self.text(table.empty, BODY, after=GAP)
            return
        self.header_row(table.header, widths, pad, header_height)
        for row in table.rows:
            height = self.row_height(row, widths, pad)
            if self.y + height > self.bottom:
                self.new_page()
                self.text(f"{table.title} (continued)", TABLE_TITLE, after=3 * PT)
                self.header_row(table.header, widths, pad, header_height)
            self.place(height, self.row_draw(row, widths, pad, height, TINY))
        self.y += GAP

    def row_height(self, row: tuple[str, ...], widths: list[float], pad: float) -> float:
        return max(self.measure(cell, TINY, w - 2 * pad)
                   for cell, w in zip(row, widths, strict=True)) + 2 * pad

    def header_row(self, header: tuple[str, ...], widths: list[float], pad: float,
                   height: float) -> None:
        self.place(height, self.row_draw(header, widths, pad, height, TINY_BOLD,
                                         fill=True))

    def row_draw(self, row: tuple[str, ...], widths: list[float], pad: float,
                 height: float, which: QFont, fill: bool = False) -> Draw:
        full = self.width

        def draw(painter: QPainter, y: float) -> None:
            if fill:
                painter.fillRect(QRectF(0, y, full, height), HEADER_FILL)
            painter.setFont(which)
            painter.setPen(QPen(Qt.GlobalColor.black))
            x = 0.0
            for cell, width in zip(row, widths, strict=True):
                painter.drawText(QRectF(x + pad, y + pad, width - 2 * pad, height), WRAP,
                                 cell)
                x += width
            painter.setPen(QPen(GRID, 0.4 * PT))
            painter.drawLine(QPointF(0, y + height), QPointF(full, y + height))
        return draw

    def charts(self, section: Section) -> None:
        pending = list(section.charts)
        half = (self.width - GAP) / 2
        while pending:
            chart = pending.pop(0)
            row = [chart]
            if chart.half and pending and pending[0].half:
                row.append(pending.pop(0))
            width = half if chart.half else self.width

            def draw(painter: QPainter, y: float, row=row, width=width) -> None:
                for index, each in enumerate(row):
                    paint_chart(painter, each,
                                QRectF(index * (half + GAP), y, width, CHART_HEIGHT))
            self.place(CHART_HEIGHT + GAP, draw)
