"""The home page's queues of enrolment work: for the checker what waits for verification and
for a batch, for BPJS the batches to confirm, for a village or an agency its quota and its
drafts, and for a civil servant the workers of their household with their status. Each count is
a link to the list filtered to exactly those rows (the enrolment list's `?status=`)."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.core.scopes import Scope
from lindungi.programs.models import EnrolmentStatus
from lindungi.programs.permissions import (
    handles_batches,
    is_civil_servant,
    may_verify,
    own_sponsor_kind,
)
from lindungi.programs.selectors import (
    HELD,
    RETURNED,
    batches_awaiting_confirmation,
    enrolment_list,
    program_list,
    quota_fill,
    sponsor_list,
)
from lindungi.web.parts import HomeCard, QueueItem, queue_card

HOUSEHOLD_SHOWN = 10  # a civil servant protects the workers of one household


def cards(scope: Scope) -> list[HomeCard]:
    if not scope.reads_personal_data or (scope.region_codes is not None and not scope.region_codes):
        return []
    if is_civil_servant(scope):
        return _household(scope)
    items = _checker_items(scope) + _maker_items(scope)
    return queue_card(5, _("Enrolments"), items, "enrolments")


def enrolments_url(**query: object) -> str:
    return reverse("web:enrolments") + "?" + urlencode(query)


def _checker_items(scope: Scope) -> list[QueueItem]:
    items: list[QueueItem] = []
    if not (may_verify(scope) or handles_batches(scope)):
        return items
    # One pass over the scope's enrolments by the (status) filter for both counts.
    counts = (
        enrolment_list(scope=scope)
        .filter(status__in=(EnrolmentStatus.SUBMITTED, EnrolmentStatus.VERIFIED))
        .order_by()
        .aggregate(
            submitted=Count("pk", filter=Q(status=EnrolmentStatus.SUBMITTED)),
            verified=Count("pk", filter=Q(status=EnrolmentStatus.VERIFIED)),
        )
    )
    if may_verify(scope):
        items.append(
            QueueItem(
                "to_verify",
                counts["submitted"],
                ngettext("enrolment to verify", "enrolments to verify", counts["submitted"]),
                enrolments_url(status=EnrolmentStatus.SUBMITTED),
                note=_("approve or return them on the verification page"),
            )
        )
    if handles_batches(scope):
        items.append(
            QueueItem(
                "to_send",
                counts["verified"],
                ngettext(
                    "verified enrolment to send to BPJS in a batch",
                    "verified enrolments to send to BPJS in a batch",
                    counts["verified"],
                ),
                enrolments_url(status=EnrolmentStatus.VERIFIED),
            )
        )
        waiting = batches_awaiting_confirmation(scope=scope).count()
        items.append(
            QueueItem(
                "to_confirm",
                waiting,
                ngettext(
                    "batch waiting for BPJS's confirmation",
                    "batches waiting for BPJS's confirmation",
                    waiting,
                ),
                reverse("web:batches") + "?" + urlencode({"status": EnrolmentStatus.SENT}),
            )
        )
    return items


def _maker_items(scope: Scope) -> list[QueueItem]:
    """A village's or an agency's own work: its quota in each program it may join, its
    drafts, those returned by the checker, those waiting for verification."""
    kind = own_sponsor_kind(scope)
    if kind is None:
        return []
    items: list[QueueItem] = []
    sponsors = list(sponsor_list(scope=scope, kind=kind)[:5])
    programs = [
        program
        for program in program_list(scope=scope)
        if program.is_active and program.quota_per_sponsor and kind in program.sponsor_kinds
    ]
    for sponsor in sponsors:
        for program in programs:
            fill = quota_fill(program=program, sponsor=sponsor)
            items.append(
                QueueItem(
                    "quota",
                    fill.held,
                    _("%(sponsor)s in %(program)s")
                    % {"sponsor": sponsor.name, "program": program.name},
                    enrolments_url(status=HELD, program=program.pk, sponsor=sponsor.pk),
                    note=_("quota filled: %(held)s of %(quota)s workers (%(percent)s%%)")
                    % {"held": fill.held, "quota": fill.quota, "percent": fill.percent},
                    of=fill.quota,
                )
            )
    counts = (
        enrolment_list(scope=scope)
        .filter(status__in=(EnrolmentStatus.DRAFT, EnrolmentStatus.SUBMITTED))
        .order_by()
        .aggregate(
            drafts=Count("pk", filter=Q(status=EnrolmentStatus.DRAFT)),
            returned=Count("pk", filter=Q(status=EnrolmentStatus.DRAFT) & ~Q(returned_reason="")),
            submitted=Count("pk", filter=Q(status=EnrolmentStatus.SUBMITTED)),
        )
    )
    items += [
        QueueItem(
            "drafts",
            counts["drafts"],
            ngettext("draft to submit", "drafts to submit", counts["drafts"]),
            enrolments_url(status=EnrolmentStatus.DRAFT),
        ),
        QueueItem(
            "returned",
            counts["returned"],
            ngettext(
                "returned by the checker, with the reason",
                "returned by the checker, with their reasons",
                counts["returned"],
            ),
            enrolments_url(status=RETURNED),
        ),
        QueueItem(
            "submitted",
            counts["submitted"],
            ngettext(
                "submitted, waiting for verification",
                "submitted, waiting for verification",
                counts["submitted"],
            ),
            enrolments_url(status=EnrolmentStatus.SUBMITTED),
        ),
    ]
    return items


def _household(scope: Scope) -> list[HomeCard]:
    """A civil servant's workers and where each one stands; never a bill to pay: their
    contribution is deducted from their TPP (billing's card says how much)."""
    enrolments = enrolment_list(scope=scope).order_by("-last_month", "worker__name", "id")
    shown = list(enrolments[: HOUSEHOLD_SHOWN + 1])
    protected = enrolment_list(scope=scope, status=EnrolmentStatus.ACTIVE).count()
    context = {
        "enrolments": shown[:HOUSEHOLD_SHOWN],
        "more": len(shown) > HOUSEHOLD_SHOWN,
        "protected": protected,
    }
    return [HomeCard(5, "programs/_home_household.html", context)]
