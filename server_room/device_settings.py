"""The settings tables of a kiosk or hotspot.

Devices read the same file format as the server; their tables are separate, so a
kiosk's file does not need (or accept) the server's settings, and loading them
imports no server package (backoffice would pull in Flask).
"""

from device_agent.settings import AGENT_SETTINGS
from kiosk_ui.settings import SETTINGS as KIOSK_SETTINGS

DEVICE_SETTINGS = {
    "kiosk_ui": KIOSK_SETTINGS,
    "device_agent": AGENT_SETTINGS,
}
