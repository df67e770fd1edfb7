"""A phone behind a Linux hotspot with our nftables driver and `infomat portal`: walled
garden before login, HTTPS refused fast, the rest dropped; consent opens the way;
authorized clients survive a portal restart; the kernel ends the session on time."""

from __future__ import annotations

import html
import re

import pytest

from captive_portal.db import open_portal_db
from tests.captive_portal.netns import UP_IP, NftHotspot, prerequisites_missing, wait
from tests.conftest import require

SESSION_SECONDS = 18


@pytest.fixture
def gateway(data_dir, tmp_path):
    missing = prerequisites_missing()
    require(not missing, f"nftables namespace test needs {', '.join(missing)}")
    work = tmp_path / "gateway"
    work.mkdir()
    spot = NftHotspot(work, data_dir, session_minutes=SESSION_SECONDS / 60).start()
    yield spot
    spot.stop()


def curl(spot, *argv):
    return spot.phone("curl", "-s", "-m", "3", *argv)


def seconds_remaining(spot) -> int:
    """What the phone is told (RFC 8908) about its session."""
    api = curl(spot, f"{spot.portal_url}/portal/api").stdout.replace(" ", "")
    found = re.search(r'"seconds-remaining":(\d+)', api)
    return int(found.group(1)) if found else -1


def kernel_expiry(spot) -> int:
    """Seconds until the kernel drops the phone's element from the authorized set."""
    elements = spot.nft_json("set", "inet", "infomat_portal", "authorized")["nftables"]
    members = [e for entry in elements if "set" in entry for e in entry["set"].get("elem", [])]
    assert len(members) == 1, members
    return members[0]["elem"]["expires"]


def test_a_phone_gets_the_walled_garden_then_the_internet_after_consent(gateway, tmp_path):
    table = gateway.nft_json("table", "inet", "infomat_portal")["nftables"]
    assert {e["set"]["name"] for e in table if "set" in e} == {"authorized", "walled_garden"}
    # Before consent: any web page is the splash, the county's site is open...
    splash = curl(gateway, f"http://{UP_IP}/news").stdout
    assert "Akceptuję i łączę się" in splash and "Garbów — biblioteka" in splash
    assert "HELLO FROM THE INTERNET" in curl(gateway, "http://203.0.113.3/").stdout
    # ...HTTPS is refused at once (no hanging apps), everything else is dropped: curl tells
    # a refused connection (7) from one that got no answer within -m 3 (28).
    assert curl(gateway, "-o", "/dev/null", f"http://{UP_IP}:443/").returncode == 7
    assert curl(gateway, f"http://{UP_IP}:8000/").returncode == 28

    jar = str(tmp_path / "jar")
    page = gateway.phone("curl", "-s", "-c", jar, "-b", jar, f"http://{UP_IP}/news?a=1").stdout
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    form = []
    for name, value in fields.items():
        form += ["--data-urlencode", f"{name}={html.unescape(value)}"]
    # The form posts back to the site the phone opened: the gateway redirects it here too.
    welcome = gateway.phone(
        "curl", "-s", "-c", jar, "-b", jar, *form, f"http://{UP_IP}/portal/consent"
    ).stdout
    assert "Masz dostęp do internetu" in welcome
    assert f'href="http://{UP_IP}/news?a=1"' in welcome
    assert "HELLO FROM THE INTERNET" in curl(gateway, f"http://{UP_IP}:8000/").stdout
    assert curl(gateway, "-o", "/dev/null", f"http://{UP_IP}:443/").returncode == 0

    elements = gateway.nft_json("set", "inet", "infomat_portal", "authorized")["nftables"]
    members = [e for entry in elements if "set" in entry for e in entry["set"].get("elem", [])]
    assert len(members) == 1 and members[0]["elem"]["counter"]["bytes"] > 0

    gateway.stop_portal()
    gateway.start_portal()
    assert "HELLO FROM THE INTERNET" in curl(gateway, f"http://{UP_IP}:8000/").stdout
    api = curl(gateway, f"{gateway.portal_url}/portal/api").stdout.replace(" ", "")
    assert '"captive":false' in api and '"can-extend-session":true' in api
    # Extending restarts the kernel's clock: let it visibly run down first, so that an
    # extension that changed nothing cannot pass for one.
    assert wait(lambda: seconds_remaining(gateway) <= SESSION_SECONDS - 6, 15)
    before = kernel_expiry(gateway)
    extended = curl(gateway, "-d", "lang=en", f"{gateway.portal_url}/portal/extend").stdout
    assert "Session extended." in extended
    assert kernel_expiry(gateway) >= before + 4
    assert seconds_remaining(gateway) >= before + 4

    assert wait(lambda: curl(gateway, f"http://{UP_IP}:8000/").returncode != 0, 40)
    assert "Akceptuję" in curl(gateway, f"http://{UP_IP}/").stdout
    # The portal noticed the kernel ended the session and recorded it with its bytes.
    db = open_portal_db(gateway.data_dir)
    assert wait(lambda: db["sessions"].count == 1, 15), "no session recorded"
    session = next(db["sessions"].rows)
    db.close()
    assert session["gateway"] == "local" and session["bytes_out"] > 0  # the set counts uploads
