"""Reminders before the due date, through an outbox: a reminder is a row first and a mail
second, so that nothing is lost while the mail server is down (docs/billing.md)."""

import smtplib
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing import rules
from lindungi.billing.models import Bill, BillKind, Outbox
from lindungi.billing.selectors.bills import with_paid
from lindungi.core.audit import Action, audit_record
from lindungi.core.money import format_rupiah
from lindungi.core.roles import Role
from lindungi.programs.models import Sponsor, SponsorKind

MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class Queued:
    queued: int  # new reminders in the outbox to mail
    already: int  # sponsors reminded earlier this month
    without_address: int  # new reminders only for the dashboard: no e-mail address to write to


def _addresses(sponsors: list[Sponsor]) -> dict[int, list[str]]:
    """Where to write to each sponsor: its contact when it is an e-mail address, and the
    accounts that act for it (a village's operators, an agency's operators, the civil servant)."""
    villages = {s.region_id for s in sponsors if s.kind == SponsorKind.DESA}
    agencies = {s.agency_id for s in sponsors if s.kind == SponsorKind.OPD}
    by_village: dict[str, list[str]] = {}
    by_agency: dict[int, list[str]] = {}
    operators = User.objects.filter(is_active=True).exclude(email="")
    for region_id, email in operators.filter(
        role=Role.OPERATOR_DESA, region_id__in=villages
    ).values_list("region_id", "email"):
        by_village.setdefault(region_id, []).append(email)
    for agency_id, email in operators.filter(
        role=Role.OPERATOR_OPD, agency_id__in=agencies
    ).values_list("agency_id", "email"):
        by_agency.setdefault(agency_id, []).append(email)
    asn = dict(
        operators.filter(pk__in=[s.user_id for s in sponsors if s.user_id]).values_list(
            "pk", "email"
        )
    )
    found: dict[int, list[str]] = {}
    for sponsor in sponsors:
        emails = [sponsor.contact] if "@" in sponsor.contact else []
        if sponsor.kind == SponsorKind.DESA:
            emails += by_village.get(sponsor.region_id, [])
        elif sponsor.kind == SponsorKind.OPD and sponsor.agency_id is not None:
            emails += by_agency.get(sponsor.agency_id, [])
        elif sponsor.kind == SponsorKind.ASN and sponsor.user_id in asn:
            emails.append(asn[sponsor.user_id])
        found[sponsor.pk] = sorted(set(emails))
    return found


@transaction.atomic
def reminders_queue(*, today: date | None = None) -> Queued:
    """Before the 10th of a month (`rules.reminders_due`), put one reminder in the outbox for
    every sponsor with an open bill for this month or earlier: what is open, and that it is due
    by the 15th (`rules.due_date`). Once per sponsor and month, however often it runs."""
    today = today or timezone.localdate()
    if not rules.reminders_due(today):
        return Queued(0, 0, 0)
    month = rules.month_start(today)
    open_bills = (
        with_paid(Bill.objects.filter(kind=BillKind.REGULAR, month__lte=month))
        .filter(Q(open_amount__gt=0))
        .order_by()
        .values("sponsor_id")
        .annotate(count=Count("id"), owed=Sum("open_amount"))
    )
    owed = {row["sponsor_id"]: row for row in open_bills}
    key_of = {sponsor_id: f"reminder:{sponsor_id}:{month:%Y-%m}" for sponsor_id in owed}
    done = set(Outbox.objects.filter(key__in=key_of.values()).values_list("key", flat=True))
    sponsors = list(
        Sponsor.objects.filter(pk__in=[s for s, key in key_of.items() if key not in done])
    )
    addresses = _addresses(sponsors)
    now = timezone.now()
    rows = []
    without_address = 0
    # One message per sponsor, written in Python: each is its own text (a few thousand a month).
    with translation.override(settings.LANGUAGE_CODE):
        for sponsor in sponsors:
            # A sponsor without an address still gets its row: its dashboard shows it.
            to = addresses.get(sponsor.pk, [])
            without_address += not to
            row = owed[sponsor.pk]
            due = rules.due_date(month)
            subject = _("Lindungi: BPJS Ketenagakerjaan contributions due on %(due)s") % {
                "due": date_format(due, "j M Y")
            }
            body = _(
                "Dear %(sponsor)s,\n\n"
                "%(count)s bill(s) for the protection of your workers are still open: "
                "%(owed)s in all. This month's contributions are due by %(due)s; after three "
                "unpaid months BPJS ends the workers' membership and their waiting periods "
                "start again.\n\nThe bills and how to pay them are in Lindungi.\n"
            ) % {
                "sponsor": sponsor.name,
                "count": row["count"],
                "owed": format_rupiah(int(row["owed"])),
                "due": date_format(due, "j M Y"),
            }
            rows.append(
                Outbox(
                    key=key_of[sponsor.pk],
                    to=", ".join(to)[:500],
                    subject=subject[:200],
                    body=body,
                    sponsor=sponsor,
                    created_at=now,
                )
            )
    Outbox.objects.bulk_create(rows, ignore_conflicts=True)
    queued = Queued(
        queued=len(rows) - without_address, already=len(done), without_address=without_address
    )
    audit_record(
        actor=None,
        action=Action.BILLING_REMINDERS,
        object_type="outbox",
        details={"month": month.isoformat(), **asdict(queued)},
    )
    return queued


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: int


def outbox_send(*, limit: int = 500) -> Sent:
    """Send what waits in the outbox through Django's mail backend. A failure stays in the
    table with its error and is tried again next time (up to `MAX_ATTEMPTS`)."""
    waiting = list(
        Outbox.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .exclude(to="")
        .order_by("created_at", "id")[:limit]
    )
    sent = failed = 0
    connection = get_connection()
    # One mail per row: each is its own SMTP transaction, and each row records its own fate.
    for item in waiting:
        message = EmailMessage(
            subject=item.subject,
            body=item.body,
            to=[address.strip() for address in item.to.split(",") if address.strip()],
            connection=connection,
        )
        try:
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as error:
            failed += 1
            Outbox.objects.filter(pk=item.pk).update(
                attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:500]
            )
        else:
            sent += 1
            Outbox.objects.filter(pk=item.pk).update(
                attempts=F("attempts") + 1, sent_at=timezone.now(), last_error=""
            )
    return Sent(sent=sent, failed=failed)
