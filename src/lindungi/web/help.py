"""The help pages (`/bantuan/`): each domain app explains its own tasks (`<app>/web/help.py`, a
list `TOPICS` of `web.parts.HelpTopic`, with its texts in `<app>/templates/<app>/help/`); the
shell collects them like the menu (`parts.app_modules`), lists those of the reader's work and
shows one in the reader's language. A page links to its topic with `{% help_link "slug" %}`."""

from functools import cache

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.scopes import Scope
from lindungi.web.parts import HelpTopic, app_modules

LANGUAGES = ("id", "en")  # each topic is written in each; Indonesian is the fallback


@cache
def topics() -> dict[str, HelpTopic]:
    """Every app's topics by slug, in order."""
    found = [topic for module in app_modules("help") for topic in module.TOPICS]
    return {topic.slug: topic for topic in sorted(found, key=lambda t: t.position)}


def topics_for(scope: Scope) -> list[HelpTopic]:
    """The topics of the pages this reader works with."""
    return [topic for topic in topics().values() if topic.visible(scope)]


def text_template(topic: HelpTopic, language: str | None) -> str:
    """The topic's text in `language`, else in Indonesian."""
    short = (language or "id").split("-")[0]
    names = [f"{topic.template}.{short}.html", f"{topic.template}.id.html"]
    return str(select_template(names).template.name)


@login_required
@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    """The topics of the reader's work first, then the others (help holds no data)."""
    mine = topics_for(scope_for_user(request.user))
    others = [topic for topic in topics().values() if topic not in mine]
    return render(request, "web/help_index.html", {"mine": mine, "others": others})


@login_required
@require_GET
def help_topic(request: HttpRequest, topic: str) -> HttpResponse:
    found = topics().get(topic)
    if found is None:
        raise Http404
    return render(
        request,
        "web/help_topic.html",
        {"topic": found, "text": text_template(found, get_language())},
    )
