"""The kiosk's own widgets: buttons big enough to touch, text that wraps, the QR code.

Their looks are in kiosk.kv; here is what they do. Every button press goes through
the app (`app.pressed`), so read-aloud mode can say what was pressed.
"""

from __future__ import annotations

from collections import OrderedDict

import qrcode
from kivy.app import App
from kivy.graphics.texture import Texture
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

QR_CACHE_SIZE = 16
_qr_textures: OrderedDict[str, Texture] = OrderedDict()


class KioskButton(ButtonBehavior, Label):
    """A button of at least 90 × 90 px whose text wraps instead of being cut."""

    background = ListProperty([0, 0, 0, 0])
    speech = StringProperty("")

    def on_press(self):
        App.get_running_app().pressed(self.speech or self.text)


class Tile(KioskButton):
    """A large Home-screen tile."""

    subtitle = StringProperty("")


class BodyLabel(Label):
    """Wrapping text whose height follows its content."""


class Heading(BodyLabel):
    """A section heading."""


def qr_texture(payload: str) -> Texture:
    """A texture of the QR code for `payload`, one pixel per module, cached per payload.

    Textures are cached (a kiosk shows the same few pages all day) and bounded, so
    10,000 visits do not keep 10,000 textures.
    """
    if payload in _qr_textures:
        _qr_textures.move_to_end(payload)
        return _qr_textures[payload]
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    # Kivy textures start at the bottom row
    pixels = bytes(
        0 if dark else 255 for row in reversed(matrix) for dark in row for _channel in range(3)
    )
    texture = Texture.create(size=(size, size), colorfmt="rgb")
    texture.mag_filter = "nearest"
    texture.min_filter = "nearest"
    texture.blit_buffer(pixels, colorfmt="rgb", bufferfmt="ubyte")
    _qr_textures[payload] = texture
    if len(_qr_textures) > QR_CACHE_SIZE:
        _qr_textures.popitem(last=False)
    return texture


class QRCode(Widget):
    """A square QR code of `payload`, drawn crisp at any size."""

    payload = StringProperty("")
    texture = ObjectProperty(None, allownone=True)

    def on_payload(self, _widget, payload):
        self.texture = qr_texture(payload) if payload else None


class PageButtons(BoxLayout):
    """'Up' and 'Down' for a ScrollView, so reading a long page never needs a swipe."""

    scroller = ObjectProperty(None, allownone=True)
    needed = BooleanProperty(False)

    def on_scroller(self, _widget, scroller):
        if scroller is not None:
            scroller.bind(height=self._update)
            scroller.children[0].bind(height=self._update)
            self._update()

    def _update(self, *_args):
        content = self.scroller.children[0]
        self.needed = content.height > self.scroller.height + 1

    def page(self, direction: int) -> None:
        """Scroll one screenful up (+1) or down (-1)."""
        content, view = self.scroller.children[0].height, self.scroller.height
        if content <= view:
            return
        step = view * 0.85 / (content - view)
        self.scroller.scroll_y = min(1.0, max(0.0, self.scroller.scroll_y + direction * step))
