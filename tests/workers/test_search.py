"""Searching the registry by NIK: a whole NIK or its masked form, never a part of one."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.regions.selectors import region_get
from lindungi.workers.search import looks_like_nik, search_parse
from lindungi.workers.selectors import worker_list
from lindungi.workers.services import worker_create

NIK = "3211155508900001"


@pytest.mark.parametrize(
    ("text", "nik", "masked", "nothing", "name"),
    [
        (NIK, NIK, "3211••••••••0001", False, ""),
        ("3211 1555 0890 0001", NIK, "3211••••••••0001", False, ""),
        ("3211••••••••0001", "", "3211••••••••0001", False, ""),
        ("3211********0001", "", "3211••••••••0001", False, ""),
        ("32111555", "", "", True, ""),  # the start of a NIK: no longer a search
        ("321115550890000", "", "", True, ""),  # one digit short
        ("3211155508900000", "", "", True, ""),  # 16 digits, serial 0000: no NIK
        ("Siti Aminah", "", "", False, "Siti Aminah"),
        ("", "", "", False, ""),
    ],
)
def test_a_search_is_a_nik_only_when_whole_or_masked(text, nik, masked, nothing, name):
    term = search_parse(text)
    assert (term.nik, term.masked, term.nothing, term.name) == (nik, masked, nothing, name)
    assert looks_like_nik(text) == bool(masked or nothing)


@pytest.mark.django_db
def test_the_start_of_a_nik_finds_nobody_for_any_role(demo):
    operator = demo["desa.cikeruh"]
    worker = worker_create(
        actor=operator,
        scope=scope_for_user(operator),
        nik=NIK,
        name="Siti Aminah",
        village=region_get(code="32.11.15.2001"),
    )
    for username in ("desa.cikeruh", "disnaker", "tim.koordinasi"):
        scope = scope_for_user(demo[username])
        for prefix in (NIK[:4], NIK[:8], NIK[:12], NIK[:15]):
            assert not worker_list(scope=scope, search=prefix).exists(), (username, prefix)
        assert list(worker_list(scope=scope, search=NIK)) == [worker]
        assert list(worker_list(scope=scope, search="3211••••••••0001")) == [worker]
        assert not worker_list(scope=scope, search="3211••••••••0002").exists()
        assert list(worker_list(scope=scope, search="siti")) == [worker]
