"""The payment statements imported so far, on the list of imports (file name, who, where,
when, rows matched and not)."""

from django.db import migrations

from lindungi.core.uploads import upload_name


def backfill(apps, schema_editor):
    PaymentStatement = apps.get_model("billing", "PaymentStatement")
    ImportRecord = apps.get_model("core", "ImportRecord")
    ImportRecord.objects.bulk_create(
        [
            ImportRecord(
                kind="rekening-koran",
                file_name=upload_name(statement.filename, "file"),
                started_by_id=statement.imported_by_id,
                region_code=statement.region_id or "",
                started_at=statement.imported_at,
                finished_at=statement.imported_at,
                status="done",
                rows=statement.rows,
                created=statement.matched,
                refused=statement.unmatched,
                object_id=str(statement.pk),
            )
            for statement in PaymentStatement.objects.iterator(chunk_size=2000)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0004_statement_line_resolution_loose"),
        ("core", "0002_import_record_imports"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
