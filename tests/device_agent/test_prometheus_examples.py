"""The example Prometheus files in provisioning/ parse and name only metrics we expose."""

from __future__ import annotations

import re
from pathlib import Path

import requests
import yaml

EXAMPLES = Path(__file__).parents[2] / "provisioning" / "prometheus"


def test_the_alert_rules_use_only_series_the_collector_exposes(
    collector, enroll_device, make_agent, app
):
    agent = make_agent(enroll_device("hotspot-04"))
    agent.report()
    agent.send()
    requests.post(collector.url + "/api/v1/reports", json={}, timeout=5)  # one refusal counted
    text = app.test_client().get("/metrics").get_data(as_text=True)
    exposed = set(re.findall(r"^(infomat_\w+)[{ ]", text, re.M))
    rules = yaml.safe_load((EXAMPLES / "infomat-alerts.yml").read_text())
    used = {
        name
        for group in rules["groups"]
        for rule in group["rules"]
        for name in re.findall(r"\binfomat_\w+", rule["expr"])
    }
    assert "infomat_collector_rejected_requests_total" in exposed
    assert used and used <= exposed, used - exposed


def test_the_scrape_config_points_at_metrics_with_a_bearer_token():
    config = yaml.safe_load((EXAMPLES / "scrape.yml").read_text())
    job = config["scrape_configs"][0]
    assert job["metrics_path"] == "/metrics" and job["authorization"]["type"] == "Bearer"
    assert config["rule_files"] == ["infomat-alerts.yml"]
