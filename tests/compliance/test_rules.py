"""The pure modules: their docstring examples, and the referral order step by step."""

import doctest
import importlib

import pytest

from lindungi.compliance import referrals
from lindungi.compliance.inpres import DUTIES


@pytest.mark.parametrize(
    "name",
    ["lindungi.compliance.inpres", "lindungi.compliance.referrals"],
)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0
    assert failed == 0


@pytest.mark.parametrize(
    ("current", "following", "allowed"),
    [
        (None, "sp1", True),
        (None, "sp2", False),
        ("sp1", "sp2", True),
        ("sp1", "referred", False),  # SP2 skipped
        ("sp2", "referred", True),
        ("sp2", "in_court", False),  # the prosecutor skipped
        ("referred", "in_court", True),
        ("sp1", "settled", True),  # paid after the first warning
        ("in_court", "closed", True),
        ("settled", "sp1", False),
        ("closed", "sp2", False),
        ("sp2", "sp1", False),
    ],
)
def test_the_referral_order(current, following, allowed):
    assert referrals.is_allowed(current, following) is allowed


def test_every_duty_names_its_basis_source_and_confidence():
    assert len({duty.key for duty in DUTIES}) == len(DUTIES)
    for duty in DUTIES:
        assert duty.legal_basis and duty.source
        assert duty.confidence in {"H", "M", "L"}
