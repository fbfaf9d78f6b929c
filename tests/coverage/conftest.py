"""Enrolments to count: the billing tests' fixtures (demo regency Sumedang, its village program,
the villages Cikeruh and Gudang), and a clock at the start of February 2026."""

from datetime import date

import pytest

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.coverage.services import Taken, snapshot_take
from tests.billing.conftest import JANUARY

FEBRUARY = date(2026, 2, 1)
MARCH = date(2026, 3, 1)
TODAY = date(2026, 3, 10)


def take(month: date = JANUARY, actor: User | None = None, **options) -> Taken:
    return snapshot_take(month=month, actor=actor, today=TODAY, **options)


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""


@pytest.fixture
def superuser(demo_workers) -> User:
    return demo_workers["admin"]


@pytest.fixture
def everything(superuser):
    return scope_for_user(superuser)


@pytest.fixture
def protected(enrol, village_program, cikeruh, gudang):
    """5 workers of Cikeruh (32.11.15.2001) and 3 of Gudang (32.11.11.2001) protected by their
    villages from January 2026."""
    return {
        "cikeruh": enrol(village_program, cikeruh, 5),
        "gudang": enrol(village_program, gudang, 3),
    }
