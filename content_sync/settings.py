"""Settings of the content hub."""

from common.settings import Setting

SETTINGS = (
    Setting("max_upload_bytes", 10_000_000, "Largest image an editor may upload, in bytes."),
    Setting(
        "feeds",
        [],
        "RSS/Atom feeds of the offices' websites: a list of tables with channel, url and "
        "publish (true = import as published, false = as drafts).",
    ),
    Setting("feed_max_bytes", 2_000_000, "Largest feed document accepted, in bytes."),
    Setting("feed_timeout_seconds", 15, "Timeout for fetching one feed."),
)
