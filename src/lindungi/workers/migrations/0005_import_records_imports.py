"""The workers' imports on the list of imports, and their batches named after the user's file.

Before their jobs passed the file's own name on, the batches of web and API imports were named
after the stored file ("Oxf4ZFVqWpNZDZ78.csv"): each takes its job's name, which is the name the
user's browser sent. Each job becomes a record of the list; a batch without a job (the command
line, the demo) too."""

from django.db import migrations

from lindungi.core.uploads import upload_name

STATUSES = {"queued": "queued", "running": "running", "done": "done", "failed": "failed"}


def backfill(apps, schema_editor):
    ImportJob = apps.get_model("workers", "ImportJob")
    ImportBatch = apps.get_model("workers", "ImportBatch")
    ImportRecord = apps.get_model("core", "ImportRecord")
    User = apps.get_model("accounts", "User")
    regions = dict(User.objects.values_list("pk", "region_id"))
    records = []
    with_job = set()
    for job in ImportJob.objects.order_by("pk").iterator(chunk_size=2000):
        name = upload_name(job.filename, "file")
        if job.batch_id:
            with_job.add(job.batch_id)
            ImportBatch.objects.filter(pk=job.batch_id).update(filename=name)
        summary = job.summary or {}
        records.append(
            ImportRecord(
                kind="pekerja",
                file_name=name,
                started_by_id=job.started_by_id,
                region_code=regions.get(job.started_by_id) or "",
                started_at=job.created_at,
                finished_at=job.finished_at,
                status=STATUSES.get(job.status, "done"),
                rows=int(summary.get("rows") or 0),
                created=int(summary.get("imported") or 0) if job.batch_id else 0,
                refused=int(summary.get("errors") or 0),
                message=(job.failure or "")[:300],
                object_id=str(job.pk),
            )
        )
    for batch in ImportBatch.objects.exclude(pk__in=with_job).iterator(chunk_size=2000):
        summary = batch.summary or {}
        records.append(
            ImportRecord(
                kind="pekerja",
                file_name=upload_name(batch.filename, "file"),
                started_by_id=batch.started_by_id,
                region_code=regions.get(batch.started_by_id) or "",
                started_at=batch.started_at,
                finished_at=batch.finished_at,
                status=STATUSES.get(batch.status, "done"),
                rows=int(summary.get("rows") or 0),
                created=int(summary.get("imported") or 0),
                refused=int(summary.get("errors") or 0),
            )
        )
    ImportRecord.objects.bulk_create(records, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("workers", "0004_life_events_life"),
        ("core", "0002_import_record_imports"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
