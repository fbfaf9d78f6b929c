"""The examples in the pure modules' docstrings are tests too."""

import doctest
import importlib

import pytest

MODULES = [
    "lindungi.core.money",
    "lindungi.config.database",
    "lindungi.contributions.ratebook",
    "lindungi.contributions.rules",
    "lindungi.claims.benefits",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name))
    assert attempted > 0
    assert failed == 0
