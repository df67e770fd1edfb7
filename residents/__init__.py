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
    # news and services add their routes to pages.bp when imported
    from residents import about, feeds, news, pages, search_page, services  # noqa: F401

    app.register_blueprint(pages.bp)
    # The editor links each published item to its page here without importing the portal.
    app.jinja_env.globals["portal_item_url"] = pages.portal_item_url
    app.register_blueprint(about.bp)
    app.register_blueprint(search_page.bp)
    app.register_blueprint(feeds.bp)
