"""The monthly job: last month's snapshot of the whole country, as the system."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from lindungi.coverage.models import SnapshotRun
from lindungi.coverage.tasks import coverage_snapshot_task


@pytest.fixture(autouse=True)
def march(time_machine):
    time_machine.move_to(
        dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False
    )


def test_the_monthly_job_takes_last_month_once(protected):
    outcome = coverage_snapshot_task.call()
    assert {key: outcome[key] for key in ("month", "region", "is_new", "protected")} == {
        "month": "2026-02-01",
        "region": "",
        "is_new": True,
        "protected": 8,
    }
    assert coverage_snapshot_task.call()["is_new"] is False
    assert coverage_snapshot_task.call(month="2026-01", region="32.11")["region"] == "32.11"
    run = SnapshotRun.objects.get(month=dt.date(2026, 2, 1))
    assert (run.region_code, run.taken_by_id) == ("", None)


def test_the_command_hands_it_to_the_worker(protected):
    out = StringIO()
    call_command("coverage", "snapshot", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Queued ")
    # The test settings run tasks at once.
    assert SnapshotRun.objects.filter(month=dt.date(2026, 2, 1), region_code="").exists()
    with pytest.raises(CommandError) as refused:
        call_command("coverage", "snapshot", "--enqueue", "--as", "admin", stdout=StringIO())
    assert refused.value.returncode == 2
