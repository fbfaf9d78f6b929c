"""One rule, one place: the pages and the API let in exactly the roles `billing.permissions`
names, for every role of the demo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.permissions import (
    may_bill,
    may_import_statements,
    may_record_payments,
    reads_region_billing,
)

DEMO_USERS = (
    "disnaker",
    "verifikator",
    "bpjs.sumedang",
    "tim.koordinasi",
    "opd.dppkbp3a",
    "asn.rina",
    "desa.cikeruh",
    "jaksa.sumedang",
    "admin",
)


@pytest.mark.parametrize("username", DEMO_USERS)
def test_pages_and_api_let_in_the_roles_the_predicates_name(demo, username):
    user = demo[username]
    scope = scope_for_user(user)
    client = Client()
    client.force_login(user)

    def allowed(status: int) -> bool:
        assert status in (200, 201, 302, 403, 404, 409, 422), status
        return status != 403

    region_pages = (client.get("/tunggakan/"), client.get("/pembayaran/rekening-koran/"))
    assert [allowed(page.status_code) for page in region_pages] == [reads_region_billing(scope)] * 2
    assert allowed(client.get("/tagihan/proses/").status_code) == may_bill(scope)
    assert allowed(client.post("/pembayaran/", {}).status_code) == may_record_payments(scope)
    statement = SimpleUploadedFile("laporan.csv", b"no_tagihan,jumlah,tanggal\n")
    imported = client.post("/api/v1/payments/statements", {"file": statement})
    assert allowed(imported.status_code) == may_import_statements(scope)
    run = client.post(
        "/api/v1/billing/runs",
        {"region_code": "32.11", "month": "2026-01"},
        content_type="application/json",
    )
    assert allowed(run.status_code) == may_bill(scope, "32.11")
