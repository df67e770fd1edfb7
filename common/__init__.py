"""Plumbing shared by every Infomat package: layered settings, SQLite files, strict JSON.

Nothing here knows about Flask, Kivy or any content type, so device-side and
server-side code may both import it.
"""

from common.settings import Setting, SettingsError, load_settings
from common.sqlite import connect, open_database

__all__ = ["Setting", "SettingsError", "connect", "load_settings", "open_database"]
