"""What an honest device can measure: the collector refuses a report outside these
bounds, and the agent leaves out a reading outside them (a broken sensor's 255 °C)
rather than have every report it sends refused.

Keys are the collector's metric names (reports.metric_values); (low, high), inclusive.
"""

from __future__ import annotations

TEN_YEARS = 10 * 365 * 86_400

BOUNDS = {
    "cpu": (0, 100),
    "memory": (0, 100),
    "disk": (0, 100),
    "temperature": (-60, 150),
    "clients": (0, 100_000),
    "ui_liveness_age": (-3600, TEN_YEARS),
    "sync_age": (-3600, TEN_YEARS),
    "clock_offset": (-TEN_YEARS, TEN_YEARS),
}
