import pytest

from lindungi.core.scopes import NO_SCOPE, Scope
from lindungi.regions.models import Region

REGENCY = Scope(user_id=1, role="admin_pemda", region_codes=("32.11",))


@pytest.mark.parametrize(
    ("code", "inside"),
    [
        ("32.11", True),
        ("32.11.15", True),
        ("32.11.15.2001", True),
        ("32.1", False),
        ("32.04.05.2001", False),
        ("32", False),
        ("32.110", False),  # a prefix match that is not a region boundary
    ],
)
def test_a_regency_scope_covers_its_own_regions_only(code, inside):
    assert REGENCY.covers_region(code) is inside


def test_nationwide_scope_covers_everything_and_no_scope_covers_nothing():
    nationwide = Scope(user_id=1, role="superuser", region_codes=None)
    assert nationwide.covers_region("11.01.01.2001")
    assert not NO_SCOPE.covers_region("32.11")


@pytest.mark.django_db
def test_region_filter_selects_exactly_the_regions_the_scope_covers():
    village = Scope(user_id=2, role="operator_desa", region_codes=("32.11.15.2001",))
    assert list(Region.objects.filter(village.region_q("code")).values_list("code", flat=True)) == [
        "32.11.15.2001"
    ]
    in_regency = Region.objects.filter(REGENCY.region_q("code"))
    assert in_regency.count() == 1 + 26 + 277  # Sumedang, its districts and its villages
    assert not Region.objects.filter(NO_SCOPE.region_q("code")).exists()
