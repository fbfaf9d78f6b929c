"""The home page's queue of claims: for those who record BPJS's decisions the claims BPJS has to
decide, for the villages and agencies that report them the claims still in progress. Each count
is a link to the claim list filtered to exactly those claims."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.claims.models import ClaimStatus
from lindungi.claims.permissions import may_decide, may_report
from lindungi.claims.selectors import IN_PROGRESS, claim_list
from lindungi.core.scopes import Scope
from lindungi.web.parts import HomeCard, QueueItem, queue_card


def claims_url(status: str) -> str:
    return reverse("web:claims") + "?" + urlencode({"status": status})


def cards(scope: Scope) -> list[HomeCard]:
    if not scope.reads_personal_data or (scope.region_codes is not None and not scope.region_codes):
        return []
    items = []
    if may_decide(scope):
        count = claim_list(scope=scope, status=ClaimStatus.SUBMITTED).count()
        items.append(
            QueueItem(
                "claims_to_decide",
                count,
                ngettext("claim to decide", "claims to decide", count),
                claims_url(ClaimStatus.SUBMITTED),
            )
        )
    elif may_report(scope):
        count = claim_list(scope=scope, status=IN_PROGRESS).count()
        items.append(
            QueueItem(
                "claims_in_progress",
                count,
                ngettext("claim in progress", "claims in progress", count),
                claims_url(IN_PROGRESS),
                note=_("not paid, not rejected yet"),
            )
        )
    return queue_card(7, _("Claims"), items, "claims")
