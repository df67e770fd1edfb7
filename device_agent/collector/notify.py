"""Sending alerts out: e-mail over SMTP and a JSON webhook. Failures are logged and
reported to the caller, which retries on its next evaluation."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

import requests

log = logging.getLogger(__name__)


class Notifier:
    """Delivers one message to every configured channel."""

    def __init__(self, config: dict, session: requests.Session | None = None) -> None:
        self.smtp_host = config["FLEET_SMTP_HOST"]
        self.smtp_port = config["FLEET_SMTP_PORT"]
        self.sender = config["FLEET_MAIL_FROM"]
        self.recipients = list(config["FLEET_ALERT_EMAILS"])
        self.webhook_url = config["FLEET_WEBHOOK_URL"]
        self.session = session or requests.Session()

    @property
    def configured(self) -> bool:
        """Whether any channel is set up at all."""
        return bool((self.smtp_host and self.recipients) or self.webhook_url)

    def email(self, subject: str, body: str) -> bool:
        """Send an e-mail to the alert recipients; True when the server took it."""
        if not (self.smtp_host and self.recipients):
            return False
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = self.sender
        message["To"] = ", ".join(self.recipients)
        message.set_content(body)
        try:
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=15) as smtp:
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            log.error("alert e-mail %r not sent: %s", subject, exc)
            return False
        return True

    def webhook(self, payload: dict) -> bool:
        """POST the alert as JSON; True on a 2xx answer."""
        if not self.webhook_url:
            return False
        try:
            response = self.session.post(self.webhook_url, json=payload, timeout=10)
        except requests.RequestException as exc:
            log.error("alert webhook failed: %s", exc)
            return False
        if not response.ok:
            log.error("alert webhook answered %s", response.status_code)
        return response.ok

    def send(self, subject: str, body: str, payload: dict) -> bool:
        """Every channel; True when at least one delivered (or none is configured)."""
        if not self.configured:
            return True
        delivered = [self.email(subject, body), self.webhook(payload)]
        return any(delivered)
