"""The audit trail reads in the user's language: every kind of event has a name, details their
labels and the user's formats; the codes stay in the stored trail and the auditor's export."""

import pytest

from lindungi.core.audit import Action, audit_record
from lindungi.web.audit_display import ACTIONS
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_every_kind_of_event_has_a_name():
    assert sorted(set(Action) - set(ACTIONS)) == []


def test_an_event_reads_as_words_and_indonesian_figures(demo):
    admin = demo["disnaker"]
    audit_record(
        actor=admin,
        action=Action.PAYMENT_RECORD,
        object_type="payment",
        object_id=498,
        region_code="32.11",
        details={"amount": 7459200, "paid_on": "2026-11-12", "channel": "tpp"},
    )
    audit_record(
        actor=admin,
        action=Action.USER_CREATE,
        object_type="user",
        object_id=12,
        details={"username": "desa.sukagalih", "role": "operator_desa", "agency": None},
    )
    page = client_for(admin).get("/audit/").content.decode()

    assert "Pembayaran dicatat" in page
    assert "Jumlah: 7.459.200" in page
    assert "Tanggal bayar: 12 Nov 2026" in page
    assert "payment.record" not in page.split('<select name="action"')[0]
    for code in ("operator_desa", "7459200", "2026-11-12", "user.create"):
        assert f">{code}<" not in page and f" {code};" not in page and f": {code}" not in page
