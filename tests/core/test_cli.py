"""Every `lindungi …` option that means nothing without another one is refused with its reason
(core/cli.py), never quietly ignored: the command exits 2 and names both options."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


def refusal(*args: str) -> str:
    with translation.override("en"), pytest.raises(CommandError) as refused:
        call_command(*args, stdout=StringIO())
    assert refused.value.returncode == 2
    return str(refused.value)


def test_a_contract_length_without_the_placement_stage_is_refused_not_priced_as_pre_placement():
    shown = refusal("contribution", "--category", "PMI", "--contract-months", "12")
    assert shown == (
        "--contract-months means nothing without --category PMI --stage placement: "
        "add --category PMI --stage placement or leave --contract-months out"
    )
    assert "--contract-months" in refusal(
        "contribution", "--category", "PMI", "--stage", "pre", "--contract-months", "12"
    )


@pytest.mark.parametrize(
    ("args", "option", "needs"),
    [
        (("--category", "PU", "--wage", "4000000", "--income", "1000000"), "--income", "BPU"),
        (("--category", "BPU", "--wage", "4000000"), "--wage", "--category PU"),
        (("--category", "BPU", "--risk", "sedang"), "--risk", "--category PU"),
        (("--category", "BPU", "--contract-value", "9"), "--contract-value", "JAKON"),
        (("--category", "JAKON", "--contract-value", "9", "--stage", "pre"), "--stage", "PMI"),
        (
            ("--category", "PU", "--wage", "4000000", "--programs", "JKM", "--risk", "sedang"),
            "--risk",
            "--programs JKK",
        ),
    ],
)
def test_a_basis_of_another_category_is_refused(args, option, needs):
    shown = refusal("contribution", *args)
    assert shown.startswith(f"{option} means nothing without") and needs in shown


def test_the_meaningful_contribution_options_still_compute():
    out = StringIO()
    call_command(
        "contribution",
        "--category",
        "PMI",
        "--stage",
        "placement",
        "--contract-months",
        "12",
        "--json",
        stdout=out,
    )
    assert '"total": 189000' in out.getvalue()


@pytest.mark.parametrize(
    ("args", "option", "needs"),
    [
        (("--type", "JKM", "--category", "BPU", "--income", "1000000"), "--income", "STMB"),
        (("--type", "JKM", "--category", "PU", "--months-paid", "2"), "--months-paid", "BPU"),
        (("--type", "STMB", "--category", "BPU", "--months-paid", "2"), "--months-paid", "JKM"),
        (("--type", "JKM", "--category", "BPU", "--months-off", "2"), "--months-off", "STMB"),
        (("--type", "JKM", "--category", "BPU", "--children", "1"), "--children", "BEASISWA"),
        (("--type", "STMB", "--category", "BPU", "--route", "JKK"), "--route", "BEASISWA"),
        (
            ("--type", "BEASISWA", "--category", "BPU", "--route", "JKK", "--months-paid", "9"),
            "--months-paid",
            "--route JKM",
        ),
        (("--type", "STMB", "--category", "PU", "--income", "1000000"), "--income", "BPU"),
    ],
)
def test_a_benefit_option_the_benefit_does_not_use_is_refused(args, option, needs):
    shown = refusal("benefit", *args)
    assert shown.startswith(f"{option} means nothing without") and needs in shown


def test_income_and_wage_together_are_refused():
    shown = refusal(
        "benefit", "--type", "STMB", "--category", "BPU", "--income", "1000000", "--wage", "2"
    )
    assert shown == "--income and --wage cannot be used together: leave one of them out"


def test_a_dry_run_cannot_leave_drafts():
    shown = refusal(
        "enrolments",
        "renew",
        "--sponsor",
        "1",
        "--year",
        "2027",
        "--as",
        "nobody",
        "--draft",
        "--dry-run",
    )
    assert shown.startswith("--draft and --dry-run cannot be used together")


def test_a_queued_snapshot_names_no_user():
    shown = refusal("coverage", "snapshot", "--enqueue", "--as", "admin")
    assert shown.startswith("--enqueue and --as cannot be used together")


def test_the_refusal_is_in_indonesian_by_default():
    with pytest.raises(CommandError) as refused:
        call_command("contribution", "--category", "PMI", "--contract-months", "12")
    assert "tidak berarti tanpa --category PMI --stage placement" in str(refused.value)
