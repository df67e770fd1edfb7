"""The kiosk side of bench/kiosk: runs in its own process on an X display.

Prints one JSON line: first-frame time (wall clock, compared with the parent's
spawn time), switch latencies by simulated touch, and RSS/PSS before and after
NAVIGATIONS navigations.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import psutil


def memory() -> dict:
    info = psutil.Process().memory_full_info()
    return {"rss": info.rss, "pss": info.pss}


def main() -> None:
    data_dir, navigations = sys.argv[1], int(sys.argv[2])
    from kiosk_ui.runner import configure_kivy

    configure_kivy((1080, 1920), windowed=True)
    from kivy.base import EventLoop
    from kivy.tests.common import UnitTestTouch

    from kiosk_ui.app import KioskApp
    from server_room.config import load_device

    EventLoop.ensure_window()
    app = KioskApp(load_device(None, kiosk_data_dir=data_dir))
    root = app.build()
    EventLoop.window.add_widget(root)
    app.start()
    EventLoop.idle()
    first_frame = time.time()
    for _ in range(10):
        EventLoop.idle()
    after_start = memory()

    def tap(widget):
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()

    switches, work = [], []
    home = app.manager.get_screen("home")
    for _round in range(60):
        for tile in ("tile_news", "tile_offices", "tile_procedures", "tile_events", "tile_help"):
            started = time.perf_counter()
            tap(home.ids[tile])
            work.append(time.perf_counter() - started)
            # the next frame, drawn and swapped for sure (an upper bound: when idle()
            # has drawn already, this draws the same frame twice)
            EventLoop.idle()
            EventLoop.window.dispatch("on_draw")
            EventLoop.window.dispatch("on_flip")
            switches.append(time.perf_counter() - started)
            app.go_home()
            EventLoop.idle()
    now = app.now()
    news = [i["id"] for i in app.content.news(now)]
    offices = [i["id"] for i in app.content.offices(now)]
    route = [("news", {}), ("offices", {}), ("events", {}), ("map", {}), ("help", {})]
    route += [("detail", {"type": "news", "id": i}) for i in news]
    route += [("detail", {"type": "office", "id": i}) for i in offices]

    def navigate(step):
        name, context = route[step % len(route)]
        app.show(name, **context)
        if step % 7 == 0:
            app.set_language(("pl", "en", "uk")[step % 3])
        if step % 500 == 0:
            app.reset_visit()
        EventLoop.idle()

    # caches fill during the first visits (fonts, Babel's locale data, catalogs); the
    # leak check starts after them
    warm_up = min(1000, navigations // 10)
    for step in range(warm_up):
        navigate(step)
    after_warm_up = memory()
    started = time.perf_counter()
    for step in range(warm_up, navigations):
        navigate(step)
    navigation_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "first_frame": first_frame,
                "switch_median_ms": statistics.median(switches) * 1000,
                "switch_p95_ms": sorted(switches)[int(len(switches) * 0.95)] * 1000,
                "switch_work_median_ms": statistics.median(work) * 1000,
                "after_start": after_start,
                "after_warm_up": after_warm_up,
                "warm_up": warm_up,
                "after_navigations": memory(),
                "navigations": navigations,
                "navigation_seconds": navigation_seconds,
            }
        ),
        flush=True,
    )
    app.shutdown()


if __name__ == "__main__":
    main()
