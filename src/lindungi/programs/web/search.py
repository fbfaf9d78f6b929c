"""What the header's search finds in programs: an enrolment by its KPJ (the BPJS membership
number, whole), a submission batch by its number, a sponsor by part of its name. Each within
the reader's scope, through the selectors the pages use, a few hits a kind."""

import re
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from lindungi.core.masking import mask_kpj
from lindungi.core.scopes import Scope
from lindungi.programs.selectors import batch_list, enrolment_list, sponsor_list
from lindungi.web.parts import SearchGroup, SearchHit
from lindungi.workers.selectors import worker_list

LIMIT = 10
KPJ = re.compile(r"[0-9]{8,16}")  # as BPJS's confirmation files write it
NUMBER = re.compile(r"[A-Z]{3}-[0-9-]{4,}")  # LND-3211-202601-0001, or its beginning


def found(request: HttpRequest, scope: Scope, text: str) -> list[SearchGroup]:
    digits = re.sub(r"[\s.\-]", "", text)
    number = text.upper().replace(" ", "")
    groups = []
    if KPJ.fullmatch(digits):
        groups.append(_by_kpj(scope, digits))
    if NUMBER.match(number):
        groups.append(_batches(scope, number))
    if not any(character.isdigit() for character in text):
        groups.append(_sponsors(scope, text))
    return groups


def _by_kpj(scope: Scope, kpj: str) -> SearchGroup:
    """The enrolments holding a KPJ whose worker the reader sees too (the hit opens the worker's
    page); a role reading no personal data sees none (`sponsors_visible`)."""
    enrolments = enrolment_list(scope=scope).filter(
        kpj=kpj, worker__in=worker_list(scope=scope).values("pk")
    )[:LIMIT]
    hits = [
        SearchHit(
            label=f"{enrolment.worker.name} · KPJ {mask_kpj(enrolment.kpj)}",
            url=reverse("web:worker", kwargs={"worker_id": enrolment.worker_id}),
            note=f"{enrolment.program.name} · {enrolment.get_status_display()}",
        )
        for enrolment in enrolments
    ]
    return SearchGroup(20, _("Enrolments (KPJ)"), hits)


def _batches(scope: Scope, number: str) -> SearchGroup:
    """Submission batches whose number starts so (a whole number: that one)."""
    batches = list(batch_list(scope=scope).filter(number__startswith=number)[: LIMIT + 1])
    hits = [
        SearchHit(
            label=batch.number,
            url=reverse("web:batch_file", kwargs={"batch_id": batch.pk}),
            note=str(batch.program.name),
        )
        for batch in batches[:LIMIT]
    ]
    more = reverse("web:batches") if len(batches) > LIMIT else ""
    return SearchGroup(30, _("Submission batches"), hits, more)


def _sponsors(scope: Scope, name: str) -> SearchGroup:
    sponsors: list[Any] = list(sponsor_list(scope=scope, search=name)[: LIMIT + 1])
    hits = [
        SearchHit(
            label=sponsor.name,
            url=reverse("web:sponsor", kwargs={"sponsor_id": sponsor.pk}),
            note=sponsor.get_kind_display(),
        )
        for sponsor in sponsors[:LIMIT]
    ]
    more = ""
    if len(sponsors) > LIMIT:
        more = reverse("web:sponsors") + "?" + urlencode({"q": name})
    return SearchGroup(40, _("Sponsors"), hits, more)
