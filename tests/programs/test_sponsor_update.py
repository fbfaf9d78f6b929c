"""Changing a sponsor writes only the fields given: a change another officer saved meanwhile
to another field is kept."""

from datetime import date

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.models import Sponsor
from lindungi.programs.services.sponsors import sponsor_create, sponsor_update
from lindungi.regions.selectors import region_get

pytestmark = pytest.mark.django_db


def test_a_change_of_one_field_keeps_what_another_officer_saved_meanwhile(demo):
    operator = demo["desa.cikeruh"]
    scope = scope_for_user(operator)
    sponsor = sponsor_create(
        actor=operator,
        scope=scope,
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
        decision_number="141/05/Musdes/2025",
        decision_date=date(2025, 12, 12),
    )
    first_read = Sponsor.objects.get(pk=sponsor.pk)
    sponsor_update(actor=operator, scope=scope, sponsor=sponsor, contact="0812 3456 7890")
    sponsor_update(actor=operator, scope=scope, sponsor=first_read, name="Desa Cikeruh")
    sponsor.refresh_from_db()
    assert (sponsor.name, sponsor.contact) == ("Desa Cikeruh", "0812 3456 7890")
