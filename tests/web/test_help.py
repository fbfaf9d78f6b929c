"""The help pages (`/bantuan/`): each app's topics, in Indonesian and English, reached from
the pages they explain (issue 19)."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from lindungi.accounts.selectors import scope_for_user
from lindungi.web.help import topics
from lindungi.web.navigation import items_for
from tests.conftest import client_for
from tests.language import findings

pytestmark = pytest.mark.django_db

SLUGS = ["pekerja", "kepesertaan", "kirim-ke-bpjs", "tagihan", "klaim", "inpres"]


def article(html: str) -> str:
    """The topic's own text, without markup."""
    found = re.search(r'<article class="help-text"[^>]*>(.*?)</article>', html, flags=re.S)
    assert found, "no help text"
    return unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def test_every_task_of_the_issue_has_a_topic_from_its_app():
    assert list(topics()) == SLUGS
    assert {topic.template.split("/")[0] for topic in topics().values()} == {
        "workers",
        "programs",
        "billing",
        "claims",
        "compliance",
    }


def test_every_topic_renders_for_each_role_that_can_reach_the_page_it_explains(demo):
    reached = set()
    for user in demo.values():
        scope = scope_for_user(user)
        client = client_for(user)
        index = client.get(reverse("web:help")).content.decode()
        mine = index.split('data-testid="help-others"')[0]
        in_menu = {entry.url_name for entry in items_for(scope)}
        for topic in topics().values():
            link = reverse("web:help_topic", args=[topic.slug])
            if in_menu & set(topic.pages):  # the role's work: listed first
                assert topic.visible(scope) and link in mine, (user.username, topic.slug)
            pages = [client.get(reverse(name)).status_code for name in topic.pages]
            if 200 in pages:
                shown = client.get(link)
                assert shown.status_code == 200
                assert article(shown.content.decode()).strip()
                assert link in index
                reached.add(topic.slug)
    assert reached == set(SLUGS)


def test_every_page_with_a_topic_links_to_it(demo):
    admin = client_for(demo["admin"])
    for topic in topics().values():
        for name in topic.pages:
            page = admin.get(reverse(name))
            assert page.status_code == 200, name
            link = f'href="{reverse("web:help_topic", args=[topic.slug])}"'
            assert link in page.content.decode(), f"{name} does not link to {topic.slug}"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_indonesian_help_has_no_english_word_identifier_or_bare_number(demo, slug):
    text = article(client_for(demo["disnaker"]).get(f"/bantuan/{slug}/").content.decode())
    assert findings(text) == []
    assert "Rp 16.800" in text or slug not in {"kepesertaan", "tagihan"}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_english_help_is_the_english_text(demo, slug):
    client = client_for(demo["disnaker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = article(client.get(f"/bantuan/{slug}/").content.decode())
    indonesian = article(client_for(demo["disnaker"]).get(f"/bantuan/{slug}/").content.decode())
    assert english != indonesian
    assert re.search(r"\b(the|and|of)\b", english)


def test_an_unknown_topic_is_absent_and_a_link_to_one_fails_loudly(demo):
    assert client_for(demo["disnaker"]).get("/bantuan/tidak-ada/").status_code == 404
    with pytest.raises(TemplateSyntaxError, match="tidak-ada"):
        Template('{% help_link "tidak-ada" %}').render(Context())


def test_help_needs_a_sign_in(client):
    assert client.get("/bantuan/").status_code == 302
    assert client.get("/bantuan/pekerja/").status_code == 302
