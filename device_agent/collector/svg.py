"""Drawing for the dashboard without JavaScript or map tiles: the county map and charts,
as inline SVG built from strings (10,000 devices must render in well under 300 ms)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from content_sync.county_map import Projection
from device_agent.collector.fleet_state import STATE_LABELS, DeviceState


def county_map(states: list[DeviceState], link: str, width: int = 640, height: int = 560) -> Markup:
    """The county outline with every device as a dot in its state's colour, each a link."""
    projection = Projection(0, 0, width, height, margin=24)
    placed = [d for d in states if d.row.get("lat") is not None and d.row.get("lon") is not None]
    screen = projection.points([(d.row["lon"], d.row["lat"]) for d in placed])

    outline = " ".join(
        f"{x},{height - y:.1f}"
        for x, y in zip(projection.outline()[::2], projection.outline()[1::2], strict=True)
    )
    lx, ly, radius = projection.lublin()
    # Colours come from fleet.css by state class: 10,000 devices, 40 bytes each saved.
    parts = [
        f'<svg class="county-map" viewBox="0 0 {width} {height}" role="group" '
        f'aria-labelledby="map-title"><title id="map-title">Mapa powiatu: urządzenia według stanu'
        f"</title>",
        f'<polygon points="{outline}" fill="#eef3f8" stroke="#5b6675" stroke-width="2"/>',
        f'<circle cx="{lx:.1f}" cy="{height - ly:.1f}" r="{radius:.1f}" fill="#dde4ec"/>',
        f'<text x="{lx:.1f}" y="{height - ly + 5:.1f}" text-anchor="middle" class="city">'
        "Lublin</text>",
    ]
    for device, (sx, sy) in zip(placed, screen, strict=True):
        row = device.row
        x, y = round(sx, 1), round(height - sy, 1)
        if row["kind"] == "hotspot":
            tag, geometry = "rect", f'x="{x - 6}" y="{y - 6}" width="12" height="12"'
        else:
            tag, geometry = "circle", f'cx="{x}" cy="{y}" r="7"'
        label = escape(f"{row['id']} — {row['name']}: {STATE_LABELS[device.state]}")
        parts.append(
            f'<a href="{link}{escape(row["id"])}"><{tag} {geometry} class="{device.state}">'
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
