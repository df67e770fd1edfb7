"""Settings of the kiosk UI (table `[kiosk_ui]` of the device's TOML file)."""

from common.settings import Setting

SETTINGS = (
    Setting("kiosk_data_dir", "/var/lib/infomat-kiosk", "The sync's device data dir it reads."),
    Setting("device_id", "", "This kiosk's id as the fleet knows it (default: the host name)."),
    Setting("kiosk_language", "pl", "Language a visit starts in: pl, en or uk."),
    Setting("idle_seconds", 90, "Seconds without a touch before 'Are you still there?'."),
    Setting("idle_warning_seconds", 20, "How long that question counts down before a reset."),
    Setting("attract_after_seconds", 180, "Idle seconds after a reset before the attract loop."),
    Setting("attract_slide_seconds", 8, "Seconds each featured item stays in the attract loop."),
    Setting("offline_after_minutes", 30, "Last sync older than this shows the offline badge."),
    Setting("snapshot_poll_seconds", 2.0, "How often the UI looks for a new snapshot."),
    Setting(
        "kiosk_admin_pin",
        "",
        "PIN for the hidden admin panel (4-8 digits); empty disables the panel.",
    ),
    Setting(
        "help_phone",
        "81 528 66 00",
        "Phone number shown when no content can be read (the county office's).",
    ),
    Setting("liveness_file", "", "File touched every few seconds (default: <data dir>/ui-alive)."),
    Setting("espeak_command", "espeak-ng", "Text-to-speech program; missing = no read-aloud."),
)
