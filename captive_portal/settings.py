"""Settings of the captive portal (`[captive_portal]`)."""

from common.settings import Setting

SETTINGS = (
    Setting(
        "portal_gateways",
        [],
        "openNDS gateways: tables with name (openNDS gatewayname), hotspot (device id), "
        "faskey, and optionally fas_level (1 or 2, default 2).",
    ),
    Setting(
        "portal_gateway_networks",
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"],
        "Networks (CIDR) an openNDS gatewayaddress may be on; residents' browsers are sent "
        "there. Loopback and link-local are refused whatever this says.",
    ),
    Setting(
        "portal_residents_url",
        "/",
        "The residents' portal that the page after consent links to (a path on this server "
        "or a full https:// address).",
    ),
    Setting("portal_session_minutes", 60.0, "Session length granted after consent."),
    Setting("portal_upload_kbps", 0, "Upload rate limit per client (0: none)."),
    Setting("portal_download_kbps", 0, "Download rate limit per client (0: none)."),
    Setting("portal_quota_mb", 0, "Data quota per session, up and down (0: none)."),
    Setting("portal_daily_quota_mb", 0, "Data one device may use per day at a hotspot (0: none)."),
    Setting("portal_hotspot_name", "Wi-Fi", "nftables gateway: the hotspot's name on its splash."),
    Setting("portal_lan_interface", "wlan0", "nftables gateway: the residents' interface."),
    Setting("portal_lan_address", "192.168.4.1", "nftables gateway: its address on that LAN."),
    Setting("portal_port", 8080, "nftables gateway: the port the local portal listens on."),
    Setting(
        "portal_walled_garden",
        [],
        "nftables gateway: networks reachable before consent (the county's sites), CIDR.",
    ),
    Setting(
        "portal_retention_days", 365, "Consents and session records older than this are purged."
    ),
    Setting(
        "portal_mac_salt",
        "",
        "Salt for the hashed MAC addresses in portal.db; empty: a random one kept in the data dir.",
    ),
)
