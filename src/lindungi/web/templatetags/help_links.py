"""`{% help_link "pekerja" %}`: the small "Bantuan" link a page shows under its title, to the
help topic that explains it (`web/help.py`). A builtin (settings' TEMPLATES), so a page adds one
line. An unknown topic is an error, so that a renamed topic cannot leave a dead link."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lindungi.web.help import topics

register = template.Library()


@register.simple_tag
def help_link(slug: str) -> SafeString:
    topic = topics().get(slug)
    if topic is None:
        raise template.TemplateSyntaxError(f"No help topic {slug!r}")
    return format_html(
        '<p class="help-link"><small><a href="{}" data-testid="help-link" '
        'data-topic="{}">{}</a> · {}</small></p>',
        reverse("web:help_topic", args=[slug]),
        slug,
        _("Help"),
        topic.title,
    )
