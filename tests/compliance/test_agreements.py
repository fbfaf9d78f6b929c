import datetime as dt

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.agreements import agreement_create, agreement_extend
from lindungi.compliance.selectors import agreements_active, agreements_expiring
from lindungi.core.errors import Conflict, ValidationFailed
from lindungi.regions.selectors import region_get
from tests.compliance.conftest import pdf_file

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def agreements(demo, sumedang):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    made = {}
    for number, ends_on in [
        ("PKS/01", TODAY + dt.timedelta(days=30)),
        ("PKS/02", TODAY + dt.timedelta(days=120)),
        ("PKS/03", TODAY - dt.timedelta(days=1)),
        ("MOU/04", None),
        ("PKS/05", TODAY + dt.timedelta(days=90)),
    ]:
        made[number] = agreement_create(
            actor=admin,
            scope=scope,
            region=sumedang,
            kind=number.split("/")[0],
            number=number,
            title=f"Perlindungan pekerja rentan {number}",
            signed_on=dt.date(2025, 1, 2),
            starts_on=dt.date(2025, 1, 2),
            ends_on=ends_on,
            village=region_get(code="32.11.15.2001"),
            document=pdf_file("pks.pdf"),
        )
    return made


def test_agreements_ending_within_90_days_are_warned_soonest_first(demo, agreements):
    scope = scope_for_user(demo["tim.koordinasi"])
    expiring = agreements_expiring(scope=scope, within_days=90, today=TODAY)
    assert [a.number for a in expiring] == ["PKS/01", "PKS/05"]
    assert {a.number for a in agreements_active(scope=scope, on=TODAY)} == {
        "PKS/01",
        "PKS/02",
        "MOU/04",
        "PKS/05",
    }


def test_an_extended_agreement_is_no_longer_expiring(demo, agreements):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    agreement_extend(
        actor=admin, scope=scope, agreement=agreements["PKS/01"], ends_on=dt.date(2027, 12, 31)
    )
    assert [a.number for a in agreements_expiring(scope=scope, today=TODAY)] == ["PKS/05"]


def test_an_agreement_number_is_unique_and_its_period_ordered(demo, sumedang, agreements):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    common = {
        "actor": admin,
        "scope": scope,
        "region": sumedang,
        "kind": "PKS",
        "title": "X",
        "signed_on": TODAY,
    }
    with pytest.raises(Conflict):
        agreement_create(**common, number="PKS/01", starts_on=TODAY)
    with pytest.raises(ValidationFailed):
        agreement_create(
            **common, number="PKS/99", starts_on=TODAY, ends_on=TODAY - dt.timedelta(days=1)
        )
