"""A newcomer's first minute with `make run` (issue 13, items 1 and 11): the demo started
with its relative data dir serves every uploaded photo, prints one block of working links
once the server answers, stays quiet while it starts, and Ctrl+C stops all of it."""

from __future__ import annotations

import io
import os
import re
import signal
import time
from pathlib import Path

import requests
from PIL import Image

from tests.server_room.conftest import DEMO_PASSWORD, running

BANNER_START, BANNER_END = "Infomat demo is ready", "Ctrl+C stops the demo"
IMAGE_SRC = re.compile(r'<img src="([^"]+)"')


def banner_of(output: str) -> str:
    start = output.index(BANNER_START)
    return output[start : output.index(BANNER_END, start)]


def logged_in(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{base}/login",
        data={"username": username, "password": password, "csrf_token": token},
        timeout=10,
    )
    assert "/login" not in answer.url, answer.text
    return session


def csrf(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', session.get(url, timeout=10).text)[1]


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def images_on(session: requests.Session, base: str, path: str) -> list[str]:
    page = session.get(base + path, timeout=10)
    assert page.status_code == 200, path
    return [src for src in IMAGE_SRC.findall(page.text) if src.startswith("/media/")]


def test_a_photo_uploaded_in_the_relative_data_dir_is_served_everywhere_it_is_shown(start_demo):
    demo = start_demo("--no-kiosk")
    demo.wait_until_healthy()
    editor = logged_in(demo.url, "redaktor-garbow", DEMO_PASSWORD)
    created = editor.post(
        f"{demo.url}/editor/news/new",
        data={
            "title.pl": "Nowy plac zabaw",
            "body.pl": "Otwarcie w sobotę.",
            "channel": "garbow",
            "image_alt.pl": "Nowy plac zabaw przy szkole",
            "csrf_token": csrf(editor, f"{demo.url}/editor/"),
        },
        files={"image": ("plac.jpg", photo(), "image/jpeg")},
        allow_redirects=False,
        timeout=30,
    )
    assert created.status_code == 302, created.text
    edit_path = created.headers["Location"]
    item_id = int(edit_path.split("/")[-2])
    published = editor.post(
        f"{demo.url}/editor/news/{item_id}/publish",
        data={"csrf_token": csrf(editor, demo.url + edit_path)},
        timeout=30,
    )
    assert "Opublikowano" in published.text

    api = editor.get(f"{demo.url}/api/v1/news", params={"channel": "garbow"}, timeout=10).json()
    ours = next(item for item in api["items"] if item["id"] == item_id)
    api_images = re.findall(r"/media/[0-9a-f]{64}\.jpg", str(ours))
    shown = {
        "the API": api_images,
        "the edit form": images_on(editor, demo.url, edit_path),
        "the preview": images_on(editor, demo.url, f"/editor/news/{item_id}/preview"),
        "the public page": images_on(requests.Session(), demo.url, f"/p/news/{item_id}"),
    }
    for where, urls in shown.items():
        assert urls, f"no photo on {where}"
        for url in urls:
            answer = requests.get(demo.url + url.removeprefix(demo.url), timeout=10)
            assert answer.status_code == 200, f"{where}: {url} → {answer.status_code}"
            assert answer.headers["Content-Type"] == "image/jpeg"


def test_the_banner_comes_once_after_the_server_answers_and_every_link_in_it_works(start_demo):
    demo = start_demo()
    output = demo.wait_for(BANNER_END)
    assert requests.get(demo.url + "/healthz", timeout=2).json() == {"status": "ok"}
    assert output.index(BANNER_START) > output.rindex("Booting worker")
    banner = banner_of(output)
    password = re.search(r"Password\s+(\S+)", banner)[1]
    assert password == DEMO_PASSWORD
    for user in ("admin", "redaktor-garbow", "redaktor-konopnica"):
        assert user in banner
    admin = logged_in(demo.url, "admin", password)
    urls = re.findall(r"http://\S+", banner)
    assert len(urls) >= 6, banner
    for path in ("/editor/", "/fleet/", "/admin/wifi/", "/portal/?fas=", "/api/v1/", "/metrics"):
        assert any(path in url for url in urls), f"no {path} link in:\n{banner}"
    for url in urls:
        answer = admin.get(url, timeout=10, allow_redirects=False)
        assert answer.status_code == 200, f"{url} → {answer.status_code}"
    splash = next(url for url in urls if "/portal/?fas=" in url)
    assert 'action="/portal/consent"' in requests.get(splash, timeout=10).text
    assert "no display" in banner

    time.sleep(3)  # the simulated agents' and the sync's first rounds
    output = demo.output()
    assert output.count(BANNER_START) == 1
    assert "unreachable" not in output.lower() and "Traceback" not in output
    assert '"GET /healthz' not in output, "access log lines belong in the access log file"
    access_log = Path(re.search(r"Access log\s+(\S+)", banner)[1])
    assert '"GET /healthz HTTP/1.1" 200' in access_log.read_text()


def test_ctrl_c_stops_the_demo_and_everything_it_started_without_a_traceback(start_demo, display):
    demo = start_demo(**display)
    output = demo.wait_for(BANNER_END)
    assert "Kiosk" in banner_of(output) and "no display" not in banner_of(output)
    time.sleep(3)  # the kiosk window, its sync and agent, the simulated fleet all running
    children = demo.descendants()
    assert len(children) >= 6, children  # 2 workers, fleet, kiosk sync, window and agent
    device_logs = list((demo.log.parent / "data" / "logs").glob("*.log"))
    assert len(device_logs) == 5, device_logs  # the access log and the four devices'
    for log in device_logs:
        assert "unreachable" not in log.read_text(), f"{log.name} started before the server"

    os.killpg(demo.process.pid, signal.SIGINT)  # what a terminal's Ctrl+C does
    assert demo.process.wait(30) in (0, 130)
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if running(pid)]
    output = demo.output()
    assert "Traceback" not in output and "unreachable" not in output.lower()
    assert output.rstrip().splitlines()[-1].startswith("Demo stopped")
    for log in device_logs:
        assert "Traceback" not in log.read_text(), log.name
        assert "unreachable" not in log.read_text(), f"{log.name} outlived the server room"
