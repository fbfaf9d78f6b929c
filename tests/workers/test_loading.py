"""The set-wise write: what stands in for PostgreSQL's per-row foreign-key checks keeps their
guarantee, and steps aside when it may not be used."""

from datetime import date

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lindungi.workers.importing import loading
from lindungi.workers.models import ImportBatch, Worker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's per-row checks and roles"
    ),
]


def staged(village: str) -> None:
    row = {
        "line": 2,
        "nik": "3211155508900001",
        "name": "Siti Aminah",
        "name_normalised": "SITI AMINAH",
        "birth_date": date(1990, 8, 15),
        "sex": "P",
        "village_id": village,
        "province_code": village[:2],
        "address": "",
        "phone": "",
        "occupation": "",
        "income": None,
        "category": "BPU",
        "in_p3ke": False,
        "in_dtks": False,
        "desil": None,
    }
    frame = pl.DataFrame([row], schema_overrides={"income": pl.Int64, "desil": pl.Int16})
    loading.stage(frame, lambda step, done, total: None)


def write(batch: ImportBatch) -> None:
    loading.write(
        refused_lines=[],
        update_existing=False,
        actor_id=None,
        batch_id=batch.pk,
        now=timezone.now(),
    )


def test_the_superuser_test_role_takes_the_set_wise_path():
    with connection.cursor() as cursor:
        assert loading._row_checks_skippable(cursor)


def test_a_staged_village_that_does_not_exist_is_refused_before_any_row_is_written():
    batch = ImportBatch.objects.create(filename="x.csv")
    with pytest.raises(IntegrityError, match="do not exist"), transaction.atomic():
        staged("32.11.15.9999")
        write(batch)
    assert not Worker.objects.exists()


def test_the_villages_written_to_are_locked_until_the_import_ends():
    import psycopg

    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    )
    batch = ImportBatch.objects.create(filename="x.csv")
    with transaction.atomic():
        staged("32.11.15.2001")
        write(batch)
        # As a foreign-key check would: nobody may delete the village meanwhile.
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute(
                "SELECT 1 FROM regions_region WHERE code = '32.11.15.2001' FOR UPDATE NOWAIT"
            )
        assert other.execute(  # another village is free
            "SELECT 1 FROM regions_region WHERE code = '32.11.15.2002' FOR UPDATE NOWAIT"
        ).fetchone()
    other.close()
    assert Worker.objects.get().village_id == "32.11.15.2001"


def test_a_trigger_on_the_workers_table_keeps_the_per_row_checks():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION lindungi_test_noop() RETURNS trigger LANGUAGE plpgsql "
            "AS 'BEGIN RETURN NEW; END'"
        )
        cursor.execute(
            "CREATE TRIGGER lindungi_test_noop BEFORE INSERT ON workers_worker "
            "FOR EACH ROW EXECUTE FUNCTION lindungi_test_noop()"
        )
        assert not loading._row_checks_skippable(cursor)
