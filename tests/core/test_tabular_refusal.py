"""A file that breaks the rules of its import is refused whole by one function, whichever import
reads it (employers, coverage figures, payment statements, BPJS confirmations): the message lists
the first problems by line and field, each with the column as the file names it, and counts the
others; the details hold the problems for a page or an API client."""

import polars as pl
import pytest
from django.utils import translation

from lindungi.core.errors import ValidationFailed
from lindungi.core.tabular import DETAILED_PROBLEMS, SHOWN_PROBLEMS, file_refused

RULES = {"required": "must be filled in", "nik_length": "must have 16 digits"}
COLUMNS = {"nik": "No. NIK", "name": "Nama Lengkap"}


def problems(rows: list[tuple[int, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["line", "field", "rule"], orient="row")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_problems_are_listed_by_line_then_field_with_the_files_column_names():
    refused = file_refused(
        problems([(5, "nik", "nik_length"), (3, "nik", "required"), (3, "name", "required")]),
        columns=COLUMNS,
        rules=RULES,
    )
    assert isinstance(refused, ValidationFailed)
    assert refused.message == (
        "Nothing was written: the file breaks 3 rule(s). "
        "line 3, column “Nama Lengkap”: must be filled in; "
        "line 3, column “No. NIK”: must be filled in; "
        "line 5, column “No. NIK”: must have 16 digits"
    )
    assert refused.details == {
        "field": "file",
        "problems": [
            {"line": 3, "column": "Nama Lengkap", "field": "name", "rule": "required"},
            {"line": 3, "column": "No. NIK", "field": "nik", "rule": "required"},
            {"line": 5, "column": "No. NIK", "field": "nik", "rule": "nik_length"},
        ],
    }
    assert refused.code == "validation_failed"  # no case code given: the class's


def test_a_field_the_file_has_no_column_for_is_named_as_itself_and_the_case_code_is_kept():
    refused = file_refused(
        problems([(2, "reason", "required")]),
        columns={"reason": ""},
        rules=RULES,
        code="confirmation.file_rules_broken",
    )
    assert "line 2, column “reason”: must be filled in" in refused.message
    assert refused.details["problems"] == [
        {"line": 2, "column": "reason", "field": "reason", "rule": "required"}
    ]
    assert refused.code == "confirmation.file_rules_broken"
    assert ValidationFailed.code == "validation_failed"


def test_the_message_shows_the_first_twenty_and_counts_the_rest_the_details_stop_at_1000():
    many = problems([(line, "nik", "required") for line in range(1200 + 1, 1, -1)])
    refused = file_refused(many, columns=COLUMNS, rules=RULES, code="employer.file_rules_broken")
    assert SHOWN_PROBLEMS == 20
    assert DETAILED_PROBLEMS == 1000
    assert refused.message.startswith("Nothing was written: the file breaks 1200 rule(s). ")
    assert refused.message.count("column “No. NIK”") == 20
    assert "line 2, column" in refused.message
    assert "line 21, column" in refused.message
    assert "line 22, column" not in refused.message
    assert refused.message.endswith("must be filled in and 1180 more")
    listed = refused.details["problems"]
    assert len(listed) == 1000
    assert [problem["line"] for problem in listed] == list(range(2, 1002))


def test_exactly_twenty_problems_are_all_listed_without_a_count_of_more():
    refused = file_refused(
        problems([(line, "name", "required") for line in range(2, 22)]),
        columns=COLUMNS,
        rules=RULES,
    )
    assert refused.message.count("column “Nama Lengkap”") == 20
    assert "more" not in refused.message
