import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.inpres import DUTIES
from lindungi.compliance.models import InpresTask, TaskChange, TaskStatus
from lindungi.compliance.selectors import document_get, task_get, task_history, task_list
from lindungi.compliance.services import task_create, task_delete, task_update, tasks_seed
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from tests.compliance.conftest import PNG, pdf_file

pytestmark = pytest.mark.django_db


def test_the_checklist_is_seeded_from_the_regulations_once(demo, sumedang, tasks):
    assert [task.key for task in tasks] == [duty.key for duty in DUTIES]
    by_key = {task.key: task for task in tasks}
    assert "RKPD" in by_key["budget"].duty
    assert "842.2/5193/SJ" in by_key["budget"].legal_basis
    assert by_key["licensing_procurement"].confidence == "L"
    assert all(task.status == TaskStatus.NOT_STARTED for task in tasks)
    admin = demo["disnaker"]
    assert tasks_seed(actor=admin, scope=scope_for_user(admin), region=sumedang) == []
    assert InpresTask.objects.filter(region=sumedang).count() == len(DUTIES)


def test_two_updates_leave_two_history_rows_with_before_and_after(demo, tasks):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    agency = Agency.objects.get(region_id="32.11", code="dppkbp3a")
    task = tasks[1]
    task_update(actor=admin, scope=scope, task=task, status=TaskStatus.IN_PROGRESS, agency=agency)
    task_update(
        actor=admin,
        scope=scope,
        task=task,
        status=TaskStatus.DONE,
        due_date=dt.date(2026, 12, 31),
        evidence_link="https://jdih.sumedangkab.go.id/perbup-2026.pdf",
    )
    changes = [c for c in task_history(scope=scope, task_id=task.pk) if c.action == "update"]
    assert len(changes) == 2
    assert changes[0].changes == {
        "status": ["not_started", "in_progress"],
        "agency": [None, agency.name],
    }
    assert changes[1].changes["status"] == ["in_progress", "done"]
    assert changes[1].changes["due_date"] == [None, "2026-12-31"]
    assert all(change.changed_by == admin for change in changes)
    assert AuditEvent.objects.filter(action="inpres_task.update", object_id=task.pk).count() == 2


def test_an_update_that_changes_nothing_leaves_no_history(demo, tasks):
    admin = demo["disnaker"]
    task_update(actor=admin, scope=scope_for_user(admin), task=tasks[0], status="not_started")
    assert not TaskChange.objects.filter(task=tasks[0], action="update").exists()


def test_evidence_is_a_checked_document_or_a_web_link(demo, tasks, media):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    task = task_update(actor=admin, scope=scope, task=tasks[0], evidence_file=pdf_file())
    assert task.evidence is not None
    assert task.evidence.content_type == "application/pdf"
    assert (media / task.evidence.file.name).is_file()
    assert document_get(scope=scope, document_id=task.evidence.pk) == task.evidence
    liar = SimpleUploadedFile("perbup.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationFailed) as refused:
        task_update(actor=admin, scope=scope, task=tasks[0], evidence_file=liar)
    assert refused.value.details["rule"] == "not_allowed_type"
    renamed = SimpleUploadedFile("foto.pdf", PNG, "application/pdf")
    with pytest.raises(ValidationFailed) as refused:
        task_update(actor=admin, scope=scope, task=tasks[0], evidence_file=renamed)
    assert refused.value.details["rule"] == "name_mismatch"
    with pytest.raises(ValidationFailed):
        task_update(actor=admin, scope=scope, task=tasks[0], evidence_link="javascript:alert(1)")


def test_a_document_above_the_limit_is_refused(demo, tasks, settings):
    settings.COMPLIANCE_UPLOAD_MAX_BYTES = 100
    admin = demo["disnaker"]
    big = pdf_file(content=b"%PDF-1.4\n" + b"0" * 200)
    with pytest.raises(ValidationFailed) as refused:
        task_update(actor=admin, scope=scope_for_user(admin), task=tasks[0], evidence_file=big)
    assert refused.value.details["rule"] == "too_large"


def test_a_task_is_deleted_by_marking_it_not_applicable(demo, sumedang, tasks):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    extra = task_create(actor=admin, scope=scope, region=sumedang, duty="Rapat evaluasi UCJ")
    task_delete(actor=admin, scope=scope, task=extra, reason="Digabung dengan tugas laporan")
    extra.refresh_from_db()
    assert extra.status == TaskStatus.NOT_APPLICABLE
    assert [c.action for c in task_history(scope=scope, task_id=extra.pk)] == [
        "create",
        "not_applicable",
    ]


def test_an_agency_operator_reads_its_agency_tasks_only_and_writes_none(demo, tasks):
    admin, operator = demo["disnaker"], demo["opd.dppkbp3a"]
    task_update(actor=admin, scope=scope_for_user(admin), task=tasks[2], agency=operator.agency)
    scope = scope_for_user(operator)
    assert list(task_list(scope=scope)) == [tasks[2]]
    with pytest.raises(NotFound):
        task_get(scope=scope, task_id=tasks[0].pk)
    with pytest.raises(PermissionDenied):
        task_update(actor=operator, scope=scope, task=tasks[2], status=TaskStatus.DONE)


def test_the_coordination_team_reads_but_cannot_change_tasks(demo, tasks):
    team = demo["tim.koordinasi"]
    scope = scope_for_user(team)
    assert task_list(scope=scope).count() == len(DUTIES)
    with pytest.raises(PermissionDenied):
        task_update(actor=team, scope=scope, task=tasks[0], status=TaskStatus.DONE)
