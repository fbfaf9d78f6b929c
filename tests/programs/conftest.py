"""A 2026 village program of the demo regency, with its village sponsor, ready to enrol."""

from datetime import date

import pytest
from django.utils import translation

from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.models import Program, Sponsor
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get

TODAY = date(2026, 1, 10)


@pytest.fixture
def village_program(demo_workers) -> Program:
    admin = demo_workers["disnaker"]
    return program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="desa_100",
        year=2026,
    )


@pytest.fixture
def cikeruh(demo_workers) -> Sponsor:
    operator = demo_workers["desa.cikeruh"]
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code="32.11.15.2001"),
        decision_number="141/05/Musdes/2025",
        decision_date=date(2025, 12, 12),
    )


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""
    with translation.override("en"):
        yield
