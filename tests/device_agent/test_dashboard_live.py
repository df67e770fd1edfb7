"""The fleet pages stay put: no reloading, filters, sort and page kept in the URL, live
parts marked for the first-party script, which only admin pages may run."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from device_agent.collector import dashboard
from tests.device_agent.test_dashboard import rows

FLEET_PAGES = ("/fleet/", "/fleet/?kind=kiosk&q=kiosk", "/fleet/devices/kiosk-04")
META_REFRESH = re.compile(r"<meta[^>]+http-equiv\s*=\s*[\"']?refresh", re.IGNORECASE)


def links(page: str, pattern: str) -> list[dict[str, list[str]]]:
    """The query strings of the page's links whose href matches `pattern`, parsed."""
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', page)]
    return [parse_qs(urlsplit(h).query) for h in hrefs if re.search(pattern, h)]


@pytest.mark.parametrize("path", FLEET_PAGES)
def test_no_fleet_page_reloads_itself(login, path):
    answer = login("admin").get(path)
    assert answer.status_code == 200
    assert not META_REFRESH.search(answer.get_data(as_text=True))
    assert "Refresh" not in answer.headers


def test_filters_sort_and_page_round_trip_through_the_url(login, monkeypatch):
    admin = login("admin")
    everything = rows(admin.get("/fleet/?kind=kiosk&sort=id&dir=desc").get_data(as_text=True))
    monkeypatch.setattr(dashboard, "PAGE_SIZE", 5)
    page = admin.get("/fleet/?q=kiosk&kind=kiosk&sort=id&dir=desc&page=2").get_data(as_text=True)
    assert rows(page) == everything[5:10]
    assert "strona 2 z 4" in page
    # the filter form carries the sort along; a new filter starts again at page 1
    form = page.split('<form method="get" class="filters"', 1)[1].split("</form>", 1)[0]
    assert 'id="q" name="q" value="kiosk"' in form
    assert '<option value="kiosk" selected>' in form
    assert '<input type="hidden" name="sort" value="id">' in form
    assert '<input type="hidden" name="dir" value="desc">' in form
    assert 'name="page"' not in form
    # the page links keep filter and sort
    pages = links(page.split('<nav class="pages"', 1)[1].split("</nav>", 1)[0], r"[?&]page=")
    assert {q["page"][0] for q in pages} == {"1", "3"}
    for query in pages:
        assert query["q"] == ["kiosk"] and query["kind"] == ["kiosk"]
        assert query["sort"] == ["id"] and query["dir"] == ["desc"]
    # the sort links keep the filter and go back to page 1
    sorts = links(page.split("<thead>", 1)[1].split("</thead>", 1)[0], r"[?&]sort=")
    assert {q["sort"][0] for q in sorts} >= {"id", "municipality", "state", "last_seen"}
    for query in sorts:
        assert query["q"] == ["kiosk"] and query["kind"] == ["kiosk"] and "page" not in query
    # following a link gives the page it promises
    last = admin.get("/fleet/?q=kiosk&kind=kiosk&sort=id&dir=desc&page=4").get_data(as_text=True)
    assert rows(last) == everything[15:] and "strona 4 z 4" in last


def test_a_page_number_past_the_end_shows_the_last_page(login, monkeypatch):
    monkeypatch.setattr(dashboard, "PAGE_SIZE", 10)
    page = login("admin").get("/fleet/?kind=kiosk&page=99").get_data(as_text=True)
    assert "strona 2 z 2" in page and len(rows(page)) == 10


@pytest.mark.parametrize("path", FLEET_PAGES)
def test_fleet_pages_mark_their_live_parts_for_the_first_party_script(app, login, path):
    app.config["FLEET_PAGE_UPDATE_SECONDS"] = 1.5
    page = login("admin").get(path).get_data(as_text=True)
    assert 'data-live-seconds="1.5"' in page
    assert re.search(r"<[^>]+ id=\"[\w-]+\" data-live>", page)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1
    attributes, body = scripts[0]
    assert re.search(r'src="/fleet/static/fleet-live\.js\?v=\w+"', attributes) and not body.strip()
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handlers are inline scripts"


def test_the_live_script_is_served_with_the_app_and_cached(login):
    admin = login("admin")
    src = re.search(r'<script src="([^"]+)"', admin.get("/fleet/").get_data(as_text=True))[1]
    with admin.get(html.unescape(src)) as script:
        assert script.status_code == 200 and script.mimetype == "text/javascript"
        assert script.cache_control.public and script.cache_control.max_age >= 86_400
        assert "location.reload" not in script.get_data(as_text=True)
        etag = script.headers["ETag"]
    with admin.get(html.unescape(src), headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_admin_pages_may_run_the_apps_own_scripts_and_nothing_inline(login):
    admin = login("admin")
    for path in ("/fleet/", "/fleet/devices/kiosk-04", "/editor/"):
        policy = admin.get(path).headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert "unsafe" not in policy and "http" not in policy, path


def test_public_and_portal_pages_keep_the_policy_without_scripts(client, login):
    admin = login("admin")
    for path in ("/login", "/portal/about", "/"):
        for visitor in (client, admin):
            answer = visitor.get(path)
            if answer.mimetype == "text/html":
                assert "script-src 'none'" in answer.headers["Content-Security-Policy"], path
