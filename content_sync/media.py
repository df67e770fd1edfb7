"""Uploaded images: proven to be real images, stripped of metadata, resized, stored by hash.

The original upload is never kept: only re-encoded renditions, so EXIF (GPS
positions from an editor's phone) and anything smuggled after the image data are
gone. Files are named by their SHA-256, which is also how devices will fetch them.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from PIL import Image, ImageOps, UnidentifiedImageError

from common.files import write_atomically
from common.sqlite import write_transaction
from content_sync.store import now_iso

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PIXELS = 40_000_000
MIN_SIDE = 16
# name → longest side in pixels; kiosk screens are 1080 wide, phones far less.
RENDITIONS = {"kiosk": 1920, "phone": 800, "thumb": 320}
KIOSK_WIDTH = 1080
JPEG_QUALITY = 82


class MediaError(ValueError):
    """An upload that is not accepted; the message is shown to the editor."""


@dataclass(frozen=True)
class Rendition:
    """One stored, re-encoded size of an image."""

    name: str
    sha256: str
    mime: str
    width: int
    height: int
    bytes: int

    @property
    def filename(self) -> str:
        """The content-addressed file name."""
        return self.sha256 + (".png" if self.mime == "image/png" else ".jpg")


def media_dir(data_dir: str | Path) -> Path:
    """Where rendition files are stored."""
    return Path(data_dir) / "media"


def _open_image(payload: bytes) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(payload))
            probe.verify()
            image = Image.open(io.BytesIO(payload))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaError("Obraz ma zbyt wiele pikseli (limit 40 megapikseli).") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise MediaError(
            "To nie jest obraz JPEG, PNG ani WebP albo plik jest uszkodzony."
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise MediaError(f"Format {image.format} nie jest obsługiwany — użyj JPEG, PNG lub WebP.")
    if min(image.size) < MIN_SIDE:
        raise MediaError("Obraz jest za mały.")
    return image


def _encode(image: Image.Image, longest_side: int) -> tuple[bytes, str, Image.Image]:
    copy = image.copy()
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if copy.mode in ("RGBA", "LA", "P"):
        copy = copy.convert("RGBA")
        copy.save(buffer, "PNG", optimize=True)
        return buffer.getvalue(), "image/png", copy
    copy.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), "image/jpeg", copy


def store_image(
    db: sqlite_utils.Database,
    data_dir: str | Path,
    payload: bytes,
    original_name: str,
    channel: str,
    actor: str,
    max_bytes: int,
) -> int:
    """Validate an upload, write its renditions and return the new media id."""
    if not payload:
        raise MediaError("Plik jest pusty.")
    if len(payload) > max_bytes:
        raise MediaError(f"Plik jest za duży (limit {max_bytes // 1_000_000} MB).")
    image = _open_image(payload)
    image = ImageOps.exif_transpose(image)
    target = media_dir(data_dir)
    target.mkdir(parents=True, exist_ok=True)
    renditions = {}
    for name, side in RENDITIONS.items():
        encoded, mime, resized = _encode(image, side)
        rendition = Rendition(
            name, hashlib.sha256(encoded).hexdigest(), mime, *resized.size, len(encoded)
        )
        path = target / rendition.filename
        if not path.exists():  # named by its hash: an existing file is this very image
            write_atomically(path, encoded)
        renditions[name] = rendition.__dict__
    largest = renditions["kiosk"]
    with write_transaction(db):
        return (
            db["media"]
            .insert(
                {
                    "channel": channel,
                    "sha256": largest["sha256"],
                    "mime": largest["mime"],
                    "width": largest["width"],
                    "height": largest["height"],
                    "bytes": largest["bytes"],
                    "renditions": json.dumps(renditions),
                    "original_name": original_name[:200],
                    "created_at": now_iso(),
                    "created_by": actor,
                }
            )
            .last_pk
        )


def media_renditions(db: sqlite_utils.Database, media_id: int) -> dict[str, Rendition]:
    """The renditions of a stored image, by name; empty if it does not exist."""
    rows = list(db["media"].rows_where("id = ?", [media_id]))
    if not rows:
        return {}
    return {name: Rendition(**r) for name, r in json.loads(rows[0]["renditions"]).items()}


def own_upload(db: sqlite_utils.Database, media_id: int, actor: str, channel: str) -> bool:
    """True if `actor` uploaded image `media_id` for `channel`.

    A form that came back with errors carries its chosen photo by id; the id comes from
    the browser, so it names only the editor's own upload, never another office's.
    """
    rows = list(
        db["media"].rows_where(
            "id = ? AND created_by = ? AND channel = ?", [media_id, actor, channel]
        )
    )
    return bool(rows)


def narrow_image_warning(db: sqlite_utils.Database, media_id: int) -> str | None:
    """A warning when the image is narrower than a kiosk screen shows it, else None."""
    kiosk = media_renditions(db, media_id).get("kiosk")
    if kiosk is None or kiosk.width >= KIOSK_WIDTH:
        return None
    return (
        f"Zdjęcie ma tylko {kiosk.width} px szerokości, a infomat pokazuje je na "
        f"{KIOSK_WIDTH} px — będzie rozmyte. Jeśli masz większe, wybierz je."
    )
