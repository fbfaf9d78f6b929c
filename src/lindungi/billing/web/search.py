"""What the header's search finds in billing: bills and credit notes by their number (a whole
number, or its beginning: `TAG-3211-202601`), those of the sponsors the reader sees
(`bill_list`), a few at a time."""

import re

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindungi.billing.selectors.bills import bill_list
from lindungi.core.formats import month
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.web.parts import SearchGroup, SearchHit

LIMIT = 10
NUMBER = re.compile(r"[A-Z]{2,4}-[0-9-]{4,}")  # TAG-3211-202601-000123, or its beginning


def found(request: HttpRequest, scope: Scope, text: str) -> list[SearchGroup]:
    number = text.upper().replace(" ", "")
    if not NUMBER.match(number):
        return []
    bills = list(bill_list(scope=scope).filter(number__startswith=number)[: LIMIT + 1])
    hits = [
        SearchHit(
            label=bill.number,
            url=reverse("web:bill", kwargs={"bill_id": bill.pk}),
            note=f"{bill.sponsor.name} · {month(bill.month)} · {format_rupiah(bill.total)}",
        )
        for bill in bills[:LIMIT]
    ]
    more = reverse("web:bills") if len(bills) > LIMIT else ""
    return [SearchGroup(50, _("Bills"), hits, more)]
