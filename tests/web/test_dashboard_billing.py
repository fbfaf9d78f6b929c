"""The home page tells each sponsor what it owes and the regency's officers who is late."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.programs.models import Sponsor
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _home(user) -> str:
    client = client_for(user)
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_village_in_arrears_sees_what_is_overdue_and_its_reminders(demo_billed):
    late = overdue_sponsors(scope=scope_for_user(demo_billed["disnaker"]))[0].sponsor
    operator = demo_billed["desa.cikeruh"]
    # Cikeruh pays on time: nothing overdue, November's reminder shown.
    page = _home(operator)
    assert "Bills of Pemerintah Desa Cikeruh" in page
    assert 'data-testid="overdue-amount"' not in page
    assert 'data-testid="reminder"' in page
    # An operator of a late village sees the overdue amount.
    operator.region_id = late.region_id
    operator.save(update_fields=["region"])
    page = _home(operator)
    assert f"Bills of {late.name}" in page
    assert 'data-testid="overdue-amount"' in page
    assert Sponsor.objects.filter(region_id=late.region_id).exists()


def test_the_disnaker_sees_the_arrears_and_a_civil_servant_only_their_deduction(demo_billed):
    page = _home(demo_billed["disnaker"])
    assert 'data-queue="arrears" data-count="3"' in page
    assert 'data-testid="sponsor-due"' not in page
    page = _home(demo_billed["asn.rina"])
    assert 'data-queue="arrears"' not in page
    assert 'data-testid="sponsor-due"' not in page  # her TPP pays: no bill to pay
    assert 'data-testid="tpp-deduction"' in page
