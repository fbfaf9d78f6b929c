"""Schemathesis against the OpenAPI document: no server error, every response as documented.

Every operation gets a bounded number of generated requests (hypothesis), valid and invalid
ones, sent in-process to the WSGI application with a bearer token of the regency admin and of
a village operator. The long run against a served demo (10,000+ requests, `--checks all`) is
in docs/fuzzing.md.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lindungi.accounts.services import token_create
from lindungi.config.wsgi import application

pytestmark = pytest.mark.django_db

# Per operation: (user, kind of data, examples). About 850 requests, about a minute on a
# loaded two-core machine; the long run is in docs/fuzzing.md.
PLAN = [
    ("disnaker", GenerationMode.POSITIVE, 4),
    ("disnaker", GenerationMode.NEGATIVE, 2),
    ("desa.cikeruh", GenerationMode.POSITIVE, 2),
    ("desa.cikeruh", GenerationMode.NEGATIVE, 1),
]
# The same requests on every run, so that CI is repeatable; FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") != "1"
# What must hold for every request. Not "schema-valid requests are accepted": the rules of the
# domain (a BPU income range, rates in force on a date) refuse requests the schema allows,
# with a 422 that names the rule.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_open():
    """Requests sent straight to the WSGI application would close the database connection
    at their end (and with it the test's transaction); Django's test client avoids this the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_answers_every_generated_request_as_documented(demo, connection_kept_open):
    tokens = {
        username: token_create(actor=None, user=demo[username], name="fuzz")
        for username in {username for username, _mode, _examples in PLAN}
    }
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation in operations:
        for username, mode, examples in PLAN:
            answers_as_documented(operation, tokens[username], mode, examples)


def answers_as_documented(operation, token: str, mode: GenerationMode, examples: int) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    def answers(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    answers()
