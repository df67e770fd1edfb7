"""The kiosk UI: the Kivy touch-screen app residents use on the infomats.

It reads the device's local content snapshot (content_sync.localstore) and nothing
else; the logic that needs no window lives in plain modules (idle, views,
richtext, speech, liveness) so it is tested without Kivy. Importing this
package starts nothing and does not import Kivy: `kiosk_ui.app.run_kiosk` does.
"""

__all__ = ["SETTINGS"]

from kiosk_ui.settings import SETTINGS
