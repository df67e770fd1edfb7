"""Drawing for the dashboard without JavaScript or map tiles: the county map and charts,
as inline SVG built from strings (10,000 devices must render in well under 300 ms)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from content_sync.county_map import Projection
from device_agent.collector.fleet_state import STATE_LABELS, DeviceState

STATE_COLOURS = {
    "online": "#1e7b3a",
    "stale": "#b86e00",
    "offline": "#c0262d",
    "never": "#7a8593",
    "revoked": "#7a8593",
}


def county_map(states: list[DeviceState], link: str, width: int = 640, height: int = 560) -> Markup:
    """The county outline with every device as a dot in its state's colour, each a link."""
    projection = Projection(0, 0, width, height, margin=24)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        x, y = projection.point(lon, lat)
        return round(x, 1), round(height - y, 1)

    outline = " ".join(
        f"{x},{height - y:.1f}"
        for x, y in zip(projection.outline()[::2], projection.outline()[1::2], strict=True)
    )
    lx, ly, radius = projection.lublin()
    parts = [
        f'<svg class="county-map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="map-title"><title id="map-title">Mapa powiatu: urządzenia według stanu'
        f"</title>",
        f'<polygon points="{outline}" fill="#eef3f8" stroke="#5b6675" stroke-width="2"/>',
        f'<circle cx="{lx:.1f}" cy="{height - ly:.1f}" r="{radius:.1f}" fill="#dde4ec"/>',
        f'<text x="{lx:.1f}" y="{height - ly + 5:.1f}" text-anchor="middle" class="city">'
        "Lublin</text>",
    ]
    for device in states:
        row = device.row
        if row.get("lat") is None or row.get("lon") is None:
            continue
        x, y = xy(row["lon"], row["lat"])
        if row["kind"] == "hotspot":
            tag, geometry = "rect", f'x="{x - 6}" y="{y - 6}" width="12" height="12"'
        else:
            tag, geometry = "circle", f'cx="{x}" cy="{y}" r="7"'
        label = escape(f"{row['id']} — {row['name']}: {STATE_LABELS[device.state]}")
        parts.append(
            f'<a href="{link}{escape(row["id"])}"><{tag} {geometry} '
            f'fill="{STATE_COLOURS[device.state]}" stroke="#fff" stroke-width="1.5">'
            f"<title>{label}</title></{tag}></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def line_chart(
    points: list[tuple[float, float]], title: str, unit: str, width: int = 320, height: int = 90
) -> Markup:
    """A small line chart of (time, value) points with its latest value and range."""
    if not points:
        return Markup(  # noqa: S704 - escaped
            f'<figure class="chart"><figcaption>{escape(title)}: brak danych</figcaption></figure>'
        )
    times = [t for t, _v in points]
    values = [v for _t, v in points]
    t0, t1 = min(times), max(times) or 1
    low, high = min(0.0, min(values)), max(values) or 1.0
    span_t, span_v = (t1 - t0) or 1.0, (high - low) or 1.0
    coords = " ".join(
        f"{(t - t0) / span_t * (width - 4) + 2:.1f},"
        f"{height - 2 - (v - low) / span_v * (height - 4):.1f}"
        for t, v in points
    )
    dots = (
        "".join(
            f'<circle cx="{x}" cy="{y}" r="3" fill="#0b5394"/>'
            for x, y in (pair.split(",") for pair in coords.split())
        )
        if len(points) < 3
        else ""
    )
    caption = f"{title}: teraz {values[-1]:.0f} {unit} (maks. {max(values):.0f} {unit}, 48 h)"
    return Markup(  # noqa: S704 - numbers and escaped text only
        f'<figure class="chart"><svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(caption)}"><polyline points="{coords}" fill="none" '
        f'stroke="#0b5394" stroke-width="2"/>{dots}</svg>'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )
