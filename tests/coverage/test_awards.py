"""Awards: agencies by their civil servants who protect a worker and by the workers protected,
villages by their quota filled and their months paid on time; computing a draft, publishing it
(the list no longer changes), who may do it, and the winners' certificates."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from pypdf import PdfReader

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import Bill, Lapse
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.coverage.awards import award_get, award_list, award_ranking, period_of, public_awards
from lindungi.coverage.awards_certificate import award_certificate
from lindungi.coverage.awards_services import award_compute, award_publish, award_recompute
from lindungi.coverage.models import AwardCategory, AwardEntry, AwardStatus
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.services.asn import asn_protect
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create
from tests.billing.conftest import activate

JANUARY, FEBRUARY, MARCH = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
AS_OF = date(2026, 3, 20)  # March's bills fell due on the 16th
FIRST_QUARTER = {"first_month": JANUARY, "last_month": MARCH}


@pytest.fixture
def villages(enrol, village_program, cikeruh, gudang, admin):
    """Cikeruh protects 5 workers from January (one ended after January, one lapsed without
    ever being paid), Gudang 3 from March. Each month billed; Cikeruh pays January on the 10th,
    February on the 20th (due the 16th: late) and March on the 12th; Gudang March on the
    10th."""
    five = enrol(village_program, cikeruh, 5)
    Enrolment.objects.filter(pk=five[0].pk).update(status=EnrolmentStatus.ENDED, last_month=JANUARY)
    enrol(village_program, gudang, 3, first_month=MARCH)
    scope = scope_for_user(admin)
    regency = region_get(code="32.11")
    for month in (JANUARY, FEBRUARY, MARCH):
        billing_run(actor=admin, scope=scope, region=regency, month=month, today=month)

    def pay(sponsor, month, day):
        bill = Bill.objects.get(sponsor=sponsor, month=month)
        payment_record(
            actor=admin,
            scope=scope,
            sponsor=sponsor,
            amount=bill.total,
            paid_on=month.replace(day=day),
            channel="transfer",
            reference=f"{sponsor.pk}-{month:%m}",
            today=month.replace(day=day),
        )

    pay(cikeruh, JANUARY, 10)
    pay(cikeruh, FEBRUARY, 20)
    pay(cikeruh, MARCH, 12)
    pay(gudang, MARCH, 10)
    # Made after the bills and payments: a lapse never paid protects nothing, whatever its
    # months.
    lapsed = enrol(village_program, cikeruh, 1, skip=10)[0]
    Enrolment.objects.filter(pk=lapsed.pk).update(status=EnrolmentStatus.LAPSED)
    Lapse.objects.create(
        enrolment=lapsed,
        lapsed_on=date(2026, 3, 17),
        oldest_unpaid_month=JANUARY,
        period_last_month=JANUARY,
        created_at=lapsed.created_at,
    )
    return {"cikeruh": cikeruh, "gudang": gudang}


@pytest.fixture
def civil_servants(demo_workers):
    """Rina (Dinkes's only civil servant) protects two workers from March, Dedi (one of
    DPPKBP3A's two) one."""
    admin = demo_workers["disnaker"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )
    enrolments = []
    for username, nik in (
        ("asn.rina", "3211155208850003"),
        ("asn.rina", "3211155208850029"),
        ("asn.dedi", "3211155208850011"),
    ):
        asn = demo_workers[username]
        scope = scope_for_user(asn)
        helper = worker_create(
            actor=asn,
            scope=scope,
            nik=nik,
            name="Pekerja Rumah Tangga",
            village=region_get(code="32.11.15.2001"),
            occupation="asisten rumah tangga",
        )
        enrolments.append(
            asn_protect(actor=asn, scope=scope, program=program, worker=helper, today=AS_OF)
        )
    return activate(enrolments)


def _by_name(rows):
    return {row.name: row for row in rows}


def test_villages_are_ranked_by_quota_filled_and_months_paid_on_time(villages, admin):
    ranking = award_ranking(
        scope=scope_for_user(admin),
        regency="32.11",
        period=period_of(first=JANUARY, last=MARCH),
        categories=[AwardCategory.VILLAGE_QUOTA, AwardCategory.VILLAGE_ON_TIME],
        as_of=AS_OF,
    )
    quota = ranking[AwardCategory.VILLAGE_QUOTA]
    # Cikeruh: 1 worker for January, 4 for three months (the lapse never paid counts nothing):
    # 13 worker-months of 100 a month for 3 months. Gudang: 3 workers for March.
    first, second, third = quota[:3]
    assert (first.name, first.rank, first.score) == ("Cikeruh", 1, Decimal("4.33"))
    assert (first.figures["workers"], first.figures["worker_months"]) == (5, 13)
    assert (second.name, second.rank, second.score) == ("Gudang", 2, Decimal("1.00"))
    assert first.is_winner and second.is_winner
    # Every other village has a quota and nobody: they share the third place, and win nothing.
    assert third.rank == 3 and third.score == 0 and not third.is_winner
    assert len(quota) > 250 and all(row.rank == 3 for row in quota[2:])

    on_time = ranking[AwardCategory.VILLAGE_ON_TIME]
    # Only the villages billed take part: Cikeruh 2 of 3 months, Gudang 1 of 1.
    assert [(r.name, r.rank, r.score) for r in on_time] == [
        ("Cikeruh", 1, Decimal(2)),
        ("Gudang", 2, Decimal(1)),
    ]
    cikeruh = on_time[0].figures
    assert (cikeruh["months_billed"], cikeruh["months_on_time"]) == (3, 2)
    jan_and_march = Bill.objects.filter(
        sponsor=villages["cikeruh"], month__in=[JANUARY, MARCH]
    ).values_list("total", flat=True)
    assert cikeruh["paid_on_time"] == sum(jan_and_march)


def test_months_not_due_by_the_day_of_computing_do_not_count_yet(villages, admin):
    ranking = award_ranking(
        scope=scope_for_user(admin),
        regency="32.11",
        period=period_of(year=2026),
        categories=[AwardCategory.VILLAGE_ON_TIME, AwardCategory.VILLAGE_QUOTA],
        as_of=date(2026, 3, 15),  # March's bills are due on the 16th
    )
    cikeruh = _by_name(ranking[AwardCategory.VILLAGE_ON_TIME])["Cikeruh"].figures
    assert (cikeruh["months_billed"], cikeruh["months_on_time"]) == (2, 1)
    assert "Gudang" not in _by_name(ranking[AwardCategory.VILLAGE_ON_TIME])
    # The year counts its three months begun: 13 worker-months of 300.
    quota = _by_name(ranking[AwardCategory.VILLAGE_QUOTA])["Cikeruh"]
    assert quota.figures["months"] == 3 and quota.score == Decimal("4.33")


def test_agencies_are_ranked_by_the_share_of_their_civil_servants_and_by_workers(
    civil_servants, admin
):
    ranking = award_ranking(
        scope=scope_for_user(admin),
        regency="32.11",
        period=period_of(year=2026),
        categories=[AwardCategory.AGENCY_SHARE, AwardCategory.AGENCY_WORKERS],
        as_of=AS_OF,
    )
    share = _by_name(ranking[AwardCategory.AGENCY_SHARE])
    dinkes, dppkbp3a = (
        share["Dinas Kesehatan"],
        share[
            "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan "
            "Perlindungan Anak"
        ],
    )
    assert (dinkes.rank, dinkes.score, dinkes.figures["asn_count"]) == (1, Decimal(100), 1)
    assert (dppkbp3a.rank, dppkbp3a.score, dppkbp3a.figures["asn_protecting"]) == (
        2,
        Decimal(50),
        1,
    )
    # Setda's one civil servant protects nobody; Disnakertrans has none: no share, no rank.
    assert share["Sekretariat Daerah"].score == 0 and not share["Sekretariat Daerah"].is_winner
    assert share["Dinas Tenaga Kerja dan Transmigrasi"].rank is None
    assert ranking[AwardCategory.AGENCY_SHARE][-1].rank is None

    workers = ranking[AwardCategory.AGENCY_WORKERS]
    assert [(r.name, r.rank, r.score) for r in workers[:2]] == [
        ("Dinas Kesehatan", 1, Decimal(2)),
        (dppkbp3a.name, 2, Decimal(1)),
    ]
    assert workers[0].figures["worker_months"] == 2  # two workers for March
    # Two agencies with nobody protected share the third place.
    assert [r.rank for r in workers[2:]] == [3, 3]


def test_the_admin_computes_a_draft_publishes_it_and_it_no_longer_changes(villages, admin):
    scope = scope_for_user(admin)
    award = award_compute(
        actor=admin, scope=scope, region="32.11", **FIRST_QUARTER, today=AS_OF, winners=1
    )
    assert award.status == AwardStatus.DRAFT and award.title.endswith("Januari-Maret 2026")
    winners = AwardEntry.objects.filter(round=award, is_winner=True)
    assert sorted(winners.values_list("category", "name")) == [
        ("village_on_time", "Cikeruh"),
        ("village_quota", "Cikeruh"),
    ]
    # Until published, computing again replaces the draft (Gudang's workers now from January).
    Enrolment.objects.filter(sponsor=villages["gudang"]).update(first_month=JANUARY)
    again = award_recompute(actor=admin, scope=scope, award_id=award.pk, today=AS_OF)
    assert again.pk == award.pk
    gudang = AwardEntry.objects.get(round=award, category="village_quota", name="Gudang")
    assert gudang.figures["worker_months"] == 9

    published = award_publish(actor=admin, scope=scope, award_id=award.pk)
    assert published.status == AwardStatus.PUBLISHED and published.published_by == admin
    events = AuditEvent.objects.filter(object_type="award", object_id=str(award.pk))
    assert sorted(events.values_list("action", flat=True)) == [
        "award.compute",
        "award.compute",
        "award.publish",
    ]
    frozen = list(AwardEntry.objects.filter(round=award).values_list("name", "rank", "figures"))
    Enrolment.objects.filter(sponsor=villages["cikeruh"]).update(last_month=F("first_month"))
    with pytest.raises(InvalidState):
        award_recompute(actor=admin, scope=scope, award_id=award.pk, today=AS_OF)
    with pytest.raises(InvalidState):
        award_compute(actor=admin, scope=scope, region="32.11", **FIRST_QUARTER, today=AS_OF)
    with pytest.raises(InvalidState):
        award_publish(actor=admin, scope=scope, award_id=award.pk)
    assert list(AwardEntry.objects.filter(round=award).values_list("name", "rank", "figures")) == (
        frozen
    )


def test_only_the_regency_admin_computes_and_publishes_and_others_read_published_lists(
    villages, admin, demo_workers, bandung
):
    scope = scope_for_user(admin)
    award = award_compute(actor=admin, scope=scope, region="32.11", **FIRST_QUARTER, today=AS_OF)
    village = demo_workers["desa.cikeruh"]
    village_scope = scope_for_user(village)
    with pytest.raises(PermissionDenied):
        award_publish(actor=village, scope=village_scope, award_id=award.pk)
    with pytest.raises(PermissionDenied):
        award_compute(actor=village, scope=village_scope, region="32.11", year=2026)
    # A draft is the admin's alone; another regency's admin sees none of it.
    assert list(award_list(scope=village_scope)) == []
    other = scope_for_user(bandung["admin"])
    with pytest.raises(NotFound):
        award_publish(actor=bandung["admin"], scope=other, award_id=award.pk)
    with pytest.raises(NotFound):
        award_compute(actor=bandung["admin"], scope=other, region="32.11", year=2026)
    award_publish(actor=admin, scope=scope, award_id=award.pk)
    assert award_get(scope=village_scope, award_id=award.pk) == award
    assert award_get(scope=scope_for_user(demo_workers["asn.rina"]), award_id=award.pk)
    assert list(award_list(scope=other)) == []
    with pytest.raises(NotFound):
        award_get(scope=other, award_id=award.pk)
    with pytest.raises(NotFound):
        award_get(scope=scope_for_user(demo_workers["jaksa.sumedang"]), award_id=award.pk)


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"year": 1999}, "year"),
        ({"first_month": MARCH, "last_month": JANUARY}, "last_month"),
        ({"first_month": date(2025, 12, 1), "last_month": JANUARY}, "last_month"),
        ({"first_month": JANUARY}, "first_month"),
        ({"year": 2026, "categories": ["best_dressed"]}, "categories"),
        ({"year": 2026, "winners": 0}, "winners"),
        ({"year": 2027}, "first_month"),
    ],
)
def test_a_bad_period_or_category_names_its_field(admin, period, field):
    with pytest.raises(ValidationFailed) as refused:
        award_compute(
            actor=admin, scope=scope_for_user(admin), region="32.11", today=AS_OF, **period
        )
    assert refused.value.details["field"] == field


def test_a_list_with_no_winner_is_not_published(admin):
    scope = scope_for_user(admin)
    award = award_compute(
        actor=admin,
        scope=scope,
        region="32.11",
        year=2026,
        today=AS_OF,
        categories=["village_on_time"],
    )
    with pytest.raises(InvalidState):
        award_publish(actor=admin, scope=scope, award_id=award.pk)


def test_a_winner_gets_a_certificate_of_the_published_list_only(villages, admin, demo_workers):
    scope = scope_for_user(admin)
    award = award_compute(actor=admin, scope=scope, region="32.11", **FIRST_QUARTER, today=AS_OF)
    winner = AwardEntry.objects.get(round=award, category="village_quota", rank=1)
    with pytest.raises(NotFound):  # not published yet
        award_certificate(scope=scope, award_id=award.pk, entry_id=winner.pk)
    award_publish(actor=admin, scope=scope, award_id=award.pk)
    reader = scope_for_user(demo_workers["desa.gudang"])
    entry, content = award_certificate(scope=reader, award_id=award.pk, entry_id=winner.pk)
    assert content.startswith(b"%PDF-") and entry.name == "Cikeruh"
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Cikeruh" in text and "Kabupaten Sumedang" in text and "Bupati Sumedang" in text
    loser = AwardEntry.objects.filter(round=award, category="village_quota", is_winner=False)
    with pytest.raises(NotFound):
        award_certificate(scope=reader, award_id=award.pk, entry_id=loser.first().pk)


def test_the_public_sees_only_published_lists(villages, admin):
    scope = scope_for_user(admin)
    award = award_compute(actor=admin, scope=scope, region="32.11", **FIRST_QUARTER, today=AS_OF)
    assert public_awards("32.11.15.2001") == []
    award_publish(actor=admin, scope=scope, award_id=award.pk)
    assert public_awards("32.11") == [award] == public_awards("32")
    assert public_awards("32.04") == []


def test_the_command_computes_publishes_lists_and_prints_a_certificate(
    villages, admin, tmp_path, time_machine
):
    time_machine.move_to(AS_OF + timedelta(hours=10), tick=False)
    out = io.StringIO()
    call_command(
        "coverage",
        "awards",
        "compute",
        "--region",
        "32.11",
        "--from",
        "2026-01",
        "--to",
        "2026-03",
        "--winners",
        "2",
        "--as",
        "disnaker",
        stdout=out,
    )
    award = AwardEntry.objects.get(name="Cikeruh", category="village_quota").round
    assert f"#{award.pk}" in out.getvalue() and "Cikeruh" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("coverage", "awards", "publish", str(award.pk), "--as", "desa.cikeruh")
    call_command("coverage", "awards", "publish", str(award.pk), "--as", "disnaker", stdout=out)
    listed = io.StringIO()
    call_command("coverage", "awards", "list", "--as", "desa.gudang", stdout=listed)
    assert str(award.pk) in listed.getvalue() and "published" in listed.getvalue()
    winner = AwardEntry.objects.get(round=award, category="village_on_time", rank=1)
    target = tmp_path / "piagam.pdf"
    call_command(
        "coverage",
        "awards",
        "certificate",
        str(award.pk),
        str(winner.pk),
        "--output",
        str(target),
        "--as",
        "disnaker",
        stdout=out,
    )
    assert target.read_bytes().startswith(b"%PDF-")
