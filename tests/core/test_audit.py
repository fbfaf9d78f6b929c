"""The audit trail: read only by auditing roles, only for their region, exported for auditors."""

import csv
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import PermissionDenied
from lindungi.core.models import AuditEvent
from lindungi.core.selectors import audit_list
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from lindungi.workers.services import worker_create, worker_update
from tests.conftest import client_for


@pytest.fixture
def events(demo, bandung):
    for operator, nik, village in [
        (demo["desa.cikeruh"], "3211151508900001", "32.11.15.2001"),
        (bandung["village"], "3204051508900001", "32.04.05.2001"),
    ]:
        worker_create(
            actor=operator,
            scope=scope_for_user(operator),
            nik=nik,
            name="Pekerja Uji",
            village=region_get(code=village),
        )
    return demo


def test_a_regional_admin_reads_only_their_regions_events(events, bandung):
    mine = audit_list(scope=scope_for_user(events["disnaker"]), action="worker.")
    assert [event.region_code for event in mine] == ["32.11.15.2001"]
    theirs = audit_list(scope=scope_for_user(bandung["admin"]), action="worker.create")
    assert [event.region_code for event in theirs] == ["32.04.05.2001"]
    everything = audit_list(scope=scope_for_user(events["admin"]), action="worker.create")
    assert everything.count() == 2


@pytest.mark.parametrize(
    "username", ["tim.koordinasi", "desa.cikeruh", "bpjs.sumedang", "asn.rina"]
)
def test_other_roles_do_not_read_the_trail(events, username):
    with pytest.raises(PermissionDenied):
        audit_list(scope=scope_for_user(events[username]))


def test_filters_by_day_actor_and_region(events):
    scope = scope_for_user(events["admin"])
    today = timezone.localdate()
    assert audit_list(scope=scope, since=today, actor="desa.cikeruh").count() == 1
    assert audit_list(scope=scope, until=today - timedelta(days=1), action="worker.").count() == 0
    assert audit_list(scope=scope, region="32.04", action="worker.").count() == 1


def test_the_export_for_an_auditor_is_complete_and_is_itself_recorded(events, tmp_path):
    out = tmp_path / "audit.csv"
    call_command("audit", "export", "--action", "worker.", "--out", str(out), stderr=StringIO())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(row["region_code"] for row in rows) == ["32.04.05.2001", "32.11.15.2001"]
    assert json.loads(rows[0]["details"])["fields"]
    recorded = AuditEvent.objects.get(action="audit.export")
    assert recorded.details["count"] == 2 and recorded.details["action"] == "worker."

    lines = StringIO()
    call_command(
        "audit", "export", "--as", "disnaker", "--format", "jsonl", stdout=lines, stderr=StringIO()
    )
    exported = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert {event["region_code"] for event in exported if event["action"] == "worker.create"} == {
        "32.11.15.2001"
    }


# Personal values never sit whole in the trail, nor come out of it whole.

FULL_PHONE, FULL_NIK = "081234567890", "3211151508900001"


def test_a_workers_changed_phone_and_birth_date_are_stored_masked(events):
    operator = events["desa.cikeruh"]
    worker = Worker.objects.get(nik=FULL_NIK)
    worker_update(
        actor=operator,
        scope=scope_for_user(operator),
        worker=worker,
        phone=FULL_PHONE,
        birth_date=date(1990, 8, 15),
    )
    event = AuditEvent.objects.get(action="worker.update")
    assert event.details["changed"]["phone"] == ["", "0812•••••890"]
    assert FULL_PHONE not in json.dumps(event.details)
    assert "1990-08-15" not in json.dumps(event.details)


def _stored_before_masking(events) -> AuditEvent:
    """An event as services wrote them before they masked: written around the service."""
    return AuditEvent.objects.create(
        actor=events["desa.cikeruh"],
        action="worker.update",
        object_type="worker",
        object_id="1",
        region_code="32.11.15.2001",
        details={
            "changed": {"phone": ["082111222333", FULL_PHONE], "birth_date": ["1990-08-15", ""]},
            "note": f"NIK {FULL_NIK}",
        },
    )


def test_events_stored_before_masking_are_masked_on_the_audit_page(events):
    _stored_before_masking(events)
    page = client_for(events["disnaker"]).get("/audit/", {"action": "worker."}).content.decode()
    assert "0812•••••890" in page
    for value in (FULL_PHONE, "082111222333", FULL_NIK, "1990-08-15"):
        assert value not in page


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_events_stored_before_masking_are_masked_in_the_export(events, tmp_path, form):
    _stored_before_masking(events)
    out = tmp_path / f"audit.{form}"
    call_command("audit", "export", "--format", form, "--out", str(out), stderr=StringIO())
    text = out.read_text(encoding="utf-8")
    assert "0812•••••890" in text
    for value in (FULL_PHONE, "082111222333", FULL_NIK, "1990-08-15"):
        assert value not in text
