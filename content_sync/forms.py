"""Stored item data shown back in the editor form: the inverse of validation."""

from __future__ import annotations

from datetime import datetime

from content_sync.model import LANGUAGES, WEEKDAYS, ContentType
from content_sync.validation import LOCAL_TZ


def _local_input(iso: str) -> str:
    """An aware ISO instant as a datetime-local input value in Polish time."""
    return (
        datetime.fromisoformat(iso.replace("Z", "+00:00"))
        .astimezone(LOCAL_TZ)
        .strftime("%Y-%m-%dT%H:%M")
    )


def _ranges_text(ranges: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in ranges)


def form_values(ctype: ContentType, data: dict) -> dict[str, str]:
    """Every form input's value for an item whose stored data is `data`."""
    values: dict[str, str] = {}
    for spec in ctype.fields:
        value = data.get(spec.name)
        if value is None:
            continue
        if spec.kind == "hours":
            for day in WEEKDAYS:
                values[f"{spec.name}.{day}"] = _ranges_text(value.get(day, []))
        elif spec.kind == "holidays":
            values[spec.name] = "\n".join(
                " ".join(
                    part
                    for part in (h["date"], _ranges_text(h["hours"]) or "zamknięte", h["note"])
                    if part
                )
                for h in value
            )
        elif spec.kind == "image":
            values[spec.name] = str(value)
        elif spec.translated:
            for lang in LANGUAGES:
                if lang in value:
                    text = value[lang]
                    values[f"{spec.name}.{lang}"] = (
                        "\n".join(text) if spec.kind == "lines" else text
                    )
        elif spec.kind == "datetime":
            values[spec.name] = _local_input(value)
        else:
            values[spec.name] = str(value)
    for name in ("publish_from", "publish_until"):
        if data.get(name):
            values[name] = _local_input(data[name])
    return values
