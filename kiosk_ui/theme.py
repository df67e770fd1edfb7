"""Colours of the two looks (standard and high contrast) and the contrast rule they obey.

Every text colour is declared with the background it sits on, so a test can hold the
whole palette to WCAG's 4.5:1 (7:1 in high-contrast mode).
"""

from __future__ import annotations

STANDARD = {
    "background": "#F3F5F7",
    "surface": "#FFFFFF",
    "text": "#16202A",
    "muted": "#44505C",
    "bar": "#0B3D6B",
    "bar_text": "#FFFFFF",
    "button": "#0B4F8A",
    "button_text": "#FFFFFF",
    "selected": "#FFD54F",
    "selected_text": "#16202A",
    "open": "#1B6E2A",
    "closed": "#A3261B",
    "badge": "#A3261B",
    "badge_text": "#FFFFFF",
    "border": "#0B4F8A",
    "map_land": "#DCE8D5",
    "map_city": "#C9CED4",
}
HIGH_CONTRAST = {
    "background": "#000000",
    "surface": "#000000",
    "text": "#FFFFFF",
    "muted": "#FFFF00",
    "bar": "#000000",
    "bar_text": "#FFFF00",
    "button": "#000000",
    "button_text": "#FFFF00",
    "selected": "#FFFF00",
    "selected_text": "#000000",
    "open": "#7CFF7C",
    "closed": "#FF9E9E",
    "badge": "#FFFF00",
    "badge_text": "#000000",
    "border": "#FFFF00",
    "map_land": "#1F1F1F",
    "map_city": "#4D4D4D",
}
TILE_COLOURS = ("#0B4F8A", "#1B5E20", "#6A1B9A", "#8A3A00", "#00585E", "#37474F")
ALERT_COLOURS = {
    "critical": ("#A3001B", "#FFFFFF"),
    "warning": ("#FFB300", "#000000"),
    "info": ("#0B4F8A", "#FFFFFF"),
}
# (text role, background role) pairs that appear on screen
TEXT_ON = (
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("bar_text", "bar"),
    ("button_text", "button"),
    ("selected_text", "selected"),
    ("open", "surface"),
    ("closed", "surface"),
    ("open", "background"),
    ("closed", "background"),
    ("badge_text", "badge"),
)


def rgba(hex_colour: str, alpha: float = 1.0) -> list[float]:
    """'#0B4F8A' → [r, g, b, a] in 0..1, as Kivy wants colours."""
    value = hex_colour.lstrip("#")
    return [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)] + [alpha]


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _a = (channel(c) for c in rgba(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def alert_language_button(severity: str, selected: bool) -> tuple[str, str, str]:
    """Face, text and edge colours of a language button on an alert of `severity`.

    The bar's yellow 'selected' face would vanish on the yellow warning (1.27:1), so on
    an alert the buttons take the alert's own two colours: the chosen language
    inverted, the others outlined.
    """
    background, text = ALERT_COLOURS.get(severity, ALERT_COLOURS["info"])
    return (text, background, text) if selected else (background, text, text)


def palette(high_contrast: bool) -> dict[str, list[float]]:
    """The look's colours as Kivy RGBA lists."""
    return {
        role: rgba(colour)
        for role, colour in (HIGH_CONTRAST if high_contrast else STANDARD).items()
    }
