"""Every role's home page shows its queues of work: each count is computed here again from the
tables (not through the selectors the cards call), and each count's link leads to a list of
exactly that many rows. No home page has the villages-per-district chart; the civil servant's
has no bill to pay; a village's counts never hold another village's rows."""

import re
from datetime import timedelta

import pytest
from django.db.models import Q, Sum
from django.utils import timezone

from lindungi.accounts.models import User
from lindungi.billing.models import Allocation, Bill, BillKind, BillLine, StatementLine
from lindungi.claims.models import Claim, ClaimStatus
from lindungi.compliance.models import Agreement, InpresTask, Referral, ReferralStep, TaskStatus
from lindungi.core.months import month_start
from lindungi.core.roles import Role
from lindungi.programs.models import Enrolment, EnrolmentStatus, SubmissionBatch
from lindungi.workers.models import DuplicateCandidate
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LOGINS = (
    "disnaker",
    "bpjs.sumedang",
    "tim.koordinasi",
    "opd.dppkbp3a",
    "asn.rina",
    "desa.cikeruh",
    "desa.gudang",
    "desa.sukagalih",
    "jaksa.sumedang",
    "admin",
)
# What each role's home page must offer at least (the rest may be there too).
REQUIRED = {
    "disnaker": {
        "to_verify",
        "to_send",
        "duplicates",
        "statement_lines",
        "arrears",
        "renewals",
        "agreements_expiring",
        "tasks_due",
    },
    "bpjs.sumedang": {"to_confirm", "claims_to_decide", "statement_lines"},
    "tim.koordinasi": {"coverage", "tasks_due"},
    "opd.dppkbp3a": {"drafts", "returned", "open_bills", "renewals", "claims_in_progress"},
    "asn.rina": {"protected", "tpp"},
    "desa.cikeruh": {
        "quota",
        "drafts",
        "returned",
        "open_bills",
        "renewals",
        "claims_in_progress",
    },
    "desa.gudang": {"quota", "submitted", "drafts", "returned"},
    "desa.sukagalih": {"drafts", "returned", "claims_in_progress"},
    "jaksa.sumedang": {f"referrals_{step}" for step in ReferralStep.values},
}
ITEM = re.compile(r'data-queue="([^"]+)" data-count="(\d+)"[^>]*>\s*<a href="([^"]+)"')
REGENCY = "32.11"
OPEN_CLAIMS = (
    ClaimStatus.DRAFT,
    ClaimStatus.REPORTED,
    ClaimStatus.SUBMITTED,
    ClaimStatus.APPROVED,
)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _english(user: User):
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def _queues(page: str) -> dict[str, tuple[int, str]]:
    found = {}
    for key, count, url in ITEM.findall(page):
        found[key] = (int(count), url.replace("&amp;", "&"))
    return found


def _enrolments(user: User):
    """The enrolments a user's scope holds, from the tables."""
    enrolments = Enrolment.objects.all()
    if user.is_superuser:
        return enrolments
    if user.role == Role.ASN:
        return enrolments.filter(sponsor__user=user)
    if user.role == Role.OPERATOR_OPD:
        return enrolments.filter(sponsor__agency_id=user.agency_id)
    code = user.region_id
    return enrolments.filter(
        Q(sponsor__region__code=code) | Q(sponsor__region__code__startswith=code + ".")
    )


def _open_bills(sponsor_id: int) -> int:
    paid = dict(
        Allocation.objects.filter(bill__sponsor_id=sponsor_id)
        .values_list("bill_id")
        .annotate(total=Sum("amount"))
        .values_list("bill_id", "total")
    )
    bills = Bill.objects.filter(sponsor_id=sponsor_id, kind=BillKind.REGULAR)
    return sum(1 for bill in bills if bill.total - paid.get(bill.pk, 0) > 0)


def _expected(user: User, key: str, url: str) -> int | None:
    """The count a queue must show, from the tables; None for a figure that is no list."""
    today = timezone.localdate()
    enrolments = _enrolments(user)
    by_status = {
        "to_verify": EnrolmentStatus.SUBMITTED,
        "submitted": EnrolmentStatus.SUBMITTED,
        "to_send": EnrolmentStatus.VERIFIED,
        "drafts": EnrolmentStatus.DRAFT,
    }
    if key in by_status:
        return enrolments.filter(status=by_status[key]).count()
    if key == "returned":
        return enrolments.filter(status=EnrolmentStatus.DRAFT).exclude(returned_reason="").count()
    if key == "quota":
        sponsor = int(re.search(r"sponsor=(\d+)", url)[1])
        program = int(re.search(r"program=(\d+)", url)[1])
        return (
            Enrolment.objects.filter(sponsor_id=sponsor, program_id=program)
            .exclude(status__in=(EnrolmentStatus.REJECTED, EnrolmentStatus.CANCELLED))
            .count()
        )
    if key == "to_confirm":
        return (
            SubmissionBatch.objects.filter(enrolments__status=EnrolmentStatus.SENT)
            .distinct()
            .count()
        )
    if key == "open_bills":
        return _open_bills(int(re.search(r"sponsor=(\d+)", url)[1]))
    if key == "arrears":
        late = {
            bill.sponsor_id
            for bill in Bill.objects.filter(kind=BillKind.REGULAR, due_date__lt=today)
            if _open_bills(bill.sponsor_id)
            and bill.total
            - (Allocation.objects.filter(bill=bill).aggregate(s=Sum("amount"))["s"] or 0)
            > 0
        }
        return len(late)
    if key == "statement_lines":
        return StatementLine.objects.filter(resolved_at__isnull=True).count()
    if key == "claims_to_decide":
        return Claim.objects.filter(status=ClaimStatus.SUBMITTED).count()
    if key == "claims_in_progress":
        claims = Claim.objects.filter(status__in=OPEN_CLAIMS)
        if user.role == Role.OPERATOR_OPD:
            return claims.filter(enrolment__sponsor__agency_id=user.agency_id).count()
        return claims.filter(region_id=user.region_id).count()
    if key == "duplicates":
        pairs = DuplicateCandidate.objects.filter(
            status=DuplicateCandidate.Status.OPEN, regency_code=REGENCY
        )
        if user.role == Role.OPERATOR_DESA:  # both workers of the village
            pairs = pairs.filter(
                first__village_id=user.region_id, second__village_id=user.region_id
            )
        elif user.role == Role.OPERATOR_OPD:  # the workers the agency registered
            return None
        return pairs.count()
    if key == "tasks_due":
        tasks = InpresTask.objects.filter(
            status__in=(TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS),
            due_date__lte=today + timedelta(days=30),
        )
        if user.role == Role.OPERATOR_OPD:
            tasks = tasks.filter(agency_id=user.agency_id)
        return tasks.count()
    if key == "agreements_expiring":
        last = today + timedelta(days=90)
        return Agreement.objects.filter(
            starts_on__lte=last, ends_on__gte=today, ends_on__lte=last
        ).count()
    if key.startswith("referrals_"):
        return Referral.objects.filter(step=key.removeprefix("referrals_")).count()
    if key == "protected":
        return enrolments.filter(status=EnrolmentStatus.ACTIVE).count()
    return None  # renewals, coverage, the TPP deduction: checked against their pages below


def _rows_on(page: str, key: str) -> int:
    """How many rows the list a queue links to shows."""
    totals = {
        "bill-total": ("open_bills",),
        "claim-total": ("claims_to_decide", "claims_in_progress"),
        "expiring-total": ("renewals",),
        "duplicate-total": ("duplicates",),
    }
    for testid, keys in totals.items():
        if key in keys:
            return int(re.search(rf'data-testid="{testid}">\D*(\d+)', page)[1])
    if key in ("to_verify", "to_send", "drafts", "returned", "submitted", "quota"):
        return int(re.search(r'data-testid="enrolment-total">(\d+)', page)[1])
    rows = {
        "to_confirm": 'data-testid="batch"',
        "arrears": 'data-testid="overdue"',
        "tasks_due": 'data-testid="task"',
        "agreements_expiring": 'data-testid="agreement"',
        "statement_lines": 'data-testid="statement"',
    }
    if key.startswith("referrals_"):
        return page.count('data-testid="referral"')
    return page.count(rows[key])


@pytest.mark.parametrize("username", LOGINS)
def test_each_role_sees_its_queues_counted_and_linked_to_exactly_those_rows(demo_full, username):
    user = demo_full[username]
    client = _english(user)
    queues = _queues(_page(client, "/"))
    assert REQUIRED.get(username, set()) <= set(queues), set(queues)
    for key, (count, url) in queues.items():
        expected = _expected(user, key, url)
        if expected is not None:
            assert count == expected, key
        target = _page(client, url)
        if key in ("coverage", "coverage_gap", "protected", "tpp"):
            continue
        if key == "statement_lines":
            # The statements holding the lines: none when no line waits.
            assert (_rows_on(target, key) == 0) == (count == 0)
            continue
        assert _rows_on(target, key) == count, key


def test_the_demo_gives_the_queues_of_the_issue(demo_full):
    """The counts the demo's story needs: Gudang's 100 wait for verification, Cikeruh is at
    63/100 of its program, the prosecutor has referrals."""
    admin = _queues(_page(_english(demo_full["disnaker"]), "/"))
    assert admin["to_verify"][0] == 100
    cikeruh = _page(_english(demo_full["desa.cikeruh"]), "/")
    assert re.search(r'data-queue="quota" data-count="63"', cikeruh)
    assert "63/100" in cikeruh
    prosecutor = _queues(_page(_english(demo_full["jaksa.sumedang"]), "/"))
    assert sum(count for count, _ in prosecutor.values()) == Referral.objects.count() > 0
    assert "registered workers" not in _page(_english(demo_full["jaksa.sumedang"]), "/")


def test_a_village_counts_only_its_own_rows(demo_full):
    """Gudang's 100 enrolments waiting for verification are not Cikeruh's; each village's
    claims and quota are its own."""
    cikeruh = _queues(_page(_english(demo_full["desa.cikeruh"]), "/"))
    gudang = _queues(_page(_english(demo_full["desa.gudang"]), "/"))
    assert cikeruh["submitted"][0] == 0
    assert gudang["submitted"][0] == 100
    regency = Enrolment.objects.filter(status=EnrolmentStatus.SUBMITTED).count()
    assert regency == 100
    assert cikeruh["claims_in_progress"][0] == (
        Claim.objects.filter(status__in=OPEN_CLAIMS, region_id="32.11.15.2001").count()
    )
    assert (
        Claim.objects.filter(status__in=OPEN_CLAIMS).exclude(region_id="32.11.15.2001").exists()
    )  # there are other villages' claims it must leave out
    # The list behind Cikeruh's link shows none of Gudang's workers either.
    listing = _page(_english(demo_full["desa.cikeruh"]), cikeruh["submitted"][1])
    assert 'data-testid="enrolment"' not in listing
    assert cikeruh["quota"][1] != gudang["quota"][1]


def test_the_civil_servant_sees_her_workers_and_deduction_and_no_bill_to_pay(demo_full):
    user = demo_full["asn.rina"]
    for client in (client_for(user), _english(user)):  # Indonesian (the default), English
        page = _page(client, "/")
        for reminder in (
            "belum dibayar",
            "jatuh tempo",
            "due by",
            "still to pay",
            "Bayar",
            'data-testid="sponsor-due"',
            'data-testid="reminder"',
            'data-testid="overdue-amount"',
        ):
            assert reminder not in page, reminder
    page = _page(_english(user), "/")
    month = month_start(timezone.localdate())
    deducted = BillLine.objects.filter(sponsor__user=user, month=month).aggregate(
        total=Sum("amount")
    )["total"]
    assert deducted  # the demo bills December
    amount = re.search(r'data-testid="tpp-amount">([^<]+)<', page)[1]
    assert amount == f"Rp {deducted:,}".replace(",", ".")
    assert "nothing for you to pay" in page
    names = Enrolment.objects.filter(sponsor__user=user).values_list("worker__name", flat=True)
    for name in names:
        assert name in page


@pytest.mark.parametrize("username", LOGINS)
def test_no_home_page_has_the_villages_per_district_chart(demo_full, username):
    page = _page(_english(demo_full[username]), "/")
    assert "Villages per district" not in page
    assert "data-chart" not in page
    assert "chart-4.5.1" not in page
