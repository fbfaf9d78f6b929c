"""A civil servant protects a worker of her household by NIK: one already registered in the
regency (found, with her consent, nothing of theirs shown), one registered in the same step;
never a worker of another regency, never a month funded twice."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import Conflict, NotFound, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.programs.eligibility import refusals
from lindungi.programs.models import AsnConsent, EnrolmentStatus, Program
from lindungi.programs.services.asn import (
    asn_protect,
    asn_protect_by_nik,
    registered_in_regency,
)
from lindungi.programs.services.enrolling import candidate_of, rules_of
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.selectors import region_get, village_from_text
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list
from lindungi.workers.services import worker_create

from .conftest import TODAY

CIKERUH = "32.11.15.2001"


@pytest.fixture
def asn_program(demo_workers) -> Program:
    admin = demo_workers["disnaker"]
    return program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )


def _resident(program: Program, offset: int = 0) -> Worker:
    """An eligible, unprotected resident of Cikeruh, registered by the village operator."""
    rules = rules_of(program)
    eligible = [
        worker
        for worker in Worker.objects.filter(village_id=CIKERUH, added_by__username="desa.cikeruh")
        .select_related("village")
        .order_by("nik")[:40]
        if not refusals(rules, candidate_of(worker), on=TODAY, sponsor_village=None)
    ]
    return eligible[offset]


def test_a_worker_registered_in_the_regency_is_protected_by_nik_with_consent(
    demo_workers, asn_program
):
    rina = demo_workers["asn.rina"]
    scope = scope_for_user(rina)
    worker = _resident(asn_program)
    assert not worker_list(scope=scope).filter(pk=worker.pk).exists()  # not on her list

    enrolment = asn_protect_by_nik(
        actor=rina,
        scope=scope,
        program=asn_program,
        nik=f"{worker.nik[:6]} {worker.nik[6:]}",  # as typed, with a space
        name=f"  {worker.name.lower()} ",  # as on the KTP, in any case
        today=TODAY,
    )
    assert (enrolment.worker_id, enrolment.status) == (worker.pk, EnrolmentStatus.SUBMITTED)
    assert enrolment.sponsor.user == rina
    assert AsnConsent.objects.filter(sponsor__user=rina, worker=worker).exists()
    # The registry is not changed, and the worker is still not on her list of registrations.
    worker.refresh_from_db()
    assert worker.added_by.username == "desa.cikeruh"
    assert not worker_list(scope=scope).filter(pk=worker.pk).exists()
    searched = AuditEvent.objects.get(action="worker.search_nik", actor=rina)
    assert searched.details == {
        "nik": f"{worker.nik[:4]}••••••••{worker.nik[-4:]}",
        "where": "asn_protect",
    }


def test_another_name_under_the_nik_is_refused_without_telling_it(demo_workers, asn_program):
    rina = demo_workers["asn.rina"]
    worker = _resident(asn_program)
    with pytest.raises(ValidationFailed) as refused:
        asn_protect_by_nik(
            actor=rina,
            scope=scope_for_user(rina),
            program=asn_program,
            nik=worker.nik,
            name="Siapa Saja",
            today=TODAY,
        )
    assert refused.value.code == "worker.name_mismatch"
    assert refused.value.details["field"] == "name"
    assert worker.name not in refused.value.message
    assert not AsnConsent.objects.exists()
    # The attempt is on the trail although nothing was written.
    assert AuditEvent.objects.filter(action="worker.search_nik", actor=rina).count() == 1


def test_a_worker_of_another_regency_looks_absent(demo_workers, asn_program, bandung):
    rina = demo_workers["asn.rina"]
    scope = scope_for_user(rina)
    operator = bandung["village"]
    outsider = worker_create(
        actor=operator,
        scope=scope_for_user(operator),
        nik="3204054101900001",
        name="Nining Sumarni",
        village=region_get(code="32.04.05.2001"),
        occupation="asisten rumah tangga",
    )
    assert registered_in_regency(scope=scope, nik=outsider.nik) is None
    with pytest.raises(Conflict) as refused:
        asn_protect_by_nik(
            actor=rina,
            scope=scope,
            program=asn_program,
            nik=outsider.nik,
            name="Nining Sumarni",
            village=CIKERUH,
            occupation="asisten rumah tangga",
            today=TODAY,
        )
    assert refused.value.code == "worker.nik_taken"
    assert "outside your regency" in refused.value.message
    assert "Nining" not in refused.value.message and "32.04" not in refused.value.message
    assert not AsnConsent.objects.exists()
    # Nor can the worker object itself be handed to the service.
    with pytest.raises(NotFound):
        asn_protect(actor=rina, scope=scope, program=asn_program, worker=outsider, today=TODAY)


def test_an_unknown_nik_registers_the_worker_in_the_picked_village(demo_workers, asn_program):
    rina = demo_workers["asn.rina"]
    scope = scope_for_user(rina)
    with pytest.raises(ValidationFailed) as no_village:
        asn_protect_by_nik(
            actor=rina,
            scope=scope,
            program=asn_program,
            nik="3211155208850003",
            name="Euis Komariah",
            today=TODAY,
        )
    assert no_village.value.details["field"] == "village"
    enrolment = asn_protect_by_nik(
        actor=rina,
        scope=scope,
        program=asn_program,
        nik="3211155208850003",
        name="Euis Komariah",
        village="Cikeruh · Jatinangor · 32.11.15.2001",  # the picker's label
        occupation="asisten rumah tangga",
        today=TODAY,
    )
    worker = enrolment.worker
    assert (worker.village_id, worker.added_by, worker.category) == (CIKERUH, rina, "BPU")
    assert enrolment.status == EnrolmentStatus.SUBMITTED


def test_a_worker_already_protected_is_refused_no_month_funded_twice(demo_workers, asn_program):
    rina, dedi = demo_workers["asn.rina"], demo_workers["asn.dedi"]
    worker = _resident(asn_program)
    asn_protect_by_nik(
        actor=rina,
        scope=scope_for_user(rina),
        program=asn_program,
        nik=worker.nik,
        name=worker.name,
        today=TODAY,
    )
    for actor in (dedi, rina):  # another civil servant, or herself a second time
        with pytest.raises(Conflict) as refused:
            asn_protect_by_nik(
                actor=actor,
                scope=scope_for_user(actor),
                program=asn_program,
                nik=worker.nik,
                name=worker.name,
                today=TODAY,
            )
        assert refused.value.code == "enrolment.double_funded"
        assert refused.value.message == (
            "This worker is already protected for Jan 2026 to Dec 2026: "
            "a month is never funded twice"
        )
        assert "Rina" not in refused.value.message  # the other sponsor is not named
    assert AsnConsent.objects.filter(worker=worker).count() == 1


def test_a_village_is_named_by_code_by_label_or_by_a_name_only_one_village_bears(demo):
    scope = scope_for_user(demo["asn.rina"])
    for text in ("32.11.15.2001", "3211152001", "cikeruh", "Cikeruh · Jatinangor · 32.11.15.2001"):
        assert village_from_text(scope=scope, text=text).code == CIKERUH
    with pytest.raises(ValidationFailed) as several:
        village_from_text(scope=scope, text="Pamulihan")
    assert several.value.code == "region.ambiguous"
    assert "32.11.06.2012" in several.value.message and "32.11.13.2003" in several.value.message
    for text in ("32.04.05.2001", "Atlantis", "32.11.15"):
        with pytest.raises((NotFound, ValidationFailed)) as missing:
            village_from_text(scope=scope, text=text)
        assert missing.value.code == "region.not_found"
