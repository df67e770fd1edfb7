"""Links the portal builds from what a request says: the gateway's authorization URL
only to an allowed LAN address, rebuilt from the parsed address; the page a resident
was opening only when it is a plain http(s) address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from captive_portal import fas
from captive_portal.settings import SETTINGS
from tests.captive_portal.conftest import fas_fields, level1
from tests.captive_portal.test_fas import consent


def auth_link(answer) -> str:
    match = re.search(r'<a class="accept" href="([^"]+)"', answer.get_data(as_text=True))
    assert match, answer.get_data(as_text=True)
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "address",
    [
        "[fe80::1%@evil.example#]:2050",  # a zone id Chromium reads as a host name
        "[fd00::1%eth0]:2050",
        "127.0.0.1:2050",
        "[::1]:2050",
        "169.254.169.254:80",
        "[fe80::1]:2050",
        "100.64.0.1:2050",
        "224.0.0.1:2050",
        "0.0.0.0:2050",
        "8.8.8.8:2050",
        "[2001:4860::8888]:2050",
        "[::ffff:127.0.0.1]:2050",
        "evil.example:80",
        "192.168.4.1",
        "192.168.4.1:0",
        "192.168.4.1:65536",
        "192.168.4.1:2050/x",
        "192.168.4.1:2050@evil.example",
        "fd00::1:2050",
        "[192.168.4.1]:2050",
    ],
)
def test_a_gateway_address_outside_the_hotspot_lans_gets_no_link(phone, address):
    fields = fas_fields(gatewayaddress=address)
    assert phone.get("/portal/", query_string=level1(fields)).status_code == 400
    answer = consent(phone, level1(fields))
    assert answer.status_code == 400 and "opennds_auth" not in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("address", "netloc"),
    [
        ("192.168.4.1:2050", "192.168.4.1:2050"),
        ("10.1.2.3:02050", "10.1.2.3:2050"),
        ("172.16.0.1:80", "172.16.0.1:80"),
        ("[FD00:0:0::0001]:2050", "[fd00::1]:2050"),
        ("198.51.100.1:2050", "198.51.100.1:2050"),  # added by the tests' setting
    ],
)
def test_the_authorization_link_is_rebuilt_from_the_parsed_address(phone, address, netloc):
    answer = consent(phone, level1(fas_fields(gatewayaddress=address)))
    assert answer.status_code == 200
    url = urlsplit(auth_link(answer))
    assert (url.scheme, url.netloc, url.path) == ("http", netloc, "/opennds_auth/")


def test_by_default_only_private_lans_a_hotspot_can_have_are_allowed():
    defaults = {setting.name: setting.default for setting in SETTINGS}
    assert defaults.get("portal_gateway_networks") == [
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "fd00::/8",
    ]
    networks = fas.gateway_networks(defaults["portal_gateway_networks"])
    assert fas.gateway_netloc("192.168.4.1:2050", networks) == "192.168.4.1:2050"
    for address in ("198.51.100.1:2050", "100.64.0.1:2050", "127.0.0.1:2050"):
        with pytest.raises(fas.FasError):
            fas.gateway_netloc(address, networks)


def test_loopback_and_link_local_are_refused_even_when_a_deployment_allows_them():
    networks = fas.gateway_networks(["0.0.0.0/0", "::/0"])
    for address in ("127.0.0.1:2050", "169.254.169.254:80", "[fe80::1]:2050", "[::1]:80"):
        with pytest.raises(fas.FasError):
            fas.gateway_netloc(address, networks)


def test_a_setting_that_is_not_a_network_stops_the_start():
    with pytest.raises(ValueError, match="portal_gateway_networks"):
        fas.gateway_networks(["192.168.0.0/16", "evil.example"])


SAFE_ORIGIN = "http://example.org/a?b=1"
UNSAFE_ORIGINS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/",
    "http:///no-host",
    "https://",
    "http://user:secret@example.org/",
    "http://example.org@evil.example/",
    "http://good.example\\@evil.example/",
    "http://exa mple.org/",
    "http://example.org/\r\nLocation: http://evil.example/",
    "//evil.example/",
    "http://example.org:99999/",
]


@pytest.mark.parametrize("origin", UNSAFE_ORIGINS)
def test_an_origin_that_is_not_a_plain_web_address_is_not_linked(phone, origin):
    page = phone.get("/portal/welcome", query_string={"origin": origin, "lang": "en"})
    assert page.status_code == 200 and "Location" not in page.headers
    assert 'rel="noreferrer nofollow"' not in page.get_data(as_text=True)


@pytest.mark.parametrize("origin", UNSAFE_ORIGINS)
def test_an_unsafe_origin_from_openNDS_is_dropped_from_the_welcome_address(phone, origin):
    fields = fas_fields(originurl=origin.replace("%", "%25").replace(",", "%2c"))
    redir = parse_qs(urlsplit(auth_link(consent(phone, level1(fields)))).query)["redir"][0]
    assert "origin" not in parse_qs(urlsplit(redir).query)


def test_a_plain_origin_is_linked_on_the_welcome_page(phone):
    fields = fas_fields(originurl="http%3a%2f%2fexample.org%2fa%3fb%3d1")
    redir = parse_qs(urlsplit(auth_link(consent(phone, level1(fields)))).query)["redir"][0]
    assert parse_qs(urlsplit(redir).query)["origin"] == [SAFE_ORIGIN]
    page = phone.get(urlsplit(redir).path + "?" + urlsplit(redir).query).get_data(as_text=True)
    assert 'href="http://example.org/a?b=1" rel="noreferrer nofollow"' in page
