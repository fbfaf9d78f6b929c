"""The billing help topic (web/help.py collects it): bills and payments."""

from django.utils.translation import gettext_lazy as _

from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import HelpTopic

TOPICS = [
    HelpTopic(
        40,
        "tagihan",
        _("Bills and payments"),
        _("How bills are made, when they are due, recording a payment, and lapses."),
        "billing/help/tagihan",
        reads_personal_data,
        pages=("web:bills", "web:payments"),
    ),
]
