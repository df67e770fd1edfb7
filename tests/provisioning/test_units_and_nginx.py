"""The systemd units pass `systemd-analyze verify` and the nginx site passes `nginx -t`."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2

from tests.conftest import require

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


def test_the_rendered_nginx_site_passes_nginx_t(tmp_path):
    require(shutil.which("nginx") is not None, "nginx (apt-get install nginx-light)")
    cert, key = self_signed(tmp_path)
    template = (ROOT / "provisioning" / "nginx" / "infomat.conf.j2").read_text()
    site = jinja2.Template(template, undefined=jinja2.StrictUndefined).render(
        server_name="infomat.example",
        upstream="127.0.0.1:8000",
        certificate=cert,
        certificate_key=key,
        admin_networks=["10.20.0.0/16", "192.0.2.0/24"],
    )
    assert "allow 10.20.0.0/16;" in site and "deny all;" in site and "immutable" in site
    (tmp_path / "site.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{ access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};\n"
        f" fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};\n"
        f" include {tmp_path}/site.conf; }}\n"
    )
    done = subprocess.run(
        ["nginx", "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


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
