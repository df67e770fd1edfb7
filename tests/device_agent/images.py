"""Small real images for upload tests."""

import io

from PIL import Image


def tiny_png(size=(60, 100)) -> bytes:
    """A valid PNG of a screen-like size."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, "PNG")
    return buffer.getvalue()
