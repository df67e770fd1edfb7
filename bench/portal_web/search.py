"""bench/portal_web/search: the portal's search over 10,000 published items.

    .venv/bin/python -m bench.portal_web.search [--items 10000] [--reps 20]

Builds a fresh content.db with the demo county plus `--items` generated news items of
Polish-looking text, words drawn by Zipf's law from the county's own vocabulary (the
commonest) and 5,000 made-up words, so "gmina" is in most items. They are published
through content_sync.store, so the search index is filled by its triggers as in
production. Then it times residents.search.search() (the count and one page of ten
hits with highlights) for a mix of queries: one word, two words, inflected forms,
without diacritics, rare and common words, hostile syntax. Prints p50, p95, p99
and the slowest query; the goal is p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time

from common.sqlite import write_transaction
from content_sync import store
from content_sync.db import open_content_db
from content_sync.demo import load_demo_county
from residents.search import search

VOCABULARY = (
    "urząd gmina powiat zaświadczenie dowód osobisty wniosek opłata podatek odpady śmieci "
    "droga remont chodnik szkoła przedszkole biblioteka koncert festyn jarmark zebranie "
    "sołectwo rada sesja uchwała budżet dotacja stypendium ośrodek zdrowia szczepienie "
    "woda kanalizacja oświetlenie przystanek autobus rozkład jazdy mieszkańcy spotkanie "
    "konsultacje społeczne plan zagospodarowania działka budowa pozwolenie meldunek "
    "rejestracja pojazdu prawo jazdy ewidencja ludności nieruchomość łąka pole las rzeka "
    "świetlica kościół cmentarz strażacy ochotnicza straż pożarna gminny klub sportowy "
    "boisko orlik basen ścieżka rowerowa wycieczka turniej zawody dożynki wigilia święta"
)
WORDS = VOCABULARY.split()
QUERIES = (
    "zaswiadczenie",
    "dowód osobisty",
    "dowodu osobistego",
    "podatek od nieruchomości",
    "remont drogi",
    "koncert",
    "straż pożarna",
    "sciezka rowerowa",
    "łąka",
    "laka",
    "gmina",
    "urząd gminy",
    "rozkład jazdy autobusu",
    "stypendium dla uczniów",
    '" NEAR(a b) * -x title_pl:',
    "dożynki gminne",
    "kanalizacja",
    "xyzzy",
)


SYLLABLE_TEXT = (
    "ba be bi bo by ca ce ci ko ku la le li lo ma me mi mo na ne ni no pa po ra re ro sa se"
    " si so ta te to wa we wi wo za ze zi ża że ło ła ść ś ń ó ą ę"
)
SYLLABLES = SYLLABLE_TEXT.split()


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """The real words first (the commonest), then made-up Polish-looking ones."""
    made_up = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 5))) for _ in range(size)}
    return WORDS + sorted(made_up)


def inflect(word: str, rng: random.Random) -> str:
    """A word with a Polish-looking ending, so prefixes have forms to find."""
    if len(word) < 5:
        return word
    return word[:-1] + rng.choice(("a", "u", "ie", "y", "ów", "ami", "ą", word[-1]))


def sentence(rng: random.Random, words: list[str], weights: list[float], length: int) -> str:
    """Words drawn by Zipf's law, as in real text: a few very common, most rare."""
    chosen = rng.choices(words, weights, k=length)
    return " ".join(inflect(w, rng) for w in chosen).capitalize() + "."


def build(data_dir: str, items: int) -> None:
    """The demo county plus `items` published news items, in one transaction."""
    db = open_content_db(data_dir)
    load_demo_county(db)
    channels = [c["id"] for c in store.channels(db)]
    rng = random.Random(14)
    words = vocabulary(rng, 5000)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    with write_transaction(db):
        for _ in range(items):
            data = {
                "title": {"pl": sentence(rng, words, weights, rng.randint(3, 8))},
                "summary": {"pl": sentence(rng, words, weights, 15)},
                "body": {
                    "pl": " ".join(
                        sentence(rng, words, weights, 12) for _ in range(rng.randint(3, 12))
                    )
                },
            }
            item = store.create_item(db, "news", rng.choice(channels), data, "bench")
            store.publish_item(db, item, "bench")
    db.execute("PRAGMA optimize")
    db.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as data_dir:
        started = time.perf_counter()
        build(data_dir, args.items)
        print(f"built {args.items} items in {time.perf_counter() - started:.1f} s")
        db = open_content_db(data_dir)
        indexed = db.execute("SELECT count(*) FROM search_index").fetchone()[0]
        print(f"search index rows: {indexed}")
        timings: list[float] = []
        slowest = (0.0, "")
        for query in QUERIES:
            for rep in range(args.reps):
                lang = ("pl", "en", "uk")[rep % 3]
                channels = None if rep % 2 else ["powiat", "garbow"]
                start = time.perf_counter()
                found = search(db, query, lang, channels)
                elapsed = (time.perf_counter() - start) * 1000
                timings.append(elapsed)
                slowest = max(slowest, (elapsed, f"{query!r} → {found.total} hits"))
        db.close()
    print(f"queries: {len(timings)} ({len(QUERIES)} kinds × {args.reps})")
    # Figures from a machine busy with other work are not the search's own: say how busy.
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(
        f"p50 {statistics.median(timings):.1f} ms  p95 {percentile(timings, 0.95):.1f} ms"
        f"  p99 {percentile(timings, 0.99):.1f} ms  max {max(timings):.1f} ms"
    )
    print(f"slowest: {slowest[1]} in {slowest[0]:.1f} ms")
    print("goal p95 < 50 ms:", "met" if percentile(timings, 0.95) < 50 else "NOT met")


if __name__ == "__main__":
    main()
