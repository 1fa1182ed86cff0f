"""Every colour Runback sets, for a light and a dark palette, and the system's scheme.

The platform's style draws the window in the system's colours (Qt ≥ 6.5 gives a dark
palette where the system says dark). What Runback paints itself, text in a colour of its
own (messages, chart labels, a chart's key), picks its shade from the palette it is drawn
on: each colour here has a light-palette and a dark-palette ink, and every ink meets WCAG
AA contrast (4.5:1) against both palettes' backgrounds (tests/ui/test_colors.py).

Chart lines and fills keep one mid-tone colour each (``chart_base.BLUE`` …): a line is
not text; the text naming it (an axis title, a key, a threshold's label) uses its ink.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

# Text inks: (on a light palette, on a dark palette).
INKS: dict[str, tuple[str, str]] = {
    "error": ("#b3261e", "#ff8a80"),
    "success": ("#0b57d0", "#8ab4f8"),
    "blue": ("#1f5fa8", "#7ab8f0"),
    "orange": ("#9a4a00", "#f0a050"),
    "violet": ("#6a3cb0", "#c6a4f5"),
    "green": ("#1b6e50", "#5fd0a0"),
    "red": ("#b3261e", "#ff8a80"),
    "amber": ("#6f5400", "#e8c04a"),
}

# A chart colour (the mid-tone of its line) to the ink of the text about it.
SERIES_INK = {"#3d8fd6": "blue", "#e0821c": "orange", "#a070e0": "violet",
              "#2fa37a": "green", "#e0483f": "red", "#d4a62a": "amber"}

# The dark palette Runback sets where the system says dark but the style stays light.
DARK = {
    "Window": "#232629", "WindowText": "#eff0f1", "Base": "#1b1e20",
    "AlternateBase": "#2a2e32", "ToolTipBase": "#31363b", "ToolTipText": "#eff0f1",
    "PlaceholderText": "#a0a4a8", "Text": "#eff0f1", "Button": "#31363b",
    "ButtonText": "#eff0f1", "BrightText": "#ffffff", "Light": "#4a5056",
    "Midlight": "#3b4045", "Mid": "#2b2f33", "Dark": "#141618", "Shadow": "#0a0b0c",
    "Highlight": "#2a62b8", "HighlightedText": "#ffffff", "Link": "#8ab4f8",
    "LinkVisited": "#c6a4f5",
}
DISABLED_TEXT = "#8a8f94"
DARK_SCHEME = 2  # Qt.ColorScheme.Dark: its number, as touching Qt's namespace costs start-up


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` draws light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def ink(name: str, palette: QPalette) -> str:
    """The text colour called ``name`` (an INKS key or a chart colour) on ``palette``."""
    light, dark = INKS[SERIES_INK.get(name, name)]
    return dark if is_dark(palette) else light


def inked(html: str, palette: QPalette) -> str:
    """Rich text with each chart colour replaced by its ink on ``palette`` (a chart's key)."""
    for colour in SERIES_INK:
        if colour in html:
            html = html.replace(colour, ink(colour, palette))
    return html


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for name, colour in DARK.items():
        palette.setColor(getattr(roles, name), QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def contrast(foreground: str | QColor, background: str | QColor) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                + 0.0722 * channel(colour.blueF()))
    lighter, darker = sorted((luminance(QColor(foreground)), luminance(QColor(background))),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def apply_scheme(app: QApplication, scheme: object) -> None:
    """Follow the system's colour scheme: a dark palette where it says dark and the style
    drew light; the style's own palette again when it stops saying dark."""
    dark = getattr(scheme, "value", scheme) == DARK_SCHEME
    if dark and not is_dark(app.palette()):
        app.setPalette(dark_palette())
        app.setProperty("runback_dark", True)
    elif not dark and app.property("runback_dark"):
        app.setPalette(app.style().standardPalette())
        app.setProperty("runback_dark", False)


def follow_system(app: QApplication) -> None:
    """Apply the system's scheme now and whenever it changes (call after the first paint:
    reading the scheme builds Qt's namespace, ~25 ms that start-up cannot spare)."""
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda scheme: apply_scheme(app, scheme))
    apply_scheme(app, hints.colorScheme())
