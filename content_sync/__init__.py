"""Content: the model, the editors' UI, the JSON API, media, feeds, and signed sync.

Server side: `init_app(app)` mounts the editor UI, the API and the sync endpoints.
Device side: `content_sync.mirror` (sync) and `content_sync.localstore` (reading a
snapshot) run on kiosks without Flask, so this module imports the server parts only
inside `init_app`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    """Migrate content.db, sign its current state, register the UI, API and sync routes."""
    from backoffice import add_nav_entry, csrf
    from content_sync import api, db, editor, public, store, sync_api
    from content_sync.hub import Hub
    from content_sync.model import CONTENT_TYPES

    hub = Hub.from_settings(app.config)
    app.extensions["infomat_hub"] = hub
    content_db = db.open_content_db(app.config["DATA_DIR"])
    hub.publish(content_db)
    content_db.close()
    app.teardown_appcontext(db.close_db)
    app.register_blueprint(editor.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(public.bp)
    # The sync API is read-only and cookie-less; its one POST (pack) only lists hashes.
    csrf.exempt(sync_api.bp)
    app.register_blueprint(sync_api.bp)
    for ctype in CONTENT_TYPES.values():
        add_nav_entry(app, ctype.plural, "editor.list_items", type_name=ctype.name)
    add_nav_entry(app, "Dziennik zmian", "editor.audit")
    app.extensions["infomat_offices"] = lambda: {
        c["id"]: c["name"] for c in store.channels(db.get_db())
    }
