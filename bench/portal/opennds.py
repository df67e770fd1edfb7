"""bench/portal (b): time from a phone's first HTTP request to reaching the internet
through the real openNDS, with our FAS and with openNDS's own click-to-continue splash,
in the same namespaces on the same machine.

    .venv/bin/python -m bench.portal.opennds [--reps 20]     (root; openNDS installed)

Each run is what a phone's browser does with one tap: for our FAS, the intercepted
request (307 to the portal), the splash, the consent POST, the gateway's auth URL;
for openNDS's own splash, the intercepted request, its splash, "Accept", "Continue".
The clock stops when the phone reaches an upstream port openNDS does not intercept.
Between runs the phone is deauthenticated with ndsctl. Uses the namespace builder
of the tests (tests/captive_portal/netns.py).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from tests.captive_portal.netns import CLIENT_IP, GW_LAN_IP, UP_IP, Hotspot

FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class OwnSplashHotspot(Hotspot):
    """openNDS with its built-in click-to-continue splash instead of a FAS."""

    def _opennds(self) -> None:
        original = Path.write_text

        def without_fas(path, text, *args, **kwargs):
            if path.name == "opennds.conf":
                text = re.sub(r"fasport[^\n]*\n|fasremoteip[^\n]*\n|faspath[^\n]*\n"
                              r"|fas_secure_enabled[^\n]*\n|faskey[^\n]*\n", "", text)  # fmt: skip
                text = text.replace("login_option_enabled 0", "login_option_enabled 1")
            return original(path, text, *args, **kwargs)

        Path.write_text = without_fas
        try:
            super()._opennds()
        finally:
            Path.write_text = original


def curl(spot: Hotspot, *argv: str) -> str:
    return spot.phone("curl", "-s", "-m", "10", *argv).stdout


def online(spot: Hotspot) -> bool:
    return "HELLO" in spot.phone("curl", "-s", "-m", "1", f"http://{UP_IP}:8000/").stdout


def our_flow(spot: Hotspot, jar: str) -> None:
    first = curl(spot, "-o", "/dev/null", "-w", "%{redirect_url}", f"http://{UP_IP}/")
    splash = curl(spot, "-c", jar, "-b", jar, first)
    form = []
    for name, value in FIELD.findall(splash):
        form += ["--data-urlencode", f"{name}={html.unescape(value)}"]
    landing = curl(spot, "-c", jar, "-b", jar, *form, f"{spot.portal_url}/portal/consent")
    auth = html.unescape(re.search(r'url=([^"]+)"', landing).group(1))
    curl(spot, "-L", "-c", jar, "-b", jar, auth)


def own_flow(spot: Hotspot, _jar: str) -> None:
    first = curl(spot, "-o", "/dev/null", "-w", "%{redirect_url}", f"http://{UP_IP}/")
    page = curl(spot, first)
    found = re.search(r'name="fas" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError(f"openNDS's splash did not come: {page[:200]!r}")
    fas = found.group(1)
    base = f"http://{GW_LAN_IP}:2050/opennds_preauth/"
    curl(spot, "-G", "--data-urlencode", f"fas={fas}", "--data-urlencode", "continue=clicked", base)
    curl(
        spot, "-L", "-G", "--data-urlencode", f"fas={fas}", "--data-urlencode", "landing=yes", base
    )


def measure(spot: Hotspot, flow, reps: int, work: Path) -> list[float]:
    times = []
    for rep in range(reps + 1):
        spot.ndsctl("deauth", CLIENT_IP)
        deadline = time.monotonic() + 10
        while online(spot) and time.monotonic() < deadline:
            time.sleep(0.1)
        started = time.perf_counter()
        try:
            flow(spot, str(work / f"jar{rep}"))
        except RuntimeError as exc:
            print(f"  run {rep} failed and is not counted: {exc}")
            continue
        while not online(spot):
            if time.perf_counter() - started > 15:
                raise SystemExit("the phone never got online")
            time.sleep(0.02)
        if rep:  # the first run warms caches on both sides
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-opennds-"))
    try:
        data = work / "data"
        db = open_content_db(data)
        load_demo_county(db)
        db.close()
        results = {}
        for name, kind, flow in (("our FAS (level 2)", Hotspot, our_flow),
                                 ("openNDS's own splash", OwnSplashHotspot, own_flow)):  # fmt: skip
            place = work / kind.__name__
            place.mkdir()
            spot = kind(place, data, "hotspot-04", "bench-faskey-0123", 2).start(
                "portal_session_minutes = 60.0"
            )
            try:
                results[name] = measure(spot, flow, args.reps, place)
            finally:
                spot.stop()
        for name, times in results.items():
            p90 = sorted(times)[int(0.9 * len(times))]
            median = statistics.median(times)
            print(f"  {name:<22} median {1000 * median:6.0f} ms, p90 {1000 * p90:6.0f} ms")
        ours, theirs = (statistics.median(t) for t in results.values())
        print(f"  ratio ours/openNDS's own: {ours / theirs:.2f} (target ≤ 1.5)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
