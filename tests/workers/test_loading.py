"""The set-wise write: what stands in for PostgreSQL's per-row foreign-key checks keeps their
guarantee and steps aside when it may not be used; a large import rebuilds the search indexes
as they were, and only when it is large."""

from datetime import date

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lindungi.workers.importing import loading
from lindungi.workers.models import ImportBatch, Worker

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's per-row checks, roles and locks"
)


def staged(village: str, count: int = 1) -> pl.DataFrame:
    rows = [staged_row(village, serial) for serial in range(1, count + 1)]
    frame = pl.DataFrame(rows, schema_overrides={"income": pl.Int64, "desil": pl.Int16})
    loading.stage(frame, lambda step, done, total: None)
    return frame


def staged_row(village: str, serial: int) -> dict:
    return {
        "line": serial + 1,
        "nik": f"321115550890{serial:04d}",
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


def second_connection(*, autocommit: bool):
    """Another session on the test database, as another user of the product would be."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=autocommit,
    )


def write(batch: ImportBatch, rows: pl.DataFrame) -> None:
    loading.write(
        rows,
        clash=loading.Conflicts(registered_lines=[], in_scope=0, outside_lines=[]),
        update_existing=False,
        actor_id=None,
        batch_id=batch.pk,
        now=timezone.now(),
    )


@postgresql_only
def test_the_superuser_test_role_takes_the_set_wise_path():
    with connection.cursor() as cursor:
        assert loading._row_checks_skippable(cursor)


@postgresql_only
def test_a_staged_village_that_does_not_exist_is_refused_before_any_row_is_written():
    batch = ImportBatch.objects.create(filename="x.csv")
    with pytest.raises(IntegrityError, match="do not exist"), transaction.atomic():
        write(batch, staged("32.11.15.9999"))
    assert not Worker.objects.exists()


@postgresql_only
def test_the_villages_written_to_are_locked_until_the_import_ends():
    import psycopg

    other = second_connection(autocommit=True)
    batch = ImportBatch.objects.create(filename="x.csv")
    with transaction.atomic():
        write(batch, staged("32.11.15.2001"))
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


@postgresql_only
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


def search_indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "workers_worker")
    return {name: found[name]["columns"] for name in loading.SEARCH_INDEXES if name in found}


def test_a_large_import_into_a_small_registry_rebuilds_the_search_indexes(monkeypatch):
    monkeypatch.setattr(loading, "REBUILD_AT", 3)
    before = search_indexes()
    batch = ImportBatch.objects.create(filename="x.csv")
    staged("32.11.15.2001", count=5)
    with connection.cursor() as cursor:
        rebuilt = loading._search_indexes_set_aside(cursor, writing=5)
        assert len(rebuilt) == 2 and search_indexes() == {}  # set aside, inside the transaction
        for statement in rebuilt:
            cursor.execute(statement)
        cursor.execute(f"DROP TABLE {loading.STAGING}")
    assert (
        search_indexes()
        == before
        == {
            "worker_village_name_idx": ["village_id", "name"],
            "worker_duplicate_idx": ["name_normalised", "birth_date"],
        }
    )
    write(batch, staged("32.11.15.2001", count=5))
    assert Worker.objects.filter(village_id="32.11.15.2001", name="Siti Aminah").count() == 5
    assert search_indexes() == before


def test_a_small_import_or_one_smaller_than_the_registry_keeps_the_indexes(monkeypatch):
    monkeypatch.setattr(loading, "REBUILD_AT", 3)
    staged("32.11.15.2001", count=2)  # under REBUILD_AT
    with connection.cursor() as cursor:
        assert loading._search_indexes_set_aside(cursor, writing=2) == []
        cursor.execute(f"DROP TABLE {loading.STAGING}")
    write(ImportBatch.objects.create(filename="x.csv"), staged("32.11.15.2001", count=5))
    staged("32.11.15.2002", count=4)  # 4 rows into a registry of 5
    with connection.cursor() as cursor:
        assert loading._search_indexes_set_aside(cursor, writing=4) == []


@postgresql_only
def test_a_reader_holding_the_workers_table_keeps_the_indexes_in_place(monkeypatch):
    monkeypatch.setattr(loading, "REBUILD_AT", 3)
    monkeypatch.setattr(loading, "REBUILD_LOCK_WAIT", "100ms")
    reader = second_connection(autocommit=False)
    reader.execute("SELECT COUNT(*) FROM workers_worker")  # its transaction stays open
    rows = staged("32.11.15.2001", count=5)
    write(ImportBatch.objects.create(filename="x.csv"), rows)  # does not wait for the reader
    reader.close()
    assert Worker.objects.count() == 5
    assert set(search_indexes()) == loading.SEARCH_INDEXES


def test_a_nik_registered_by_another_import_meanwhile_is_left_not_an_error():
    """Between the check for registered NIKs and the write another import may register one:
    the straight copy gives way to `ON CONFLICT`, nothing is written twice nor half."""
    first = ImportBatch.objects.create(filename="first.csv")
    write(first, staged("32.11.15.2002", count=1))  # NIK …0001, in Desa 2002
    write(ImportBatch.objects.create(filename="x.csv"), staged("32.11.15.2001", count=3))
    assert sorted(Worker.objects.values_list("nik", "village_id")) == [
        ("3211155508900001", "32.11.15.2002"),  # left as it was
        ("3211155508900002", "32.11.15.2001"),
        ("3211155508900003", "32.11.15.2001"),
    ]


def test_re_importing_a_large_file_leaves_the_indexes_and_writes_nothing(monkeypatch, tmp_path):
    """The same file again (skipped by default): nothing to write, so nothing set aside."""
    from tests.workers.test_import import run, write_csv

    monkeypatch.setattr(loading, "REBUILD_AT", 3)
    rows = [
        [f"321115550890{serial:04d}", f"Warga {serial}", "", "", "3211152001", "", "", ""]
        for serial in range(1, 6)
    ]
    path = write_csv(tmp_path / "w.csv", rows)
    if connection.vendor == "postgresql":
        # The registry's size is PostgreSQL's estimate, which an index built by an earlier
        # test's rolled-back import leaves behind (it is written outside transactions).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE workers_worker")
    set_aside = []
    real = loading._search_indexes_set_aside

    def spy(cursor, *, writing):
        set_aside.append(real(cursor, writing=writing))
        return set_aside[-1]

    monkeypatch.setattr(loading, "_search_indexes_set_aside", spy)
    assert run(path).imported == 5
    again = run(path)
    assert (again.imported, again.skipped) == (0, 5)
    assert [len(statements) for statements in set_aside] == [2, 0]
    assert Worker.objects.count() == 5 and set(search_indexes()) == loading.SEARCH_INDEXES
    updated = run(path, on_existing="update")  # five rows rewritten: worth a rebuild
    assert updated.updated == 5 and len(set_aside[-1]) == 2


def test_without_the_set_wise_checks_the_rows_are_written_all_the_same(monkeypatch):
    """A role that may not skip the per-row checks (or a table with a trigger) takes them."""
    monkeypatch.setattr(loading, "_row_checks_skippable", lambda cursor: False)
    held = []
    monkeypatch.setattr(loading, "_references_held", lambda cursor, **kwargs: held.append(1))
    write(ImportBatch.objects.create(filename="x.csv"), staged("32.11.15.2001", count=3))
    assert Worker.objects.count() == 3 and held == []
