"""The admin menu: each blueprint adds its own entries, the layout draws them; the
blueprints in it make up the admin area."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, request, url_for


@dataclass(frozen=True)
class NavEntry:
    """One menu entry: its label and the endpoint (with arguments) it opens."""

    label: str
    endpoint: str
    values: tuple[tuple[str, str], ...] = ()
    county_admin_only: bool = False


@dataclass(frozen=True)
class NavLink:
    """A menu entry resolved for the current request."""

    label: str
    url: str
    current: bool


def add_nav_entry(
    app: Flask, label: str, endpoint: str, county_admin_only: bool = False, **values: str
) -> None:
    """Add an entry to the admin menu, in the order blueprints are registered."""
    app.extensions.setdefault("backoffice_nav", []).append(
        NavEntry(label, endpoint, tuple(values.items()), county_admin_only)
    )


def nav_links() -> list[NavLink]:
    """The menu for this request, marking the entry the admin is on."""
    links = []
    user = g.get("user")
    for entry in current_app.extensions.get("backoffice_nav", []):
        if entry.county_admin_only and not (user and user.is_county_admin):
            continue
        values = dict(entry.values)
        url = url_for(entry.endpoint, **values)
        current = request.path == url or (
            bool(values)
            and request.view_args is not None
            and all(request.view_args.get(k) == v for k, v in values.items())
        )
        links.append(NavLink(entry.label, url, current))
    return links


def in_admin_area() -> bool:
    """Whether this request is for a page of a blueprint the admin menu opens."""
    entries = current_app.extensions.get("backoffice_nav", [])
    return request.blueprint is not None and any(
        entry.endpoint.split(".", 1)[0] == request.blueprint for entry in entries
    )
