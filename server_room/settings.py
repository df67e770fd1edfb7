"""Settings every server-room process needs, and the tables of all server packages' settings."""

from backoffice.settings import SETTINGS as BACKOFFICE_SETTINGS
from captive_portal.settings import SETTINGS as PORTAL_SETTINGS
from common.settings import Setting
from content_sync.settings import SETTINGS as CONTENT_SETTINGS
from device_agent.settings import FLEET_SETTINGS
from residents.settings import SETTINGS as RESIDENTS_SETTINGS

SETTINGS = (
    Setting("data_dir", "/var/lib/infomat", "Directory holding the SQLite files, keys and media."),
    Setting("bind", "127.0.0.1:8000", "Address gunicorn listens on (nginx proxies to it)."),
    Setting("workers", 2, "gunicorn worker processes."),
    Setting(
        "worker_connections",
        1000,
        "Connections each gunicorn worker (gevent) holds at once; a slow client holds one.",
    ),
    Setting("public_url", "http://127.0.0.1:8000", "Base URL residents' devices and QR codes use."),
)

ALL_SETTINGS = {
    "server_room": SETTINGS,
    "backoffice": BACKOFFICE_SETTINGS,
    "content_sync": CONTENT_SETTINGS,
    "fleet": FLEET_SETTINGS,
    "captive_portal": PORTAL_SETTINGS,
    "residents": RESIDENTS_SETTINGS,
}
