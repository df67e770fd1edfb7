"""The OpenAPI 3.0 document of the content API, generated from the content model."""

from __future__ import annotations

from content_sync.model import LANGUAGES, ContentType, Field

MAX_LIMIT = 500

_STRING = {"type": "string", "nullable": True}
_RANGES = {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}
_RENDITION = {
    "type": "object",
    "required": ["url", "sha256", "mime", "width", "height", "bytes"],
    "properties": {
        "url": {"type": "string"},
        "sha256": {"type": "string"},
        "mime": {"type": "string"},
        "width": {"type": "integer"},
        "height": {"type": "integer"},
        "bytes": {"type": "integer"},
    },
}


def _field_schema(spec: Field) -> dict:
    if spec.kind == "lines":
        return {"type": "array", "items": {"type": "string"}, "nullable": True}
    if spec.kind in ("latitude", "longitude"):
        return {"type": "number", "nullable": True}
    if spec.kind == "hours":
        return {"type": "object", "nullable": True, "additionalProperties": _RANGES}
    if spec.kind == "holidays":
        return {
            "type": "array",
            "nullable": True,
            "items": {
                "type": "object",
                "required": ["date", "hours", "note"],
                "properties": {
                    "date": {"type": "string", "format": "date"},
                    "hours": _RANGES,
                    "note": {"type": "string"},
                },
            },
        }
    if spec.kind == "image":
        return {
            "type": "object",
            "nullable": True,
            "required": ["alt", "renditions"],
            "properties": {
                "alt": {"type": "string"},
                "renditions": {"type": "object", "additionalProperties": _RENDITION},
            },
        }
    return dict(_STRING)


def item_schema(ctype: ContentType) -> dict:
    """The JSON schema of one presented item of `ctype`."""
    properties = {
        "id": {"type": "integer"},
        "type": {"type": "string", "enum": [ctype.name]},
        "channel": {"type": "string"},
        "lang": {"type": "string", "enum": list(LANGUAGES)},
        "available_languages": {"type": "array", "items": {"type": "string"}},
        "published_at": _STRING,
        "publish_from": _STRING,
        "publish_until": _STRING,
    }
    for spec in ctype.fields:
        if spec.name == "image_alt":
            continue
        properties[spec.name] = _field_schema(spec)
        if spec.kind == "markdown":
            properties[spec.name + "_html"] = dict(_STRING)
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


_ERROR = {
    "description": "An error, with a message for the caller.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error", "status"],
                "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
            }
        }
    },
}

_PARAMETERS = [
    {
        "name": "channel",
        "in": "query",
        "description": "Comma-separated channel ids (e.g. powiat,garbow); all when absent.",
        "schema": {"type": "string", "pattern": r"^[a-z0-9-]{1,40}(,[a-z0-9-]{1,40}){0,20}$"},
    },
    {
        "name": "lang",
        "in": "query",
        "description": "Language of text fields; a missing translation falls back to pl.",
        "schema": {"type": "string", "enum": list(LANGUAGES), "default": "pl"},
    },
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 100},
    },
    {
        "name": "offset",
        "in": "query",
        "schema": {"type": "integer", "minimum": 0, "maximum": 1_000_000, "default": 0},
    },
]


def openapi_document(collections: dict[str, ContentType]) -> dict:
    """The whole OpenAPI document for the given collections (path → type)."""
    paths = {}
    schemas = {}
    for path, ctype in collections.items():
        schema_name = ctype.name.capitalize()
        schemas[schema_name] = item_schema(ctype)
        paths[f"/api/v1/{path}"] = {
            "get": {
                "operationId": f"list_{path}",
                "summary": f"Published {path} visible to residents now",
                "parameters": _PARAMETERS,
                "responses": {
                    "200": {
                        "description": "Items in the requested language.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items", "total", "lang"],
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {
                                                "$ref": f"#/components/schemas/{schema_name}"
                                            },
                                        },
                                        "total": {"type": "integer"},
                                        "lang": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "304": {"description": "Not modified since the ETag given."},
                    "400": _ERROR,
                    "404": _ERROR,
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Infomat content API — Powiat Lubelski",
            "version": "1",
            "description": "Read-only published content for kiosks, the Wi-Fi portal and "
            "the offices' websites.",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }
