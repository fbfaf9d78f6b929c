"""The rate tables in the database: seeded from the shipped file, versioned, never rewritten."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lindungi.contributions.calculator import quote_contribution
from lindungi.contributions.models import RateVersion
from lindungi.contributions.seed import read_seed_rows, shipped_rate_book
from lindungi.contributions.selectors import rate_book
from lindungi.contributions.services import rate_version_add
from lindungi.core.errors import Conflict, ValidationFailed
from lindungi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_migration_seeds_every_row_of_the_shipped_file():
    assert RateVersion.objects.count() == len(read_seed_rows())
    assert rate_book().rates() == shipped_rate_book().rates()


def test_every_rate_names_its_rule_and_confidence():
    for version in RateVersion.objects.all():
        assert version.rule.strip(), version.key
        assert version.confidence in {"H", "M", "L"}


def add_jp_cap_2026():
    return rate_version_add(
        actor=None,
        key="pu.jp.cap",
        value=11_086_300,
        berlaku_mulai=date(2026, 3, 1),
        rule="PP 45/2015 Pasal 29: batas upah JP Maret 2026",
        source="test",
        confidence="M",
    )


def jp_worker(on: date) -> int:
    result = quote_contribution(category="PU", on=on, wage=20_000_000, programs=["JP"])
    return result.lines[0].worker


def test_a_new_version_applies_from_its_day_and_the_past_never_changes():
    before = jp_worker(date(2026, 2, 28))
    assert jp_worker(date(2026, 3, 1)) == 105_474

    add_jp_cap_2026()

    assert jp_worker(date(2026, 2, 28)) == before == 105_474
    assert jp_worker(date(2026, 3, 1)) == 110_863
    previous = RateVersion.objects.get(key="pu.jp.cap", berlaku_mulai=date(2025, 3, 1))
    assert previous.berlaku_sampai == date(2026, 2, 28)
    assert AuditEvent.objects.filter(action="rate.add").count() == 1


def test_a_version_cannot_start_on_or_before_the_latest_one():
    add_jp_cap_2026()
    with pytest.raises(Conflict, match="harus dimulai setelah 2026-03-01"):
        rate_version_add(
            actor=None,
            key="pu.jp.cap",
            value=1,
            berlaku_mulai=date(2025, 6, 1),
            rule="rewriting history",
        )


def test_an_unknown_rate_or_a_rule_without_a_name_is_refused():
    with pytest.raises(ValidationFailed, match="tidak dikenal"):
        rate_version_add(
            actor=None, key="bpu.jkk.ratee", value="0.02", berlaku_mulai=date(2027, 1, 1), rule="x"
        )
    with pytest.raises(ValidationFailed, match="aturannya"):
        rate_version_add(
            actor=None, key="bpu.jkk.rate", value="0.02", berlaku_mulai=date(2027, 1, 1), rule=" "
        )


def test_rates_command_lists_and_adds():
    out = StringIO()
    call_command(
        "rates",
        "add",
        "pu.jp.cap",
        "11086300",
        "--from",
        "2026-03-01",
        "--rule",
        "PP 45/2015 Pasal 29",
        "--confidence",
        "M",
        stdout=out,
    )
    assert "pu.jp.cap 2026-03-01" in out.getvalue()
    listing = StringIO()
    call_command("rates", "list", "--key", "pu.jp.cap", stdout=listing)
    assert listing.getvalue().count("pu.jp.cap") == 5
    with pytest.raises(CommandError):
        call_command("rates", "add", "pu.jp.cap", "1", "--from", "2020-01-01", "--rule", "x")
    assert json.loads("11086300") == RateVersion.objects.latest("berlaku_mulai").value
