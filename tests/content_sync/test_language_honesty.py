"""Text shown in Polish because it has no translation says so and is tagged lang="pl" on
the public pages, and editors are warned when an alert or a procedure goes out in Polish
only."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from content_sync import store
from tests.conftest import csrf_token

MARKER = {"en": "(in Polish)", "uk": "(польською)"}


class LanguageOfText(HTMLParser):
    """Every text of a page's <main> with the language its nearest `lang` ancestor gives it."""

    VOID = {"img", "br", "hr", "input", "meta", "link", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if data.strip() and any(tag == "main" for tag, _ in self.stack):
            lang = next((lang for _, lang in reversed(self.stack) if lang), None)
            self.texts.append((lang, data.strip()))


def texts_by_language(page: str) -> list[tuple[str, str]]:
    parser = LanguageOfText()
    parser.feed(page)
    return parser.texts


@pytest.fixture
def half_translated_news(content_db):
    """A published news item whose title is translated and whose body is Polish only."""
    data = {
        "title": {"pl": "Nowy chodnik", "en": "A new pavement", "uk": "Новий тротуар"},
        "summary": {"pl": "Zajawka tylko po polsku"},
        "body": {"pl": "Treść tylko po polsku"},
    }
    item = store.create_item(content_db, "news", "garbow", data, "test")
    return store.publish_item(content_db, item, "test")


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_polish_only_text_on_a_public_page_is_tagged_polish_and_marked(
    client, half_translated_news, lang
):
    page = client.get(
        f"/p/news/{half_translated_news.id}?lang={lang}", follow_redirects=True
    ).get_data(as_text=True)
    texts = texts_by_language(page)
    assert ("pl", "Zajawka tylko po polsku") in texts
    assert ("pl", "Treść tylko po polsku") in texts
    assert texts.count((lang, MARKER[lang])) == 2


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_translated_text_on_a_public_page_is_in_the_residents_language_and_unmarked(
    client, half_translated_news, lang
):
    page = client.get(
        f"/p/news/{half_translated_news.id}?lang={lang}", follow_redirects=True
    ).get_data(as_text=True)
    title = half_translated_news.published["title"][lang]
    texts = texts_by_language(page)
    assert (lang, title) in texts
    assert MARKER[lang] not in page.split(title)[1].split("</h2>")[0]


def test_a_polish_page_carries_no_marker(client, half_translated_news):
    page = client.get(f"/p/news/{half_translated_news.id}?lang=pl", follow_redirects=True).get_data(
        as_text=True
    )
    assert all(lang == "pl" for lang, _ in texts_by_language(page))
    assert "(po polsku)" not in page and "(in Polish)" not in page


def publish_polish_only(login, valid_form, type_name):
    client = login("ed-garbow")
    form = valid_form(type_name, channel="garbow") | {"csrf_token": csrf_token(client, "/editor/")}
    created = client.post(f"/editor/{type_name}/new", data=form)
    assert created.status_code == 302, created.get_data(as_text=True)
    item_id = int(created.headers["Location"].split("/")[-2])
    preview = client.get(f"/editor/{type_name}/{item_id}/preview").get_data(as_text=True)
    published = client.post(
        f"/editor/{type_name}/{item_id}/publish",
        data={"csrf_token": csrf_token(client, "/editor/")},
        follow_redirects=True,
    )
    return item_id, preview, published.get_data(as_text=True)


@pytest.mark.parametrize(
    ("type_name", "fields"),
    [("alert", ("Tytuł", "Treść")), ("procedure", ("Nazwa sprawy", "Wymagane dokumenty"))],
)
def test_publishing_polish_only_warns_which_languages_and_fields_are_missing_and_publishes(
    login, valid_form, content_db, type_name, fields
):
    item_id, preview, after = publish_polish_only(login, valid_form, type_name)
    for page in (preview, after):
        warning = page.split("Brak tłumaczenia")[1].split("</p>")[0]
        assert "angielskiego" in warning and "ukraińskiego" in warning
        assert all(field in warning for field in fields)
    assert store.get_item(content_db, item_id).published is not None
    assert "Opublikowano" in after


def test_news_in_polish_only_is_published_without_a_translation_warning(
    login, valid_form, content_db
):
    _, preview, after = publish_polish_only(login, valid_form, "news")
    assert "Brak tłumaczenia" not in preview and "Brak tłumaczenia" not in after
