"""The systemd units pass `systemd-analyze verify`; the nginx site passes `nginx -t` and,
run for real in front of the app, caches the residents' public pages and nothing else."""

from __future__ import annotations

import datetime
import getpass
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import jinja2
import pytest

from content_sync import store
from residents import pages
from tests.conftest import free_port, require

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "provisioning" / "systemd"


def test_every_unit_passes_systemd_analyze_verify(tmp_path):
    require(shutil.which("systemd-analyze") is not None, "systemd-analyze")
    require(shutil.which("xinit") is not None, "xinit (apt-get install xinit)")
    # The units name the production venv; the venv running these tests stands in for it.
    venv = Path(sys.prefix)
    require((venv / "bin" / "infomat").exists(), f"the infomat script in {venv} (pip install -e .)")
    units = []
    for unit in sorted(UNITS.iterdir()):
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/infomat/venv", str(venv)))
        units.append(str(tmp_path / unit.name))
    assert len(units) >= 7
    done = subprocess.run(
        ["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60
    )
    problems = [line for line in done.stderr.splitlines() if "infomat" in line]
    assert done.returncode == 0 and problems == [], done.stderr


def test_the_server_unit_is_hardened_and_reloads_gracefully():
    unit = (UNITS / "infomat-server.service").read_text()
    for line in ("Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "ProtectSystem=strict",
                 "PrivateTmp=true", "NoNewPrivileges=true", "User=infomat"):  # fmt: skip
        assert line in unit
    kiosk = (UNITS / "infomat-kiosk.service").read_text()
    assert "WatchdogSec=" in kiosk and "Restart=always" in kiosk and "MemoryMax=" in kiosk


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "infomat.example")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def nginx_site(tmp_path: Path, upstream: str, **ports) -> Path:
    """The county's nginx site rendered into `tmp_path` (self-signed TLS, its cache there)
    inside a main config of its own; the path of that main config."""
    require(shutil.which("nginx") is not None, "nginx (apt-get install nginx-light)")
    cert, key = self_signed(tmp_path)
    template = (ROOT / "provisioning" / "nginx" / "infomat.conf.j2").read_text()
    site = jinja2.Template(template, undefined=jinja2.StrictUndefined).render(
        server_name="infomat.example",
        upstream=upstream,
        certificate=cert,
        certificate_key=key,
        admin_networks=["10.20.0.0/16", "192.0.2.0/24"],
        cache_dir=tmp_path / "cache",
        **ports,
    )
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    # Workers run as the test's own user: the cache and temp files live in its tmp_path.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    main.write_text(
        f"{user} daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};\n"
        f" fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};\n"
        f" include {tmp_path}/site.conf; }}\n"
    )
    return main


def test_the_rendered_nginx_site_passes_nginx_t(tmp_path):
    main = nginx_site(tmp_path, "127.0.0.1:8000")
    site = (tmp_path / "site.conf").read_text()
    assert "allow 10.20.0.0/16;" in site and "deny all;" in site and "immutable" in site
    done = subprocess.run(
        ["nginx", "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


FRESH_SECONDS = 2
# nginx counts whole seconds: a page kept at 12:00:00.9 for 2 s is fresh until 12:00:02.9.
EXPIRED = FRESH_SECONDS + 1.1


@pytest.fixture
def county_nginx(tmp_path, live_server, monkeypatch):
    """The county's nginx site running (not as a daemon) in front of the live app, whose
    pages stay fresh 2 s instead of 60 so that expiry is seen within the test; a function
    GETting a path over HTTPS from it."""
    monkeypatch.setattr(pages, "MAX_AGE_SECONDS", FRESH_SECONDS)
    https = free_port()
    main = nginx_site(
        tmp_path, live_server.removeprefix("http://"), http_port=free_port(), https_port=https
    )
    with (tmp_path / "stderr.log").open("wb") as stderr:
        nginx = subprocess.Popen(  # noqa: S603
            ["nginx", "-c", str(main), "-p", str(tmp_path)],  # noqa: S607
            stderr=stderr,
        )
    deadline = time.monotonic() + 20
    while True:
        assert nginx.poll() is None, (tmp_path / "stderr.log").read_text()
        assert time.monotonic() < deadline, "nginx did not start"
        try:
            socket.create_connection(("127.0.0.1", https), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    unverified = ssl._create_unverified_context()  # noqa: S323 - our own self-signed test cert

    def get(path: str, **headers) -> tuple[http.client.HTTPResponse, str]:
        conn = http.client.HTTPSConnection("127.0.0.1", https, timeout=30, context=unverified)
        conn.request("GET", path, headers={"Host": "infomat.example", **headers})
        answer = conn.getresponse()
        body = answer.read().decode()
        conn.close()
        return answer, body

    yield get
    nginx.terminate()
    nginx.wait(30)


def test_nginx_serves_a_public_page_again_from_its_cache(county_nginx):
    first, _ = county_nginx("/?lang=pl")
    again, page = county_nginx("/?lang=pl")
    assert first.status == again.status == 200 and '<html lang="pl">' in page
    assert (first.getheader("X-Cache-Status"), again.getheader("X-Cache-Status")) == (
        "MISS",
        "HIT",
    )
    assert again.getheader("Strict-Transport-Security")


def test_nginx_never_answers_a_signed_in_visitor_from_its_cache(county_nginx):
    county_nginx("/?lang=pl")
    county_nginx("/?lang=pl")
    staff, _ = county_nginx("/?lang=pl", Cookie="infomat_session=someone")
    assert staff.getheader("X-Cache-Status") == "BYPASS"


@pytest.mark.parametrize("path", ["/portal/", "/api/v1/", "/login", "/editor/"])
def test_nginx_never_caches_the_wifi_portal_the_api_or_the_staff_pages(county_nginx, path):
    for _ in range(2):
        answer, _ = county_nginx(path)
        assert answer.getheader("X-Cache-Status") in (None, "BYPASS"), path


def test_a_publication_shows_through_nginx_once_the_cached_page_expires(county_nginx, content_db):
    county_nginx("/aktualnosci")
    assert county_nginx("/aktualnosci")[0].getheader("X-Cache-Status") == "HIT"
    time.sleep(EXPIRED)
    unchanged, _ = county_nginx("/aktualnosci")
    assert unchanged.getheader("X-Cache-Status") == "REVALIDATED"
    item = store.create_item(content_db, "news", "powiat", {"title": {"pl": "Przez nginx"}}, "t")
    store.publish_item(content_db, item, "t")
    time.sleep(EXPIRED)
    answer, page = county_nginx("/aktualnosci")
    assert answer.status == 200 and "Przez nginx" in page


def test_the_opennds_template_points_a_production_hotspot_at_the_server_rooms_fas():
    template = (ROOT / "provisioning" / "opennds" / "opennds.conf.j2").read_text()
    conf = jinja2.Template(template, undefined=jinja2.StrictUndefined).render(
        hotspot_id="hotspot-07",
        lan_interface="br-lan",
        fas_remote_ip="",
        server_fqdn="infomat.powiat.lublin.pl",
        faskey="vaulted",
    )
    options = dict(
        line.split(None, 1)
        for line in conf.splitlines()
        if line and not line.startswith(("#", " ", "}", "F"))
    )
    assert (
        options["gatewayname"] == "hotspot-07"
        and options["fasremotefqdn"] == "infomat.powiat.lublin.pl"
    )
    assert options["fasport"] == "443" and options["fas_secure_enabled"] == "2"
    assert options["binauth"] == "/usr/lib/infomat/binauth_infomat.sh"
    assert options["dhcp_default_url_enable"] == "1"  # RFC 8910 option 114
    assert "fasremoteip" not in options
