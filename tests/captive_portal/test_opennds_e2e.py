"""A phone behind the real openNDS daemon passes our portal (FAS levels 1 and 2), reaches
the internet, and is blocked again when the session the portal granted runs out."""

from __future__ import annotations

import json

import pytest

from captive_portal.db import open_portal_db
from tests.captive_portal.netns import GW_LAN_IP, UP_IP, Hotspot, prerequisites_missing, wait
from tests.conftest import require

FASKEY = "c0ffee-test-faskey-7f3a"
GATEWAY_AUTH = f"http://{GW_LAN_IP}:2050/opennds_auth/?tok="


@pytest.fixture(params=[1, 2], ids=["fas-level-1", "fas-level-2"])
def hotspot(request, data_dir, tmp_path):
    missing = prerequisites_missing()
    require(not missing, f"openNDS namespace test needs {', '.join(missing)}")
    work = tmp_path / "hotspot"
    work.mkdir()
    spot = Hotspot(work, data_dir, "hotspot-04", FASKEY, request.param)
    spot.start("portal_session_minutes = 0.25")
    yield spot
    spot.stop()


def test_a_phone_passes_the_portal_through_real_opennds_and_its_session_ends(hotspot, tmp_path):
    assert not hotspot.online()
    visit = hotspot.pass_portal(tmp_path / "cookies", f"http://{UP_IP}/news?x=1&y=2")
    assert visit.redirect.startswith(f"{hotspot.portal_url}/portal/?fas="), visit.redirect
    assert "Akceptuję i łączę się" in visit.splash and 'lang="pl"' in visit.splash
    assert "Garbów" in visit.splash  # the hotspot's published location, not the gateway's word
    assert visit.auth.startswith(GATEWAY_AUTH), visit.landing[:2000]
    assert "Masz dostęp do internetu" in visit.welcome
    assert f"http://{UP_IP}/news?x=1&amp;y=2" in visit.welcome  # the page they wanted, as a link
    assert wait(hotspot.online, 10)
    clients = json.loads(hotspot.ndsctl("json"))["clients"]
    assert [c["state"] for c in clients.values()] == ["Authenticated"]
    # The portal granted 15 s (portal_session_minutes = 0.25) through BinAuth's custom policy.
    assert wait(lambda: not hotspot.online(), 40), "the session did not end"

    # openNDS removes the client's rules one by one: web traffic goes to the portal again
    # within a few seconds of the other ports closing.
    def sent_to_portal() -> bool:
        again = hotspot.phone(
            "curl", "-s", "-m", "3", "-o", "/dev/null", "-w", "%{redirect_url}", f"http://{UP_IP}/"
        )
        return again.stdout.startswith(f"{hotspot.portal_url}/portal/?fas=")

    assert wait(sent_to_portal, 15)
    # BinAuth reported the ended session, signed, with openNDS's byte counters.
    db = open_portal_db(hotspot.data_dir)
    try:
        assert wait(lambda: db["sessions"].count == 1, 20), "no accounting report arrived"
        session = next(db["sessions"].rows)
    finally:
        db.close()
    assert session["reason"] == "timeout_deauth"
    assert session["bytes_in"] + session["bytes_out"] > 0


def test_a_forged_token_at_the_gateway_does_not_open_access(hotspot, tmp_path):
    forged = hotspot.phone(
        "curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
        f"{GATEWAY_AUTH}{'0' * 64}&redir=x",
    )  # fmt: skip
    # The gateway answered, and its answer is the refusal: back to the portal's splash.
    assert forged.returncode == 0, forged
    assert forged.stdout.startswith(f"307 {hotspot.portal_url}/portal/?fas="), forged.stdout
    # Still offline for longer than openNDS's check interval (5 s here), not just at once.
    assert not wait(hotspot.online, 12), "a forged token opened the internet"
    states = [c["state"] for c in json.loads(hotspot.ndsctl("json"))["clients"].values()]
    assert states == ["Preauthenticated"]
    # The same phone passing the portal does get online: the gateway did its job above.
    visit = hotspot.pass_portal(tmp_path / "cookies", f"http://{UP_IP}/")
    assert visit.auth.startswith(GATEWAY_AUTH), visit.landing[:2000]
    assert wait(hotspot.online, 10)
