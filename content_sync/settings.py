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
    Setting(
        "sync_keys_dir",
        "/etc/infomat/keys",
        "Private signing keys (0600), never under a served path.",
    ),
    Setting(
        "sync_timestamp_hours",
        24,
        "Lifetime of timestamp metadata: devices notice a freeze within it.",
    ),
    Setting("sync_snapshot_days", 7, "Lifetime of snapshot metadata."),
    Setting("sync_targets_days", 90, "Lifetime of targets metadata."),
    Setting("sync_root_days", 365, "Lifetime of root metadata; renewing it needs the root key."),
    Setting("sync_keep_versions", 20, "Signed versions the hub keeps for devices caught mid-sync."),
)
