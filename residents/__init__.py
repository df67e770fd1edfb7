"""The residents' portal: the county's anonymous web pages at `/` in pl, en and uk.

Reads only what residents may see (content_sync's published, in-force items), needs no
JavaScript, and leaves the editors' admin at /editor/. `init_app(app)` registers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Register the portal's pages (home, news, events, offices, procedures) at `/`."""
    from residents import about, pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(about.bp)
