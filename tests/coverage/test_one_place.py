"""Coverage's rules written once and called everywhere: a month is read alike by the pages, the
API and the command; a region's trail comes from `regions.codes`; a region outside the reader's
scope answers as the regions selector answers an unknown one; the figures' page offers exactly
what the import and snapshot services accept."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.http import Http404

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as api_month
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.months import parse_month
from lindungi.coverage import permissions
from lindungi.coverage.management.commands.coverage import _month as command_month
from lindungi.coverage.selectors import coverage_area
from lindungi.coverage.services import (
    denominators_import,
    participants_import,
    snapshot_take,
    targets_import,
)
from lindungi.coverage.web.places import codes_above, month_asked
from lindungi.regions.codes import district_of, province_of, regency_of
from lindungi.regions.selectors import region_get, region_not_found
from tests.conftest import client_for

TEXTS = [
    "2026-01",
    "2026-03-15",
    " 2026-04 ",
    "2026-13",
    "2026-1",
    "26-01",
    "2026-02-30",
    "1999-12",
    "٢٠٢٦-01",
    "2026/01",
]


def _read(read, text: str, refusal: type[Exception]):
    try:
        return read(text)
    except refusal:
        return None


@pytest.mark.parametrize("text", TEXTS)
def test_the_pages_the_api_and_the_command_read_a_month_alike(text):
    expected = parse_month(text)
    assert _read(month_asked, text, Http404) == expected
    assert _read(api_month, text, ValidationFailed) == expected
    assert _read(command_month, text, CommandError) == expected


@pytest.mark.parametrize("code", ["32.11.15.2001", "32.11.15", "32.11", "32", ""])
def test_the_trail_above_a_region_is_its_codes_above(code):
    above = [province_of(code), regency_of(code), district_of(code)]
    expected = ([""] if code else []) + [part for part in above if part and part != code]
    assert codes_above(code) == expected


def test_a_region_outside_the_scope_answers_as_an_unknown_region(bandung):
    scope = scope_for_user(bandung["admin"])
    with pytest.raises(NotFound) as outside:
        coverage_area(scope=scope, region="32.11")
    with pytest.raises(NotFound) as unknown:
        region_get(code="99.99")
    expected = region_not_found("32.11")
    assert outside.value.code == unknown.value.code == "region.not_found"
    assert (outside.value.message, outside.value.details) == (expected.message, expected.details)
    with pytest.raises(NotFound) as country:
        coverage_area(scope=scope, region="ID")
    assert country.value.code == "region.not_found"


IMPORTS = {
    permissions.DENOMINATORS: denominators_import,
    permissions.TARGETS: targets_import,
    permissions.PARTICIPANTS: participants_import,
}


@pytest.mark.parametrize(
    "username",
    ["disnaker", "desa.cikeruh", "opd.dppkbp3a", "asn.rina", "bpjs.sumedang", "tim.koordinasi"],
)
def test_the_figures_page_offers_what_the_services_accept(demo, username, tmp_path):
    user = demo[username]
    scope = scope_for_user(user)
    empty = Path(tmp_path / "empty.csv")
    empty.write_text("")
    accepted = set()
    for kind, load in IMPORTS.items():
        try:
            load(path=empty, actor=user, scope=scope)
        except PermissionDenied:
            continue
        except ValidationFailed:  # let in, refused for the empty file
            accepted.add(kind)
    try:
        snapshot_take(month=date(2000, 1, 1), actor=user, region_prefix=user.region_id)
    except PermissionDenied:
        snapshots = False
    else:
        snapshots = True
    response = client_for(user).get("/cakupan/data/")
    if not accepted:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert {key for key, _label, _template in response.context["kinds"]} == accepted
    assert response.context["may_snapshot"] is snapshots
