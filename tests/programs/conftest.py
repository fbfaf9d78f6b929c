"""A 2026 village program of the demo regency, with its village sponsor, ready to enrol: the
shared fixtures `village_program` and `cikeruh` of tests/conftest.py."""

import pytest

from tests.conftest import ENROLLED_ON

TODAY = ENROLLED_ON


@pytest.fixture(autouse=True)
def _in_english(in_english):
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""
