"""The compliance help topic (web/help.py collects it): the Inpres 2/2021 coordination."""

from django.utils.translation import gettext_lazy as _

from lindungi.compliance.permissions import reads_region, reads_tasks
from lindungi.core.scopes import Scope
from lindungi.web.parts import HelpTopic


def reads_inpres(scope: Scope) -> bool:
    return reads_tasks(scope) or reads_region(scope)


TOPICS = [
    HelpTopic(
        60,
        "inpres",
        _("Inpres 2/2021 coordination"),
        _("The instruction's tasks and their statuses, the team, agreements and the report."),
        "compliance/help/inpres",
        reads_inpres,
        pages=("web:inpres_tasks", "web:inpres_report"),
    ),
]
