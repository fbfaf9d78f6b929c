"""Imports from the web and the API run as background jobs with visible progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from lindungi.core.models import AuditEvent
from lindungi.demo.seed import seed_demo
from lindungi.regions.loading import load_regions
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_start
from lindungi.workers.models import ImportJob, Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

CSV = (
    b"NIK;Nama;Kode Desa\n"
    b"3211151508900002;Budi;3211152001\n"
    b"3211151508900000;Serial Nol;3211152001\n"
    b"3211151608900003;Asep;3211111001\n"
)


def upload(name: str = "warga.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, CSV, content_type="text/csv")


def test_an_operator_uploads_sees_the_result_and_downloads_the_error_report(demo):
    client = client_for(demo["desa.cikeruh"])
    form = client.get("/pekerja/impor/")
    assert form.status_code == 200
    assert "Berkas CSV atau Excel" in form.content.decode()
    assert "Paling banyak 100.000 baris per berkas" in form.content.decode()
    response = client.post("/pekerja/impor/", {"file": upload(), "on_existing": "skip"})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response.headers["Location"] == f"/pekerja/impor/{job.pk}/"
    page = client.get(response.headers["Location"]).content.decode()
    assert 'data-status="done"' in page
    assert 'data-testid="imported">1<' in page
    assert 'data-testid="rejected">2<' in page  # serial 0000, and a village outside Cikeruh
    report = client.get(f"/pekerja/impor/{job.pk}/laporan/")
    assert report.status_code == 200
    assert report.headers["Content-Disposition"].endswith('kesalahan-warga.xlsx"')
    assert Worker.objects.get().name == "Budi"


def test_nobody_else_sees_a_job_or_its_report(demo):
    job = job_start(actor=demo["desa.cikeruh"], upload=upload(), options=ImportOptions())
    other = client_for(demo["desa.gudang"])
    assert other.get(f"/pekerja/impor/{job.pk}/").status_code == 404
    assert other.get(f"/pekerja/impor/{job.pk}/laporan/").status_code == 404
    assert other.get(f"/api/v1/jobs/{job.pk}").status_code == 404


def test_an_error_report_download_is_recorded_and_never_cached(demo):
    """The report holds the uploader's rows: who downloaded it is on the audit trail."""
    job = job_start(actor=demo["desa.cikeruh"], upload=upload(), options=ImportOptions())
    report = client_for(demo["desa.cikeruh"]).get(f"/pekerja/impor/{job.pk}/laporan/")
    assert report.status_code == 200
    assert "no-store" in report.headers["Cache-Control"]
    event = AuditEvent.objects.get(action="import.error_report_download")
    assert (event.actor_id, event.object_id, event.details["file"]) == (
        demo["desa.cikeruh"].pk,
        str(job.pk),
        "warga.csv",
    )
    assert event.region_code == demo["desa.cikeruh"].region_id

    assert (
        client_for(demo["desa.gudang"]).get(f"/pekerja/impor/{job.pk}/laporan/").status_code == 404
    )
    assert AuditEvent.objects.filter(action="import.error_report_download").count() == 1


def test_the_api_starts_a_job_and_reports_it(demo):
    client = client_for(demo["desa.cikeruh"])
    started = client.post("/api/v1/workers/import", {"file": upload(), "on_existing": "skip"})
    assert started.status_code == 202
    job_id = started.json()["id"]
    job = client.get(f"/api/v1/jobs/{job_id}").json()
    assert job["status"] == "done"
    assert (job["summary"]["imported"], job["summary"]["errors"]) == (1, 2)
    assert job["report_url"] == f"/pekerja/impor/{job_id}/laporan/"
    assert {problem["line"] for problem in job["problems"]} == {3, 4}


def test_a_read_only_role_cannot_start_an_import(demo):
    response = client_for(demo["tim.koordinasi"]).post("/api/v1/workers/import", {"file": upload()})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_a_broken_file_ends_as_a_failed_job_with_its_reason(demo):
    client = client_for(demo["disnaker"])
    bad = SimpleUploadedFile("kosong.xlsx", b"not an excel file", content_type="application/zip")
    client.post("/pekerja/impor/", {"file": bad, "on_existing": "skip"})
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "tidak dapat dibaca" in job.failure
    assert "tidak dapat dibaca" in client.get(f"/pekerja/impor/{job.pk}/").content.decode()


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
)
@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it is done
def test_with_the_database_backend_the_worker_process_runs_the_job():
    load_regions()  # transactional tests start from tables emptied by the ones before
    demo = {user.username: user for _, user in seed_demo(with_workers=False)}
    job = job_start(actor=demo["disnaker"], upload=upload(), options=ImportOptions())
    job.refresh_from_db()
    assert job.status == "queued"
    page = client_for(demo["disnaker"]).get(f"/pekerja/impor/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page  # the page keeps polling until the job ends

    call_command("db_worker", "--batch", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.summary["imported"]) == ("done", 1)
