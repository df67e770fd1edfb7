"""Every page of the server room, fetched by Garbów's editor, shows nothing of another
gmina; anonymous visitors get the login page or a 404 outside the public routes.

The routes come from the app's url_map, so a new page is swept without anyone adding it;
a new public page fails the anonymous sweep until it is classified in PUBLIC_GETS.
"""

from __future__ import annotations

import json
import re

import pytest

from content_sync.model import CONTENT_TYPES
from tests.security.conftest import OTHER, OWN

# Public by design, each with why. Everything else needs a login.
PUBLIC_GETS = {
    "auth.login": "the login form",
    "auth.static": "static files",
    "static": "static files",
    "public.static": "static files",
    "portal.static": "static files",
    "fleet.static": "static files",
    "public.item_page": "residents' page of a published item (the kiosks' QR codes)",
    "api.alerts": "the read-only API of published content",
    "api.events": "the read-only API of published content",
    "api.locations": "the read-only API of published content",
    "api.news": "the read-only API of published content",
    "api.offices": "the read-only API of published content",
    "api.procedures": "the read-only API of published content",
    "api.openapi": "the read-only API of published content",
    "api.media_file": "image renditions, by content hash",
    "sync.metadata": "signed sync: devices verify what they fetch",
    "sync.objects": "signed sync: devices verify what they fetch",
    "sync.target": "signed sync: devices verify what they fetch",
    "portal.splash": "the Wi-Fi portal, for residents",
    "portal.about": "the Wi-Fi portal, for residents",
    "portal.welcome": "the Wi-Fi portal, for residents",
    "portal.captive_api": "the Wi-Fi portal, for residents (RFC 8908)",
    "healthz": "liveness for the load balancer",
    **{
        f"residents.{name}": "the residents' portal: published content only"
        for name in [
            "static",
            "home",
            "channel",
            "news_list",
            "events",
            "news_item",
            "event_item",
            "alert_item",
            "offices",
            "office",
            "procedures",
            "procedure",
        ]
    },
    "residents_about.county_map": "the residents' portal: published places on the map",
    "residents_about.wifi_infomats": "the residents' portal: published hotspots and infomats",
    "residents_about.statement": "the accessibility statement the law requires",
    "residents_search_page.results": "the residents' portal: search of published content",
    "residents_feeds.atom": "feeds of published content",
    "residents_feeds.channel_calendar": "feeds of published content",
    "residents_feeds.event_calendar": "feeds of published content",
    "residents_feeds.sitemap": "the published pages, for search engines",
    "residents_feeds.robots": "what search engines may crawl",
    "fleet_metrics.metrics": "Prometheus, on loopback or with a token (test_metrics_access)",
}
# Public routes that name every device of the county by design.
COUNTY_WIDE_DEVICES = {
    "fleet_metrics.metrics": "Prometheus labels its series with device ids",
    "api.locations": "published locations say which infomat or hotspot stands there",
}
# A form's example text is the template's, not data ("np. kiosk-03").
PLACEHOLDER = re.compile(r'placeholder="[^"]*"')
# Query strings an editor might try to widen a page with.
QUERIES = ("", f"?channel={OTHER}&municipality={OTHER}&status=draft&kind=kiosk")


def _values(rule, county, mine: bool, type_name: str) -> dict:
    """Real ids for the rule's arguments: Garbów's (mine) or Konopnica's."""
    if rule.endpoint.startswith("sync."):
        return {"name": "timestamp.json", "digest": "0" * 64, "path": "index.json"}
    items = county.own_items if mine else county.other_items
    candidates = {
        "type_name": type_name,
        "item_id": items[type_name],
        "username": "ed-garbow" if mine else f"ed-{OTHER}",
        "name": county.own_hotspot if mine else county.other_hotspot,
        "device_id": county.own_device if mine else county.other_device,
        "filename": "missing.css",
        "channel": "garbow" if mine else OTHER,
        "kind": type_name,
        # a rule with a default language is built with it; the others with a prefix
        "lang": (rule.defaults or {}).get("lang", "uk"),
    }
    return {arg: candidates[arg] for arg in rule.arguments}


def get_paths(app, county, public: bool | None = None) -> list[tuple[str, str]]:
    """(endpoint, path) for every GET route, filled with both gminas' ids and each query;
    only the public or the private routes when `public` is given."""
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        if public is not None and (rule.endpoint in PUBLIC_GETS) != public:
            continue
        types = CONTENT_TYPES if "type_name" in rule.arguments else ["news"]
        for type_name in types:
            for mine in (True, False):
                path = rule.build(_values(rule, county, mine, type_name))[1]
                paths.update((rule.endpoint, path + query) for query in QUERIES)
    return sorted(paths)


def _occurs(secret: str, text: str) -> bool:
    """The secret as a whole word, as HTML or as JSON (which escapes non-ASCII)."""
    forms = {secret, json.dumps(secret)[1:-1]}
    return any(re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text) for form in forms)


def leaks(response, secrets) -> list[str]:
    """The secrets a response shows, in its body or where it redirects."""
    text = response.get_data().decode("utf-8", "replace") + response.headers.get("Location", "")
    text = PLACEHOLDER.sub("", text)
    return sorted(s for s in secrets if _occurs(s, text))


def test_every_public_route_is_still_in_the_app(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(PUBLIC_GETS) <= endpoints
    assert set(COUNTY_WIDE_DEVICES) <= set(PUBLIC_GETS)


def test_the_sweep_reaches_the_pages_that_show_garbows_own_drafts(app, county, login):
    client = login("ed-garbow")
    seen = set()
    for _endpoint, path in get_paths(app, county, public=False):
        seen.update(leaks(client.get(path), county.own_titles))
    assert seen == county.own_titles


def test_an_editor_of_garbow_sees_nothing_of_other_gminas_on_any_page(app, county, login):
    client = login("ed-garbow")
    found = {}
    for endpoint, path in get_paths(app, county):
        response = client.get(path)
        assert response.status_code < 500, path
        secrets = county.secrets
        if endpoint in COUNTY_WIDE_DEVICES:
            secrets = secrets - county.secret_devices
        if shown := leaks(response, secrets):
            found[path] = shown
    assert found == {}


def test_anonymous_visitors_get_the_login_page_or_nothing(app, county, client):
    for _endpoint, path in get_paths(app, county, public=False):
        response = client.get(path)
        if response.status_code != 404:
            assert response.status_code == 302, path
            assert response.headers["Location"].startswith("/login"), path


def test_public_routes_show_no_drafts_to_anyone(app, county, client):
    drafts = county.own_titles | county.secret_titles
    found = {}
    for _endpoint, path in get_paths(app, county, public=True):
        if shown := leaks(client.get(path), drafts):
            found[path] = shown
    assert found == {}


@pytest.mark.parametrize("path", ["/editor/audit", "/editor/", f"/fleet/?municipality={OTHER}"])
def test_the_pages_most_likely_to_leak_are_scoped(county, login, path):
    response = login("ed-garbow").get(path)
    assert response.status_code == 200
    assert leaks(response, county.secrets) == []
    assert OWN in response.get_data(as_text=True)
