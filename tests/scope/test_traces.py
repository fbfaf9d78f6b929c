"""Every way personal data leaves the registry leaves a trace: each reveal, document download,
error-report download, NIK search, export and admin change below is made as its user makes it
(page, API or command) and must add exactly its audit event, naming who did it. A role that may
not is refused and leaves no event of that kind."""

import json
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from lindungi.accounts.models import ApiToken, User
from lindungi.accounts.services import token_create
from lindungi.claims.models import ClaimDocument
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.programs.models import SubmissionBatch
from lindungi.workers.models import DuplicateCandidate, ImportJob, Worker
from tests.conftest import client_for
from tests.core.test_admin import _change_form

pytestmark = pytest.mark.django_db


def _import_job(client: Client) -> ImportJob:
    rows = b"NIK;Nama;Kode Desa\n3211151508900000;Serial Nol;3211152001\n"
    upload = SimpleUploadedFile("warga.csv", rows, content_type="text/csv")
    client.post("/pekerja/impor/", {"file": upload, "on_existing": "skip"})
    return ImportJob.objects.latest("pk")


def _traces(users: dict[str, User]) -> list[tuple[str, str, str, Callable[[], int]]]:
    """(what, actor, expected action, the act returning its HTTP status or 0 for a command)."""
    admin, village, bpjs = users["disnaker"], users["desa.cikeruh"], users["bpjs.sumedang"]
    worker = Worker.objects.filter(village_id="32.11.15.2001").order_by("pk").first()
    assert worker is not None
    pair = DuplicateCandidate.objects.order_by("pk").first()
    assert pair is not None
    document = ClaimDocument.objects.select_related("claim").order_by("pk").first()
    assert document is not None
    batch = SubmissionBatch.objects.order_by("pk").first()
    assert batch is not None
    token_create(actor=village, user=village, name="ponsel")
    token = ApiToken.objects.filter(user=village).latest("pk")
    job = _import_job(client_for(village))
    claim_path = f"/klaim/{document.claim_id}/dokumen/{document.pk}/"
    claim_api = f"/api/v1/claims/{document.claim_id}/documents/{document.pk}"
    search = json.dumps({"search": worker.nik})
    return [
        (
            "reveal on the worker page",
            "disnaker",
            "worker.reveal",
            lambda: client_for(admin).post(f"/pekerja/{worker.pk}/tampilkan/").status_code,
        ),
        (
            "reveal in the API",
            "disnaker",
            "worker.reveal",
            lambda: client_for(admin).get(f"/api/v1/workers/{worker.pk}?reveal=true").status_code,
        ),
        (
            "reveal of a possible duplicate pair",
            "disnaker",
            "worker.reveal",
            lambda: client_for(admin).post(f"/pekerja/duplikat/{pair.pk}/tampilkan/").status_code,
        ),
        (
            "claim document from the page",
            "disnaker",
            "claim.document_download",
            lambda: client_for(admin).get(claim_path).status_code,
        ),
        (
            "claim document from the API",
            "disnaker",
            "claim.document_download",
            lambda: client_for(admin).get(claim_api).status_code,
        ),
        (
            "import error report",
            "desa.cikeruh",
            "import.error_report_download",
            lambda: client_for(village).get(f"/pekerja/impor/{job.pk}/laporan/").status_code,
        ),
        (
            "NIK search on the worker list",
            "desa.cikeruh",
            "worker.search_nik",
            lambda: (
                client_for(village)
                .post("/pekerja/", {"search_form": "1", "q": worker.nik})
                .status_code
            ),
        ),
        (
            "NIK search in the API",
            "desa.cikeruh",
            "worker.search_nik",
            lambda: (
                client_for(village)
                .post("/api/v1/workers/search", search, content_type="application/json")
                .status_code
            ),
        ),
        (
            "BPJS registration file of a batch",
            "bpjs.sumedang",
            "batch.export",
            lambda: (
                client_for(bpjs)
                .post(f"/kepesertaan/kirim/{batch.pk}/berkas/", {"purpose": "pendaftaran kolektif"})
                .status_code
            ),
        ),
        (
            "audit trail export",
            "disnaker",
            "audit.export",
            lambda: call_command("audit", "export", "--as", "disnaker", "--out", "/dev/null") or 0,
        ),
        (
            "a user raised in the Django admin",
            "admin",
            "admin.change",
            lambda: (
                client_for(users["admin"])
                .post(
                    reverse("admin:accounts_user_change", args=[users["tim.koordinasi"].pk]),
                    _change_form(users["tim.koordinasi"]) | {"role": Role.ADMIN_PEMDA},
                )
                .status_code
            ),
        ),
        (
            "an API token revoked on the Token API page",
            "desa.cikeruh",
            "token.revoke",
            lambda: client_for(village).post(f"/akun/token/{token.pk}/cabut/").status_code,
        ),
    ]


def test_every_reveal_download_search_export_and_admin_change_is_recorded(demo_billed):
    missing = []
    for what, username, action, act in _traces(demo_billed):
        before = AuditEvent.objects.filter(action=action).count()
        status = act()
        events = AuditEvent.objects.filter(action=action).order_by("-pk")
        recorded = events.count() - before
        if status not in (0, 200, 302) or recorded != 1:
            missing.append((what, status, recorded))
        elif events[0].actor != demo_billed[username]:
            missing.append((what, "actor", events[0].actor))
    assert missing == []


def test_a_role_that_may_not_reveal_is_refused_and_leaves_no_reveal(demo_billed):
    worker = Worker.objects.order_by("pk").first()
    pair = DuplicateCandidate.objects.order_by("pk").first()
    document = ClaimDocument.objects.order_by("pk").first()
    assert worker and pair and document
    for username in ["tim.koordinasi", "jaksa.sumedang"]:
        client = client_for(demo_billed[username])
        statuses = [
            client.post(f"/pekerja/{worker.pk}/tampilkan/").status_code,
            client.get(f"/api/v1/workers/{worker.pk}?reveal=true").status_code,
            client.post(f"/pekerja/duplikat/{pair.pk}/tampilkan/").status_code,
            client.get(f"/klaim/{document.claim_id}/dokumen/{document.pk}/").status_code,
            client.get(f"/api/v1/claims/{document.claim_id}/documents/{document.pk}").status_code,
        ]
        assert all(status in (403, 404) for status in statuses), (username, statuses)
    assert not AuditEvent.objects.filter(
        action__in=["worker.reveal", "claim.document_download"]
    ).exists()
