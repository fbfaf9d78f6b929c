"""The village scheme end to end through the services."""

from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.models import EnrolmentStatus
from lindungi.programs.selectors import candidates, quota_fill
from lindungi.programs.services.batches import batch_create
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.transitions import enrolments_submit, enrolments_verify

from .conftest import TODAY


def test_village_enrols_its_residents_and_the_admin_verifies(
    demo_workers, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    scope = scope_for_user(operator)
    found = list(
        candidates(
            scope=scope, program=village_program, sponsor=cikeruh, first_month=TODAY.replace(day=1)
        )
    )
    assert len(found) >= 100
    chosen = found[:100]
    created = enrolments_create(
        actor=operator,
        scope=scope,
        program=village_program,
        sponsor=cikeruh,
        workers=chosen,
        today=TODAY,
    )
    assert len(created) == 100
    assert {e.monthly_amount for e in created} == {16_800}
    assert enrolments_submit(actor=operator, scope=scope, enrolments=created) == 100
    admin = demo_workers["disnaker"]
    assert (
        enrolments_verify(
            actor=admin, scope=scope_for_user(admin), enrolments=created, approve=True
        )
        == 100
    )
    batch = batch_create(actor=admin, scope=scope_for_user(admin), program=village_program)
    assert batch.enrolment_count == 100
    fill = quota_fill(program=village_program, sponsor=cikeruh)
    assert fill.held == 100
    assert fill.by_status[EnrolmentStatus.SENT] == 100
