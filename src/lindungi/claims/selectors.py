"""Reading claims, their documents and what they paid to families, within the reader's scope.

A claim is visible to the regency's officers (Disnaker, BPJS, the coordination team) of the
worker's region and to the village operator of the worker's village, by the claim's region (the
worker's village when it was reported); an agency operator sees the claims of the workers their
agency (or its civil servants) protected on the event date, a civil servant their own. Claims
outside the scope look missing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.claims.models import NEXT_STATUSES, Claim, ClaimDocument, ClaimStatus
from lindungi.claims.permissions import reads_by_sponsor
from lindungi.contributions.calculator import NOTES
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope, below_q
from lindungi.programs.selectors import sponsors_visible
from lindungi.regions.models import CODE_LENGTH, Level, Region
from lindungi.regions.selectors import region_in_scope
from lindungi.workers.selectors import search_q


def claims_visible(scope: Scope) -> Q:
    """The claims a reader sees (see the module's docstring)."""
    if reads_by_sponsor(scope):
        return sponsors_visible(scope, "enrolment__sponsor__")
    return scope.personal_q("region__code")


# What the notes stored with a claim's benefit mean (besides the benefit rules' own notes).
CLAIM_NOTES = {
    "care_in_kind": gettext_lazy(
        "Medical care is given by BPJS's partner clinics and hospitals (PLKK) without a "
        "ceiling: no cash amount is computed."
    ),
    "disability_assessed": gettext_lazy(
        "The disability benefit depends on BPJS's medical assessment against the table of "
        "PP 82/2019: no amount is computed."
    ),
}


def benefit_notes(claim: Claim) -> list[str]:
    """The notes of a claim's benefit, in the reader's language."""
    texts = {**NOTES, **CLAIM_NOTES}
    return [str(texts.get(note, note)) for note in claim.benefit.get("notes", [])]


# A filter of the claim list beyond a status: the claims not yet paid nor rejected (a status a
# claim may still move on from).
IN_PROGRESS = "in_progress"
IN_PROGRESS_STATUSES = tuple(status for status, moves in NEXT_STATUSES.items() if moves)


def claim_list(
    *,
    scope: Scope,
    status: str | None = None,
    type: str | None = None,  # the domain's word, as on the claim
    region: str | None = None,
    search: str = "",
) -> QuerySet[Claim]:
    """Claims in scope, the latest event first; `region` keeps a region and what lies below
    it; `search` is a whole NIK, its masked form or part of the worker's name."""
    claims = Claim.objects.filter(claims_visible(scope)).select_related(
        "worker", "region", "enrolment__program", "enrolment__sponsor"
    )
    if status == IN_PROGRESS:
        claims = claims.filter(status__in=IN_PROGRESS_STATUSES)
    elif status:
        claims = claims.filter(status=status)
    if type:
        claims = claims.filter(type=type)
    if region:
        claims = claims.filter(Q(region_id=region) | below_q("region__code", region))
    if search:
        claims = claims.filter(search_q(search, "worker__"))
    return claims.order_by("-event_date", "-id")


def claim_get(*, scope: Scope, claim_id: int) -> Claim:
    """One claim in scope; missing and out-of-scope claims raise the same `NotFound`."""
    claim = claim_list(scope=scope).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(_("Claim not found"), id=claim_id)
    return claim


def claim_documents(*, scope: Scope, claim: Claim) -> QuerySet[ClaimDocument]:
    claim = claim_get(scope=scope, claim_id=claim.pk)
    return ClaimDocument.objects.filter(claim=claim).select_related("uploaded_by")


def claim_document_get(*, scope: Scope, document_id: int) -> ClaimDocument:
    """One document of a claim in scope (for a download view, which must record nothing more:
    the document's claim is the reader's)."""
    document = (
        ClaimDocument.objects.filter(pk=document_id, claim__in=claim_list(scope=scope).values("pk"))
        .select_related("claim")
        .first()
    )
    if document is None:
        raise NotFound(_("Document not found"), id=document_id)
    return document


@dataclass(frozen=True)
class ImpactRow:
    """What one scheme paid to the families of one region's workers in the year."""

    region_code: str
    region_name: str
    type: str
    families: int
    amount: int


@dataclass(frozen=True)
class Impact:
    """Benefits paid in a year under a region, per region one level below it and per scheme,
    with the totals: "Rp 1,26 M paid to 30 families". A family is a worker whose claims were
    paid (two benefits paid for one worker, e.g. JKM and the scholarship, are one family)."""

    region: Region
    year: int
    rows: list[ImpactRow]
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # families, amount
    families: int = 0
    amount: int = 0


_BELOW = {
    Level.PROVINCE: Level.REGENCY,
    Level.REGENCY: Level.DISTRICT,
    Level.DISTRICT: Level.VILLAGE,
    Level.VILLAGE: Level.VILLAGE,
}


def claims_impact(*, scope: Scope, region: Region, year: int) -> Impact:
    """The claims paid in `year` (by their payment date) to the workers of `region`, grouped
    by the regions one level below it (villages for a district) and by claim type."""
    region = region_in_scope(scope=scope, code=region.code)
    paid = Claim.objects.filter(
        claims_visible(scope),
        Q(region_id=region.code) | below_q("region__code", region.code),
        status=ClaimStatus.PAID,
        paid_on__gte=date(year, 1, 1),
        paid_on__lte=date(year, 12, 31),
    ).order_by()
    child_length = CODE_LENGTH[_BELOW[Level(region.level)]]
    grouped = list(
        paid.annotate(child=Substr("region_id", 1, child_length))
        .values("child", "type")
        .annotate(families=Count("worker_id", distinct=True), amount=Sum("paid_amount"))
        .order_by("child", "type")
    )
    names = dict(
        Region.objects.filter(code__in={row["child"] for row in grouped}).values_list(
            "code", "name"
        )
    )
    rows = [
        ImpactRow(
            region_code=row["child"],
            region_name=names.get(row["child"], row["child"]),
            type=row["type"],
            families=row["families"],
            amount=int(row["amount"] or 0),
        )
        for row in grouped
    ]
    by_type = {
        row["type"]: (row["families"], int(row["amount"] or 0))
        for row in paid.values("type")
        .annotate(families=Count("worker_id", distinct=True), amount=Sum("paid_amount"))
        .order_by("type")
    }
    totals = paid.aggregate(families=Count("worker_id", distinct=True), amount=Sum("paid_amount"))
    return Impact(
        region=region,
        year=year,
        rows=rows,
        by_type=by_type,
        families=totals["families"] or 0,
        amount=int(totals["amount"] or 0),
    )
