import pytest

from lindungi.core.errors import NotFound
from lindungi.regions.selectors import (
    region_ancestors,
    region_children,
    region_counts_within,
    region_get,
    region_search,
)

pytestmark = pytest.mark.django_db


def test_region_by_code_and_missing_code():
    assert region_get(code="32.11").name == "Kabupaten Sumedang"
    with pytest.raises(NotFound):
        region_get(code="99.99")


def test_children_of_a_regency_are_its_districts_in_code_order():
    districts = list(region_children(code="32.11"))
    assert len(districts) == 26
    assert (districts[0].code, districts[0].name) == ("32.11.01", "Wado")


def test_search_by_name_ignores_case_and_finds_the_regency_first():
    found = list(region_search(query="sumedang"))
    assert found[0].code == "32.11"
    assert {"32.11.17", "32.11.18"} <= {region.code for region in found}


def test_search_by_code_prefix():
    assert [region.code for region in region_search(query="32.11.15.20", limit=3)] == [
        "32.11.15.2001",
        "32.11.15.2002",
        "32.11.15.2003",
    ]


def test_ancestors_run_from_province_down():
    village = region_get(code="32.11.15.2001")
    assert [region.code for region in region_ancestors(region=village)] == [
        "32",
        "32.11",
        "32.11.15",
    ]


def test_counts_within_a_regency():
    assert region_counts_within(code="32.11") == {"district": 26, "village": 277}
