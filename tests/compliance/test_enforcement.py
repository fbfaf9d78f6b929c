import datetime as dt

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.enforcement import (
    employer_create,
    employer_status_record,
    referral_advance,
    referral_open,
)
from lindungi.compliance.models import Employer, ReferralStep
from lindungi.compliance.selectors import (
    document_get,
    employer_list,
    referral_events,
    referral_get,
    referral_list,
    task_list,
)
from lindungi.core.errors import Conflict, InvalidState, PermissionDenied, ValidationFailed
from tests.compliance.conftest import pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(demo, sumedang) -> Employer:
    bpjs = demo["bpjs.sumedang"]
    return employer_create(
        actor=bpjs,
        scope=scope_for_user(bpjs),
        region=sumedang,
        nib="9120301234567",
        name="PT Tahu Sumedang Jaya",
        sector="10792 Industri tahu",
        workers=48,
        status="arrears",
        arrears=87_500_000,
    )


def test_an_employer_is_walked_from_sp1_to_the_prosecutor_and_settles(demo, employer):
    bpjs = demo["bpjs.sumedang"]
    scope = scope_for_user(bpjs)
    case = referral_open(
        actor=bpjs,
        scope=scope,
        employer=employer,
        day=dt.date(2026, 2, 2),
        reference="SP1/0012/2026",
        documents=[pdf_file("sp1.pdf")],
    )
    assert (case.step, case.arrears) == (ReferralStep.SP1, 87_500_000)
    case = referral_advance(
        actor=bpjs, scope=scope, referral=case, step="sp2", day=dt.date(2026, 2, 16)
    )
    case = referral_advance(
        actor=bpjs,
        scope=scope,
        referral=case,
        step="referred",
        day=dt.date(2026, 3, 2),
        skk_number="SKK-021/KC-SMD/2026",
        prosecutor_office="Kejaksaan Negeri Sumedang",
        documents=[pdf_file("skk.pdf", b"%PDF-1.7\nSKK\n")],
    )
    assert (case.step, case.skk_number) == ("referred", "SKK-021/KC-SMD/2026")
    case = referral_advance(
        actor=bpjs, scope=scope, referral=case, step="settled", day=dt.date(2026, 4, 20)
    )
    events = list(referral_events(scope=scope, referral_id=case.pk))
    assert [(e.step, e.happened_on) for e in events] == [
        ("sp1", dt.date(2026, 2, 2)),
        ("sp2", dt.date(2026, 2, 16)),
        ("referred", dt.date(2026, 3, 2)),
        ("settled", dt.date(2026, 4, 20)),
    ]
    assert events[2].reference == "SKK-021/KC-SMD/2026"
    assert [d.original_name for d in events[2].documents.all()] == ["skk.pdf"]
    # Settled: a new case may be opened later.
    referral_open(actor=bpjs, scope=scope, employer=employer, day=dt.date(2026, 9, 1))


def test_a_skipped_step_is_refused(demo, employer):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    case = referral_open(actor=admin, scope=scope, employer=employer, day=dt.date(2026, 2, 2))
    with pytest.raises(InvalidState) as refused:
        referral_advance(
            actor=admin,
            scope=scope,
            referral=case,
            step="referred",
            day=dt.date(2026, 3, 1),
            skk_number="SKK-1",
        )
    assert refused.value.details["allowed"] == ["sp2", "settled", "closed"]
    with pytest.raises(InvalidState):
        referral_advance(
            actor=admin, scope=scope, referral=case, step="in_court", day=dt.date(2026, 3, 1)
        )
    assert referral_get(scope=scope, referral_id=case.pk).step == "sp1"


def test_the_referral_needs_the_skk_and_steps_go_forward_in_time(demo, employer):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    case = referral_open(actor=admin, scope=scope, employer=employer, day=dt.date(2026, 2, 2))
    with pytest.raises(ValidationFailed) as refused:
        referral_advance(
            actor=admin, scope=scope, referral=case, step="sp2", day=dt.date(2026, 1, 30)
        )
    assert refused.value.details["field"] == "day"
    case = referral_advance(
        actor=admin, scope=scope, referral=case, step="sp2", day=dt.date(2026, 2, 20)
    )
    with pytest.raises(ValidationFailed) as refused:
        referral_advance(
            actor=admin, scope=scope, referral=case, step="referred", day=dt.date(2026, 3, 1)
        )
    assert refused.value.details["field"] == "skk_number"
    with pytest.raises(Conflict):
        referral_open(actor=admin, scope=scope, employer=employer, day=dt.date(2026, 3, 1))


def test_a_fully_registered_employer_gets_no_warning(demo, employer):
    bpjs = demo["bpjs.sumedang"]
    scope = scope_for_user(bpjs)
    employer_status_record(actor=bpjs, scope=scope, employer=employer, status="full", workers=50)
    with pytest.raises(InvalidState):
        referral_open(actor=bpjs, scope=scope, employer=employer, day=dt.date(2026, 2, 2))
    with pytest.raises(ValidationFailed):
        employer_status_record(actor=bpjs, scope=scope, employer=employer, status="arrears")


def test_the_prosecutor_reads_the_referrals_of_its_region_and_writes_nothing(
    demo, jaksa, employer, tasks, sumedang
):
    bpjs = demo["bpjs.sumedang"]
    other = employer_create(
        actor=bpjs,
        scope=scope_for_user(bpjs),
        region=sumedang,
        nib="9120301234568",
        name="CV Tanpa Kasus",
        status="not_registered",
    )
    case = referral_open(
        actor=bpjs,
        scope=scope_for_user(bpjs),
        employer=employer,
        day=dt.date(2026, 2, 2),
        documents=[pdf_file("sp1.pdf")],
    )
    scope = scope_for_user(jaksa)
    assert not scope.can_write
    assert list(referral_list(scope=scope)) == [case]
    assert list(employer_list(scope=scope)) == [employer]  # not `other`: no case
    document = referral_events(scope=scope, referral_id=case.pk)[0].documents.get()
    assert document_get(scope=scope, document_id=document.pk) == document
    assert task_list(scope=scope).count() == 0
    with pytest.raises(PermissionDenied):
        referral_advance(
            actor=jaksa, scope=scope, referral=case, step="sp2", day=dt.date(2026, 3, 1)
        )
    with pytest.raises(PermissionDenied):
        employer_status_record(actor=jaksa, scope=scope, employer=employer, status="full")
    with pytest.raises(PermissionDenied):
        employer_create(
            actor=jaksa, scope=scope, region=sumedang, nib="1" * 13, name="X", status="full"
        )
    assert other.pk not in employer_list(scope=scope).values_list("pk", flat=True)


def test_the_coordination_team_cannot_record_steps(demo, employer):
    team = demo["tim.koordinasi"]
    with pytest.raises(PermissionDenied):
        referral_open(
            actor=team, scope=scope_for_user(team), employer=employer, day=dt.date(2026, 2, 2)
        )


def test_an_nib_has_13_digits(demo, sumedang):
    admin = demo["disnaker"]
    with pytest.raises(ValidationFailed) as refused:
        employer_create(
            actor=admin,
            scope=scope_for_user(admin),
            region=sumedang,
            nib="91203012345",
            name="PT Pendek",
            status="full",
        )
    assert refused.value.details["field"] == "nib"
