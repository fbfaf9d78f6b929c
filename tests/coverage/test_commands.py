"""`lindungi coverage …`: thin commands over the services."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from lindungi.coverage.models import CoverageTarget, Denominator, SnapshotRun


@pytest.fixture(autouse=True)
def march(time_machine):
    time_machine.move_to(
        dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    )


def _call(*args):
    out = StringIO()
    call_command("coverage", *args, stdout=out)
    return out.getvalue()


def test_snapshot_takes_a_month_once(protected):
    assert _call("snapshot").startswith("2026-02 Indonesia: 8 protected")  # last month
    printed = _call("snapshot", "--month", "2026-01")
    assert printed.startswith("2026-01 Indonesia: 8 protected workers in 2 villages")
    assert "already taken for Indonesia" in _call("snapshot", "--month", "2026-01")
    assert "2026-01 32.11: 8 protected" in _call(
        "snapshot", "--month", "2026-01", "--region", "32.11", "--force", "--as", "admin"
    )
    assert set(SnapshotRun.objects.values_list("region_code", flat=True)) == {"", "32.11"}


def test_a_refusal_exits_with_status_2(protected):
    with pytest.raises(CommandError) as refused:
        _call("snapshot", "--month", "2026-01", "--region", "32.11", "--as", "desa.cikeruh")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError):
        _call("snapshot", "--month", "January")


def test_imports_report_what_they_wrote(demo, tmp_path):
    bases = tmp_path / "bases.csv"
    bases.write_text("region,year,value,source,date\n32.11,2024,397749,BPJS,2024-12-31\n")
    assert _call("denominators", str(bases), "--kind", "eligible", "--as", "disnaker") == (
        "1 row(s): 1 new, 0 replaced\n"
    )
    targets = tmp_path / "targets.csv"
    targets.write_text("region,year,percent,source\n32.11,2026,72,RPJMD\n32.04,2026,50,x\n")
    with pytest.raises(CommandError) as refused:
        _call("targets", str(targets), "--as", "disnaker")
    assert "line 3, column “region”: lies outside your area" in str(refused.value)
    assert Denominator.objects.count() == 1
    assert not CoverageTarget.objects.exists()
