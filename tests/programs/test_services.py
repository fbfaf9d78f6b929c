"""Enrolment rules enforced by the services and, underneath them, by the database."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import InvalidState, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.selectors import candidates, enrolment_list, sponsor_list
from lindungi.programs.services.asn import asn_protect, consent_withdraw
from lindungi.programs.services.batches import batch_create
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import (
    enrolment_end,
    enrolments_cancel,
    enrolments_submit,
    enrolments_verify,
)
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from lindungi.workers.services import worker_create

from .conftest import TODAY


def _residents(user, program, sponsor, count):
    found = candidates(
        scope=scope_for_user(user), program=program, sponsor=sponsor, first_month=date(2026, 1, 1)
    )
    return list(found[:count])


def _enrol(user, program, sponsor, workers, **kwargs):
    return enrolments_create(
        actor=user,
        scope=scope_for_user(user),
        program=program,
        sponsor=sponsor,
        workers=workers,
        today=TODAY,
        **kwargs,
    )


def test_second_sponsor_for_same_month_is_refused_naming_the_first(
    demo_workers, village_program, cikeruh
):
    operator, admin = demo_workers["desa.cikeruh"], demo_workers["disnaker"]
    worker = _residents(operator, village_program, cikeruh, 1)[0]
    _enrol(operator, village_program, cikeruh, [worker])
    donor = sponsor_create(
        actor=admin,
        scope=scope_for_user(admin),
        kind="DONATUR",
        name="Yayasan Peduli Sumedang",
        region=region_get(code="32.11"),
    )
    donor_program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
        name="Donatur Peduli 2026",
        sponsor_kinds=["DONATUR"],
        must_live_in_sponsor_village=False,
        start_month=date(2026, 6, 1),
        months=3,
    )
    with pytest.raises(ValidationFailed) as refused:
        _enrol(admin, donor_program, donor, [worker])
    assert "Pemerintah Desa Cikeruh" in refused.value.message
    assert "Jun 2026" not in refused.value.message  # it names the first sponsor's months
    assert "Jan 2026" in refused.value.message
    assert Enrolment.objects.filter(sponsor=donor).count() == 0


def test_the_database_refuses_overlapping_months_even_past_the_services(
    demo_workers, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    (first,) = _enrol(
        operator, village_program, cikeruh, _residents(operator, village_program, cikeruh, 1)
    )
    now = timezone.now()
    twin = Enrolment(
        worker=first.worker,
        program=village_program,
        sponsor=cikeruh,
        first_month=date(2026, 12, 1),
        last_month=date(2027, 2, 1),
        monthly_amount=16_800,
        funding_source="APBD",
        created_at=now,
        updated_at=now,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # After the first one's months it is allowed, and a rejected enrolment frees its months.
    twin.first_month = date(2027, 1, 1)
    twin.save()
    Enrolment.objects.filter(pk=first.pk).update(status=EnrolmentStatus.REJECTED)
    twin.first_month = date(2026, 5, 1)
    twin.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.filter(pk=first.pk).update(status=EnrolmentStatus.DRAFT)


def test_ineligible_workers_are_named_with_every_rule_and_nothing_is_written(
    demo_workers, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    scope = scope_for_user(operator)
    eligible = _residents(operator, village_program, cikeruh, 2)
    old = worker_create(
        actor=operator,
        scope=scope,
        nik="3211150101500001",
        name="Aki Karta",
        village=region_get(code="32.11.15.2001"),
        occupation="petani",
    )
    with pytest.raises(ValidationFailed) as refused:
        _enrol(operator, village_program, cikeruh, [*eligible, old])
    assert "Aki Karta" in refused.value.message
    assert "76" in refused.value.message and "65" in refused.value.message
    assert refused.value.details["refused"][0]["nik"].startswith("3211")
    assert "0101" not in refused.value.details["refused"][0]["nik"]  # masked
    assert Enrolment.objects.count() == 0


def test_a_village_operator_enrols_only_residents_for_their_own_village(
    demo_workers, village_program, cikeruh
):
    gudang = demo_workers["desa.gudang"]
    with pytest.raises(PermissionDenied):
        _enrol(gudang, village_program, cikeruh, _residents(gudang, village_program, cikeruh, 1))
    operator = demo_workers["desa.cikeruh"]
    outsider = Worker.objects.filter(village_id="32.11.11.2001").first()
    with pytest.raises(ValidationFailed) as refused:
        _enrol(operator, village_program, cikeruh, [outsider])
    assert "not in your list of workers" in refused.value.message


def test_nobody_verifies_what_they_submitted_themself(demo_workers, village_program):
    admin = demo_workers["disnaker"]
    scope = scope_for_user(admin)
    gudang = sponsor_create(
        actor=admin,
        scope=scope,
        kind="DESA",
        name="Pemerintah Desa Gudang",
        region=region_get(code="32.11.11.2001"),
    )
    drafts = _enrol(admin, village_program, gudang, _residents(admin, village_program, gudang, 3))
    enrolments_submit(actor=admin, scope=scope, enrolments=drafts)
    with pytest.raises(PermissionDenied):
        enrolments_verify(actor=admin, scope=scope, enrolments=drafts, approve=True)
    operator = demo_workers["desa.gudang"]
    with pytest.raises(PermissionDenied):
        enrolments_verify(
            actor=operator, scope=scope_for_user(operator), enrolments=drafts, approve=True
        )


def test_returned_enrolments_go_back_to_the_maker_with_the_reason(
    demo_workers, village_program, cikeruh
):
    operator, admin = demo_workers["desa.cikeruh"], demo_workers["disnaker"]
    drafts = _enrol(
        operator, village_program, cikeruh, _residents(operator, village_program, cikeruh, 2)
    )
    enrolments_submit(actor=operator, scope=scope_for_user(operator), enrolments=drafts)
    with pytest.raises(ValidationFailed):
        enrolments_verify(
            actor=admin, scope=scope_for_user(admin), enrolments=drafts, approve=False
        )
    enrolments_verify(
        actor=admin,
        scope=scope_for_user(admin),
        enrolments=drafts,
        approve=False,
        reason="Lampirkan berita acara musdes",
    )
    returned = Enrolment.objects.filter(pk__in=[e.pk for e in drafts])
    assert {(e.status, e.returned_reason) for e in returned} == {
        (EnrolmentStatus.DRAFT, "Lampirkan berita acara musdes")
    }
    with pytest.raises(InvalidState):  # already back with the maker
        enrolments_verify(actor=admin, scope=scope_for_user(admin), enrolments=drafts, approve=True)
    assert AuditEvent.objects.filter(action="enrolment.return", details__count=2).exists()


def test_cancelled_drafts_free_the_worker_for_another_sponsor(
    demo_workers, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    drafts = _enrol(
        operator, village_program, cikeruh, _residents(operator, village_program, cikeruh, 1)
    )
    enrolments_cancel(actor=operator, scope=scope_for_user(operator), enrolments=drafts)
    again = _enrol(operator, village_program, cikeruh, [drafts[0].worker])
    assert again[0].status == EnrolmentStatus.DRAFT


def test_ending_an_active_enrolment_frees_the_later_months(demo_workers, village_program, cikeruh):
    operator, admin = demo_workers["desa.cikeruh"], demo_workers["disnaker"]
    drafts = _enrol(
        operator, village_program, cikeruh, _residents(operator, village_program, cikeruh, 1)
    )
    Enrolment.objects.filter(pk=drafts[0].pk).update(
        status=EnrolmentStatus.ACTIVE, kpj="26011234567"
    )
    drafts[0].refresh_from_db()
    ended = enrolment_end(
        actor=admin,
        scope=scope_for_user(admin),
        enrolment=drafts[0],
        reason="died",
        last_month=date(2026, 3, 20),
    )
    assert (ended.status, ended.last_month) == (EnrolmentStatus.ENDED, date(2026, 3, 1))
    later = _enrol(
        operator, village_program, cikeruh, [drafts[0].worker], first_month=date(2026, 4, 1)
    )
    assert later[0].first_month == date(2026, 4, 1)


def test_quota_at_most_is_a_hard_limit(demo_workers, cikeruh):
    admin, operator = demo_workers["disnaker"], demo_workers["desa.cikeruh"]
    small = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
        name="Percontohan 2026",
        quota_per_sponsor=2,
        quota_rule="at_most",
    )
    with pytest.raises(ValidationFailed) as refused:
        _enrol(operator, small, cikeruh, _residents(operator, small, cikeruh, 3))
    assert "at most 2" in refused.value.message


def test_budget_is_never_exceeded(demo_workers, cikeruh):
    admin, operator = demo_workers["disnaker"], demo_workers["desa.cikeruh"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
        name="Anggaran terbatas 2026",
        budget=16_800 * 12 * 2,
    )
    _enrol(operator, program, cikeruh, _residents(operator, program, cikeruh, 2))
    with pytest.raises(ValidationFailed) as refused:
        _enrol(operator, program, cikeruh, _residents(operator, program, cikeruh, 1))
    assert "Rp 403.200" in refused.value.message


def test_batches_take_only_verified_enrolments_and_only_the_regency_sends_them(
    demo_workers, village_program, cikeruh
):
    operator, admin = demo_workers["desa.cikeruh"], demo_workers["disnaker"]
    with pytest.raises(InvalidState):
        batch_create(actor=admin, scope=scope_for_user(admin), program=village_program)
    drafts = _enrol(
        operator, village_program, cikeruh, _residents(operator, village_program, cikeruh, 3)
    )
    enrolments_submit(actor=operator, scope=scope_for_user(operator), enrolments=drafts[:2])
    enrolments_verify(actor=admin, scope=scope_for_user(admin), enrolments=drafts[:2], approve=True)
    with pytest.raises(PermissionDenied):
        batch_create(actor=operator, scope=scope_for_user(operator), program=village_program)
    batch = batch_create(actor=admin, scope=scope_for_user(admin), program=village_program)
    assert batch.number.startswith("LND-3211-")
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses[drafts[0].pk] == statuses[drafts[1].pk] == EnrolmentStatus.SENT
    assert statuses[drafts[2].pk] == EnrolmentStatus.DRAFT


def test_an_asn_protects_a_household_worker_with_recorded_consent(demo_workers):
    admin, asn = demo_workers["disnaker"], demo_workers["asn.rina"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )
    scope = scope_for_user(asn)
    helper = worker_create(
        actor=asn,
        scope=scope,
        nik="3211155208850003",
        name="Euis Komariah",
        village=region_get(code="32.11.15.2001"),
        occupation="asisten rumah tangga",
    )
    enrolment = asn_protect(actor=asn, scope=scope, program=program, worker=helper, today=TODAY)
    assert enrolment.status == EnrolmentStatus.SUBMITTED
    (sponsor,) = sponsor_list(scope=scope)
    assert (sponsor.kind, sponsor.nip, sponsor.funding_source) == ("ASN", asn.nip, "TPP")
    (consent,) = sponsor.consents.all()
    assert (consent.first_month, consent.monthly_amount) == (TODAY.replace(day=1), 16_800)
    assert AuditEvent.objects.filter(action="consent.give", actor=asn).exists()
    # Withdrawn in March: deducted through March, not from April; the enrolment is cancelled
    # (BPJS never activated it) and frees the worker.
    consent_withdraw(actor=asn, scope=scope, consent=consent, today=date(2026, 3, 5))
    consent.refresh_from_db()
    assert consent.last_month == date(2026, 3, 1) and consent.withdrawn_at is not None
    assert enrolment_list(scope=scope).get().status == EnrolmentStatus.CANCELLED


def test_a_civil_servant_sees_only_their_own_sponsorship(demo_workers, make_user):
    admin = demo_workers["disnaker"]
    other = make_user("asn.budi", Role.ASN, "32.11", agency=demo_workers["asn.rina"].agency)
    other.nip = "199001012015031001"
    other.save()
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )
    helper = worker_create(
        actor=other,
        scope=scope_for_user(other),
        nik="3211151203800004",
        name="Ujang Sopandi",
        village=region_get(code="32.11.15.2001"),
        occupation="sopir",
    )
    asn_protect(
        actor=other, scope=scope_for_user(other), program=program, worker=helper, today=TODAY
    )
    rina = scope_for_user(demo_workers["asn.rina"])
    assert not sponsor_list(scope=rina).exists()
    assert not enrolment_list(scope=rina).exists()
    assert enrolment_list(scope=scope_for_user(demo_workers["opd.dppkbp3a"])).count() == 0
    assert enrolment_list(scope=scope_for_user(admin)).count() == 1


def test_a_civil_servant_sponsor_takes_agency_and_nip_from_the_account_whoever_asks(demo):
    """Nobody, not even the regional admin, registers a civil servant's TPP sponsor under
    another agency or with another civil servant's NIP."""
    rina, dedi, admin = demo["asn.rina"], demo["asn.dedi"], demo["disnaker"]
    regency = region_get(code="32.11")
    for actor in (rina, admin):
        with pytest.raises(ValidationFailed) as refused:
            sponsor_create(
                actor=actor,
                scope=scope_for_user(actor),
                kind="ASN",
                name="Rina Kurniasih",
                region=regency,
                agency=dedi.agency,
                user=rina,
            )
        assert refused.value.details["field"] == "agency"
        with pytest.raises(ValidationFailed) as refused:
            sponsor_create(
                actor=actor,
                scope=scope_for_user(actor),
                kind="ASN",
                name="Rina Kurniasih",
                region=regency,
                user=rina,
                nip=dedi.nip,
            )
        assert refused.value.details["field"] == "nip"
    assert not sponsor_list(scope=scope_for_user(admin)).filter(kind="ASN").exists()
    sponsor = sponsor_create(
        actor=rina, scope=scope_for_user(rina), kind="ASN", name="Rina", region=regency, user=rina
    )
    assert (sponsor.agency_id, sponsor.nip) == (rina.agency_id, rina.nip)
