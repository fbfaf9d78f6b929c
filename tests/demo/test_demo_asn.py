"""The demo civil servants' path: one protects a worker the village had registered, found by
NIK; each one's page shows the deduction their agency's TPP list shows."""

import re

from django.utils import timezone

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.selectors.tpp import tpp_deductions
from lindungi.core.months import month_start
from lindungi.programs.models import Enrolment, EnrolmentStatus
from tests.conftest import client_for


def test_a_demo_civil_servant_protects_a_worker_the_village_registered(demo_full):
    enrolment = Enrolment.objects.select_related("worker__added_by").get(
        sponsor__user=demo_full["asn.yani"]
    )
    assert enrolment.worker.added_by.username == "desa.sukagalih"
    assert enrolment.worker.village_id == "32.11.17.2005"
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_each_demo_civil_servants_page_shows_the_tpp_lists_amount(demo_billed):
    admin = demo_billed["disnaker"]
    month = month_start(timezone.localdate())
    amounts = {}
    for login in ("asn.rina", "asn.dedi", "asn.yani", "asn.hendra"):
        user = demo_billed[login]
        listed = tpp_deductions(scope=scope_for_user(admin), agency=user.agency, month=month)
        amount = sum(row.amount for row in listed.rows if row.nip == user.nip)
        page = client_for(user).get("/asn/").content.decode()
        (shown,) = re.findall(r'<h3 data-testid="deduction">Rp ([\d.]+)</h3>', page)
        assert int(shown.replace(".", "")) == amount, login
        amounts[login] = amount
    assert amounts["asn.rina"] == 16_800
    assert amounts["asn.hendra"] == 0  # he withdrew his consent in August
