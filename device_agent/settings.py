"""Settings of the device agent (`[device_agent]`, on devices) and the fleet collector
(`[fleet]`, in the server room)."""

from common.settings import Setting

AGENT_SETTINGS = (
    Setting("agent_server", "", "The server room's URL; default: the one enrolled with."),
    Setting("agent_data_dir", "/var/lib/infomat-agent", "Spool (spool.db) and credentials."),
    Setting("agent_kind", "kiosk", "What this device is: kiosk or hotspot."),
    Setting("agent_interval_seconds", 60.0, "Seconds between two reports."),
    Setting("agent_spool_max_days", 7, "Reports older than this are dropped unsent."),
    Setting("agent_spool_max_bytes", 50_000_000, "Spool size above which the oldest are dropped."),
    Setting("agent_batch", 100, "Most reports sent in one request."),
    Setting("agent_timeout_seconds", 10.0, "Timeout of every request to the server room."),
    Setting(
        "agent_sync_dir",
        "/var/lib/infomat-kiosk",
        "The sync's data dir: its status.json is checked and its disk measured.",
    ),
    Setting(
        "agent_liveness_file", "", "The kiosk UI's liveness file (default: <sync dir>/ui-alive)."
    ),
    Setting(
        "agent_wan_probe_url", "", "URL fetched to prove the uplink (default: <server>/healthz)."
    ),
    Setting("agent_ndsctl", "ndsctl", "openNDS's control program, on hotspots."),
    Setting(
        "agent_nft_set",
        "",
        "On an nftables hotspot: the set of authorized clients, e.g. 'inet infomat clients'.",
    ),
    Setting(
        "agent_sync_now_command",
        ["systemctl", "restart", "infomat-sync.service"],
        "Command for `sync-now` (a restarted sync polls at once).",
    ),
    Setting(
        "agent_restart_ui_command",
        ["systemctl", "restart", "infomat-kiosk.service"],
        "Command for `restart-kiosk-ui`.",
    ),
    Setting("agent_reboot_command", ["systemctl", "reboot"], "Command for `reboot`."),
    Setting("agent_screenshot_seconds", 15.0, "How long to wait for the kiosk UI's screenshot."),
)

FLEET_SETTINGS = (
    Setting("fleet_interval_seconds", 60.0, "Report interval devices are told to keep."),
    Setting("fleet_offline_after_intervals", 3, "Missed intervals before a device is offline."),
    Setting("fleet_watch_seconds", 15.0, "How often states and alerts are evaluated."),
    Setting("fleet_page_update_seconds", 10.0, "How often open dashboard pages update."),
    Setting("fleet_max_report_bytes", 262_144, "Largest report request accepted, in bytes."),
    Setting("fleet_max_clock_skew_seconds", 300, "Report times further ahead are refused."),
    Setting("fleet_disk_percent", 90, "Disk use above which an alert is raised."),
    Setting("fleet_temperature_c", 80, "Temperature above which an alert is raised."),
    Setting("fleet_sync_stale_hours", 24, "No successful sync for this long raises an alert."),
    Setting("fleet_ui_stale_seconds", 60, "Kiosk UI liveness older than this: app not live."),
    Setting("fleet_raw_hours", 48, "Raw reports are kept this long."),
    Setting("fleet_aggregate_days", 90, "5-minute aggregates are kept this long."),
    Setting("fleet_smtp_host", "", "SMTP server for alert e-mails; empty: no e-mail."),
    Setting("fleet_smtp_port", 25, "Its port."),
    Setting("fleet_mail_from", "infomat@localhost", "Sender of alert e-mails."),
    Setting("fleet_alert_emails", [], "Who gets alert e-mails and the daily digest."),
    Setting("fleet_webhook_url", "", "URL that gets every alert as JSON; empty: none."),
    Setting("fleet_digest_hour", 7, "Hour (Warsaw time) the daily digest is sent at (-1: never)."),
    Setting(
        "fleet_maintenance",
        [],
        "Maintenance windows: tables with start, end (ISO times, Warsaw time unless they "
        "carry an offset) and optional devices "
        "(a list of ids; all devices when absent). Alerts are muted inside them.",
    ),
    Setting(
        "fleet_metrics_token", "", "Bearer token /metrics requires; empty: loopback clients only."
    ),
)
