"""The imports made before the list of imports existed, from what the audit trail knows of
them: BPJS's confirmations, employers and coverage figures (file name, who, where, when, rows).
Workers' imports and payment statements are backfilled by their own apps from their tables."""

from django.db import migrations

from lindungi.core.uploads import upload_name

# Audit action -> the kind of import on the list.
KINDS = {
    "enrolment.confirm": "konfirmasi-bpjs",
    "employer.import": "pemberi-kerja",
    "coverage.denominators_imported": "basis-cakupan",
    "coverage.targets_imported": "target-cakupan",
    "coverage.participants_imported": "peserta-bpjs",
}


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    ImportRecord = apps.get_model("core", "ImportRecord")
    records = []
    for event in AuditEvent.objects.filter(action__in=list(KINDS)).iterator(chunk_size=2000):
        details = event.details or {}
        if event.action == "enrolment.confirm" and event.object_type != "file":
            continue  # one enrolment confirmed by hand, not a file
        name = details.get("file") or event.object_id
        created = int(details.get("created") or 0) + int(details.get("activated") or 0)
        created += int(details.get("rejected") or 0)
        if "replaced" in details:
            created = int(details.get("rows") or 0) - int(details.get("replaced") or 0)
        records.append(
            ImportRecord(
                kind=KINDS[event.action],
                file_name=upload_name(str(name or ""), "file"),
                started_by_id=event.actor_id,
                region_code=event.region_code or "",
                started_at=event.occurred_at,
                finished_at=event.occurred_at,
                status="done",
                rows=int(details.get("rows") or 0)
                or int(details.get("created") or 0) + int(details.get("updated") or 0),
                created=max(created, 0),
                refused=int(details.get("unmatched") or 0),
            )
        )
    ImportRecord.objects.bulk_create(records, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_import_record_imports")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
