"""Search: Polish folding, inflection, only published items, hostile queries, safe highlights."""

from __future__ import annotations

import pytest

from common.sqlite import connect
from content_sync import store
from content_sync.db import database_path, migrations
from residents.search import fold, query_stems, search


def add(
    db,
    title: str,
    body: str = "",
    *,
    channel: str = "powiat",
    published: bool = True,
    type_name: str = "news",
    **fields,
) -> store.Item:
    """A news item (or `type_name`) with this Polish title and body, published unless told."""
    data = {"title": {"pl": title}, "body": {"pl": body}, **fields}
    item = store.create_item(db, type_name, channel, data, "test")
    return store.publish_item(db, item, "test") if published else item


def found(db, query: str, lang: str = "pl", **options) -> list[int]:
    return [hit.item.id for hit in search(db, query, lang, limit=50, **options).hits]


def test_a_query_without_diacritics_finds_the_word_with_them(content_db):
    item = add(content_db, "Zaświadczenie o zameldowaniu", "Wydaje urząd gminy.")
    assert item.id in found(content_db, "zaswiadczenie")
    assert item.id in found(content_db, "ZAŚWIADCZENIE")


def test_l_with_stroke_is_folded_on_both_sides(content_db):
    item = add(content_db, "Droga w Głusku zamknięta")
    assert item.id in found(content_db, "glusku")
    assert item.id in found(content_db, "Głusku")


def test_the_nominative_finds_the_inflected_form(content_db):
    item = add(content_db, "Wymiana dowodu osobistego", "Wniosek o wydanie dowodu osobistego.")
    assert item.id in found(content_db, "dowód osobisty")


def test_every_word_must_match(content_db):
    add(content_db, "Wymiana dowodu osobistego")
    assert found(content_db, "dowód rejestracyjny") == []


def test_a_title_match_ranks_above_a_body_match(content_db):
    in_body = add(content_db, "Ogłoszenie", "W piątek kiermasz świąteczny na rynku.")
    in_title = add(content_db, "Kiermasz świąteczny", "Na rynku w piątek.")
    ids = found(content_db, "kiermasz")
    assert ids.index(in_title.id) < ids.index(in_body.id)


def test_drafts_are_never_found(content_db):
    draft = add(content_db, "Tajny projekt kanalizacji", published=False)
    assert draft.id not in found(content_db, "kanalizacji")
    assert content_db.execute(
        "SELECT count(*) FROM search_index WHERE rowid = ?", [draft.id]
    ).fetchone() == (0,)


def test_an_unpublished_or_deleted_item_leaves_the_index(content_db):
    item = add(content_db, "Przetarg na odśnieżanie")
    store.unpublish_item(content_db, item, "test")
    assert found(content_db, "odśnieżanie") == []
    again = store.publish_item(content_db, store.get_item(content_db, item.id), "test")
    assert found(content_db, "odśnieżanie") == [item.id]
    store.delete_item(content_db, again, "test")
    assert found(content_db, "odśnieżanie") == []


def test_edits_are_found_only_once_published(content_db):
    item = add(content_db, "Remont mostu")
    edited = store.update_item(
        content_db, item, {"title": {"pl": "Remont wiaduktu"}}, "test", item.revision
    )
    assert found(content_db, "wiaduktu") == []
    store.publish_item(content_db, edited, "test")
    assert found(content_db, "wiaduktu") == [item.id]


def test_items_outside_their_publish_window_are_not_found(content_db):
    add(content_db, "Zapowiedź festynu", publish_from="2099-01-01T00:00:00Z")
    assert found(content_db, "festynu") == []


def test_a_gmina_sees_the_county_and_its_own_items_only(content_db):
    county = add(content_db, "Szczepienia psów", channel="powiat")
    garbow = add(content_db, "Szczepienia kotów", channel="garbow")
    other = add(content_db, "Szczepienia koni", channel="konopnica")
    ids = found(content_db, "szczepienia", channels=["powiat", "garbow"])
    assert county.id in ids and garbow.id in ids and other.id not in ids


def test_a_page_in_english_finds_english_and_polish_text(content_db):
    item = add(content_db, "Targi pracy")
    item = store.update_item(
        content_db, item, {"title": {"pl": "Targi pracy", "en": "Job fair"}}, "test", item.revision
    )
    store.publish_item(content_db, item, "test")
    assert item.id in found(content_db, "job fair", "en")
    assert item.id in found(content_db, "targi", "en")
    assert found(content_db, "job fair", "pl") == []


def test_highlights_escape_item_text_before_marking(content_db):
    add(content_db, "Kino <script>alert(1)</script> plenerowe", "Seans <b>kino</b> & muzyka.")
    hit = search(content_db, "kino", "pl").hits[0]
    assert "<script>" not in hit.title and "&lt;script&gt;" in hit.title
    assert "<mark>Kino</mark>" in hit.title
    assert "<b>" not in hit.snippet and "&lt;b&gt;<mark>kino</mark>" in hit.snippet
    assert "&amp;" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unterminated',
        "*",
        "kino*",
        "NEAR(kino plenerowe)",
        "-kino",
        "kino AND OR NOT",
        "(kino",
        "title_pl:kino",
        "{title_pl}: kino",
        "^kino",
        "kino\x00plenerowe",
        "a" * 10_000,
        "ż " * 5_000,
        "",
        "   ",
    ],
)
def test_fts_syntax_in_a_query_is_read_as_words(content_db, query):
    add(content_db, "Kino plenerowe")
    search(content_db, query, "pl")


def test_stems_are_short_enough_for_polish_endings():
    assert query_stems("dowód osobisty") == ["dowo", "osobis"]
    assert query_stems('"NEAR" (x) *') == ["near", "x"]
    assert query_stems("kot " * 1000) == ["kot"]
    assert fold("Łódź Київ") == "lodz київ"


def test_short_words_match_whole_not_as_prefixes(content_db):
    item = add(content_db, "Abonament na wywóz odpadów")
    assert found(content_db, "ab") == []
    assert item.id in found(content_db, "na abonament")


def test_an_existing_content_db_gets_its_published_items_indexed(tmp_path):
    db = connect(database_path(tmp_path))
    migrations.apply(db, stop_before="m002_search_index")
    db["channels"].insert({"id": "powiat", "name": "Powiat", "kind": "county", "position": 0})
    published = add(db, "Zaświadczenie o niezaleganiu")
    add(db, "Szkic zaświadczenia", published=False)
    migrations.apply(db)
    assert found(db, "zaswiadczenie") == [published.id]
    db.close()
