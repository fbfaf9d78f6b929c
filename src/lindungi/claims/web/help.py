"""The claims' help topic (web/help.py collects it): work-accident and death claims."""

from django.utils.translation import gettext_lazy as _

from lindungi.claims.permissions import may_report, reads_claims
from lindungi.core.scopes import Scope
from lindungi.web.parts import HelpTopic


def reads_or_reports(scope: Scope) -> bool:
    return reads_claims(scope) or may_report(scope)


TOPICS = [
    HelpTopic(
        50,
        "klaim",
        _("Accident and death claims"),
        _("What BPJS pays, how to report a claim in time, and what each status means."),
        "claims/help/klaim",
        reads_or_reports,
        pages=("web:claims", "web:claim_new"),
    ),
]
