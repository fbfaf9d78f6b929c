"""Statement lines that matched no bill, resolved by a human once: allocated to a bill (through
the payments' allocation), to be refunded, or not ours; each with a reason and an audit event."""

import pytest

from lindungi.billing.models import Allocation, LineOutcome, Payment, StatementLine
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.selectors.payments import statement_lines_unresolved_count
from lindungi.billing.services.statements import statement_line_resolve
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent

from .conftest import STATEMENT_DAY as TODAY
from .conftest import scope_of


def _resolve(user, statement, line, outcome, reason="checked with BPJS", **kwargs):
    return statement_line_resolve(
        actor=user,
        scope=scope_of(user),
        statement_id=statement.pk,
        line=line,
        outcome=outcome,
        reason=reason,
        today=TODAY,
        **kwargs,
    )


def test_a_line_allocated_to_a_bill_pays_it_through_a_payment_of_the_statement(
    admin, statement, gudang
):
    gudang_bill = statement["bills"][gudang.pk]
    assert statement_lines_unresolved_count(scope=scope_of(admin)) == 3
    done = _resolve(
        admin,
        statement["statement"],
        2,
        LineOutcome.ALLOCATED,
        reason="Desa Gudang paid 16.000, the rest follows",
        bill_number=gudang_bill.number,
    )
    payment = Payment.objects.get(statement=statement["statement"], line=2)
    assert (payment.sponsor_id, payment.amount, payment.allocated, payment.channel) == (
        gudang.pk,
        16_000,
        16_000,
        "statement",
    )
    assert Allocation.objects.get(payment=payment).bill_id == gudang_bill.pk
    assert bill_list(scope=scope_of(admin)).get(pk=gudang_bill.pk).paid == 16_000
    line = StatementLine.objects.get(statement=statement["statement"], line=2)
    assert (line.outcome, line.allocated_to_id, line.resolved_by_id) == (
        "allocated",
        gudang_bill.pk,
        admin.pk,
    )
    assert line.resolution == "Desa Gudang paid 16.000, the rest follows"
    assert line.resolved_at is not None and done.payment.allocated == 16_000
    event = AuditEvent.objects.get(action="statement_line.allocate")
    assert (event.details["line"], event.details["bill"]) == (2, gudang_bill.number)
    assert statement_lines_unresolved_count(scope=scope_of(admin)) == 2


def test_a_line_is_resolved_once(admin, demo_workers, statement):
    _resolve(admin, statement["statement"], 3, LineOutcome.NOT_OURS)
    with pytest.raises(InvalidState) as error:
        _resolve(demo_workers["bpjs.sumedang"], statement["statement"], 3, LineOutcome.REFUND)
    assert error.value.code == "statement_line.resolved"
    assert AuditEvent.objects.filter(action__startswith="statement_line.").count() == 1


def test_refund_and_not_ours_need_a_reason_and_write_no_payment(admin, demo_workers, statement):
    officer = demo_workers["bpjs.sumedang"]
    with pytest.raises(ValidationFailed) as error:
        _resolve(officer, statement["statement"], 5, LineOutcome.REFUND, reason="  ")
    assert error.value.details["field"] == "reason"
    _resolve(officer, statement["statement"], 5, LineOutcome.REFUND, reason="paid twice")
    _resolve(admin, statement["statement"], 3, LineOutcome.NOT_OURS, reason="Kab. Bandung's")
    assert Payment.objects.filter(statement=statement["statement"]).count() == 1  # line 4's
    assert dict(
        StatementLine.objects.filter(resolved_at__isnull=False).values_list("line", "outcome")
    ) == {5: "refund", 3: "not_ours"}
    assert set(
        AuditEvent.objects.filter(action__startswith="statement_line.").values_list(
            "action", flat=True
        )
    ) == {"statement_line.refund", "statement_line.not_ours"}


def test_a_paid_bill_or_an_unknown_one_is_refused(admin, statement, cikeruh):
    with pytest.raises(InvalidState) as paid:
        _resolve(
            admin,
            statement["statement"],
            5,
            LineOutcome.ALLOCATED,
            bill_number=statement["bills"][cikeruh.pk].number,
        )
    assert paid.value.code == "statement_line.bill_paid"
    with pytest.raises(NotFound) as unknown:
        _resolve(admin, statement["statement"], 3, LineOutcome.ALLOCATED, bill_number="TAG-X")
    assert unknown.value.details["field"] == "bill"
    assert not Payment.objects.filter(line__in=[3, 5]).exists()
    assert statement_lines_unresolved_count(scope=scope_of(admin)) == 3


def test_only_statement_handlers_of_the_region_resolve(demo_workers, bandung, statement):
    with pytest.raises(NotFound):  # another regency's statement looks absent
        _resolve(bandung["admin"], statement["statement"], 3, LineOutcome.NOT_OURS)
    with pytest.raises(NotFound):  # a village operator sees no statement
        _resolve(demo_workers["desa.cikeruh"], statement["statement"], 3, LineOutcome.NOT_OURS)
    with pytest.raises(PermissionDenied):  # the coordination team reads, does not resolve
        _resolve(demo_workers["tim.koordinasi"], statement["statement"], 3, LineOutcome.NOT_OURS)
    assert statement_lines_unresolved_count(scope=scope_of(bandung["admin"])) == 0
    assert statement_lines_unresolved_count(scope=scope_of(demo_workers["desa.cikeruh"])) == 0
