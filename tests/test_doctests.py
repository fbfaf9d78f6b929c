"""The examples in the pure modules' docstrings are tests too."""

import doctest
import importlib

import pytest

MODULES = [
    "lindungi.billing.rules",
    "lindungi.claims.benefits",
    "lindungi.claims.figures",
    "lindungi.claims.rules",
    "lindungi.core.uploads",
    "lindungi.compliance.expiry",
    "lindungi.compliance.inpres",
    "lindungi.compliance.referrals",
    "lindungi.config.database",
    "lindungi.contributions.ratebook",
    "lindungi.contributions.rules",
    "lindungi.core.masking",
    "lindungi.core.money",
    "lindungi.core.months",
    "lindungi.regions.codes",
    "lindungi.coverage.matching.priorities",
    "lindungi.coverage.matching.proposals",
    "lindungi.coverage.awards_certificate",
    "lindungi.coverage.rules",
    "lindungi.coverage.web.places",
    "lindungi.api.inputs",
    "lindungi.web.helpers",
    "lindungi.workers.naming",
    "lindungi.workers.nik",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0
    assert failed == 0
