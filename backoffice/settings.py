"""Settings of the admin shell."""

from common.settings import Setting

SETTINGS = (
    Setting(
        "secret_key", "", "Key signing session cookies; empty = read or create data_dir/secret_key."
    ),
    Setting(
        "secure_cookies", True, "Send the session cookie over HTTPS only (false only on localhost)."
    ),
    Setting("session_hours", 12, "How long an admin stays logged in without activity."),
    Setting("login_max_failures", 5, "Failed logins allowed per user and address per window."),
    Setting("login_max_failures_per_ip", 30, "Failed logins allowed per address per window."),
    Setting("login_window_minutes", 15, "Length of the login rate-limit window."),
    Setting(
        "login_max_failures_per_account",
        20,
        "Failed logins allowed per user name from all addresses per account window.",
    ),
    Setting(
        "login_account_window_minutes",
        60,
        "Window of the per-account limit: a slower lockout that ends by itself.",
    ),
    Setting(
        "proxy_hops",
        0,
        "Reverse proxies in front of the app (1 behind nginx) whose X-Forwarded-For to trust.",
    ),
)
