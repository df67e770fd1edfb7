"""Large text and high contrast render whole at both screen sizes; targets are big enough."""

from __future__ import annotations

import pytest

from tests.kiosk_ui.conftest import LANDSCAPE, PORTRAIT

SCREENS = [
    ("Aktualności", "Nowy rozkład autobusów"),
    ("Urzędy", "Starostwo Powiatowe"),
    ("Jak załatwić sprawę", "Dowód osobisty"),
    ("Wydarzenia", "Jarmark"),
    ("Mapa", None),
    ("Pomoc", None),
]
MIN_TARGET_PX = 90


def _rect(widget):
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def _clip(widget, rect):
    """The part of `rect` a ScrollView ancestor lets through (None when scrolled away)."""
    from kivy.uix.scrollview import ScrollView

    x1, y1, x2, y2 = rect
    parent = widget.parent
    while parent is not None and parent is not parent.parent:
        if isinstance(parent, ScrollView):
            px1, py1, px2, py2 = _rect(parent)
            x1, y1, x2, y2 = max(x1, px1), max(y1, py1), min(x2, px2), min(y2, py2)
            if x1 >= x2 or y1 >= y2:
                return None
        parent = parent.parent
    return x1, y1, x2, y2


def layout_problems(kiosk) -> list[str]:
    """Text cut by its box, visible texts overlapping, and touch targets under 90 px."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    from kiosk_ui.richtext import markup_to_text

    problems, boxes = [], []
    for widget in kiosk.widgets():
        if not isinstance(widget, Label) or not widget.text or not kiosk.visible(widget):
            continue
        widget.texture_update()
        tw, th = widget.texture_size
        if tw > widget.width + 2 or th > widget.height + 2:
            problems.append(f"cut: {widget.text[:40]!r} {tw}x{th} in {widget.size}")
        width = widget.text_size[0]
        if width:
            for word in markup_to_text(widget.text).split():
                # an address has nowhere else to break; the QR code carries it whole
                if "://" not in word and widget._label.get_extents(word)[0] > width + 1:
                    problems.append(f"word broken: {word!r} in {widget.text[:30]!r}")
        if isinstance(widget, ButtonBehavior) and min(widget.size) < MIN_TARGET_PX:
            problems.append(f"small target: {widget.text[:40]!r} {widget.size}")
        visible = _clip(widget, _rect(widget))
        if visible is None:
            continue
        for other, box in boxes:
            overlap_x = min(visible[2], box[2]) - max(visible[0], box[0])
            overlap_y = min(visible[3], box[3]) - max(visible[1], box[1])
            if overlap_x > 2 and overlap_y > 2 and other not in widget.walk_reverse():
                problems.append(f"overlap: {widget.text[:30]!r} and {other.text[:30]!r}")
        boxes.append((widget, visible))
    return problems


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_large_text_and_high_contrast_leave_no_text_cut_or_overlapping(
    county, open_kiosk, tmp_path, size
):
    kiosk = open_kiosk(county.data_dir, size=size)
    kiosk.press("Duży tekst")
    kiosk.press("Kontrast")
    assert kiosk.app.font_scale >= 1.5 and kiosk.app.high_contrast
    assert layout_problems(kiosk) == []
    if size == PORTRAIT:
        kiosk.save("kiosk-contrast", tmp_path)
    for tile, item in SCREENS:
        kiosk.press("Start")
        kiosk.press(tile)
        assert layout_problems(kiosk) == [], tile
        if item:
            kiosk.press(item)
            assert layout_problems(kiosk) == [], item


def test_the_standard_look_has_no_layout_problems_in_ukrainian(county, open_kiosk):
    kiosk = open_kiosk(county.data_dir)
    kiosk.press("УКР")
    for tile in ("Новини", "Установи", "Як залагодити справу?", "Події", "Допомога"):
        kiosk.press("Головна")
        kiosk.press(tile)
        assert layout_problems(kiosk) == [], tile
