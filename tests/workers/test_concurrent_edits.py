"""Two people editing one worker at once: neither loses a change without being told.

Without a version, only the fields a writer sends are written (two `PATCH`es of different
fields both keep theirs); with the version a form or a request was opened at, an edit of a
worker changed since is refused, nothing is written, and the writer sees the other's change.
"""

import threading

import pytest
from django.db import connection, connections

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.models import AuditEvent
from lindungi.core.versioning import StaleEdit
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from lindungi.workers.services import worker_create, worker_update
from tests.conftest import client_for
from tests.workers.test_import import GOOD, run, write_csv

CIKERUH = "32.11.15.2001"
STALE = "Data ini sudah diubah oleh pengguna lain sejak Anda membukanya"


def registered(user) -> Worker:
    return worker_create(
        actor=user,
        scope=scope_for_user(user),
        nik="3211155508900001",
        name="Siti Aminah",
        village=region_get(code=CIKERUH),
    )


@pytest.mark.django_db
def test_a_change_of_one_field_keeps_what_another_writer_saved_meanwhile(demo):
    operator = demo["desa.cikeruh"]
    scope = scope_for_user(operator)
    worker = registered(operator)
    first_read = Worker.objects.get(pk=worker.pk)  # what one request read before the other wrote
    worker_update(actor=operator, scope=scope, worker=worker, address="Jl. Raya 1")
    worker_update(actor=operator, scope=scope, worker=first_read, phone="081234567890")
    worker.refresh_from_db()
    assert (worker.address, worker.phone, worker.version) == ("Jl. Raya 1", "081234567890", 3)
    changed = [
        event.details["changed"]
        for event in AuditEvent.objects.filter(action="worker.update").order_by("pk")
    ]
    assert [sorted(change) for change in changed] == [["address"], ["phone"]]


@pytest.mark.django_db
def test_an_edit_of_an_older_version_is_refused_and_writes_nothing(demo):
    operator = demo["desa.cikeruh"]
    scope = scope_for_user(operator)
    worker = registered(operator)
    worker_update(actor=operator, scope=scope, worker=worker, address="Jl. Raya 1")
    with pytest.raises(StaleEdit) as refused:
        worker_update(
            actor=operator, scope=scope, worker=worker, expected_version=1, address="Jl. Lain"
        )
    assert refused.value.details["version"] == 2
    worker.refresh_from_db()
    assert (worker.address, worker.version) == ("Jl. Raya 1", 2)


def edit_form(worker: Worker, **values: str) -> dict[str, str]:
    return {
        "name": worker.name,
        "village_code": worker.village_id,
        "category": worker.category,
        "birth_date": worker.birth_date.isoformat(),
        "sex": worker.sex,
        "address": worker.address,
        "phone": worker.phone,
        "version": str(worker.version),
        **values,
    }


@pytest.mark.django_db
def test_a_stale_edit_form_is_refused_and_shows_the_other_operators_change(demo):
    worker = registered(demo["desa.cikeruh"])
    first, second = client_for(demo["desa.cikeruh"]), client_for(demo["disnaker"])
    assert 'name="version" value="1"' in first.get(f"/pekerja/{worker.pk}/ubah/").content.decode()
    opened = Worker.objects.get(pk=worker.pk)  # both forms opened at version 1
    saved = second.post(f"/pekerja/{worker.pk}/ubah/", edit_form(opened, address="Jl. Raya 1"))
    assert saved.status_code == 302

    stale = first.post(
        f"/pekerja/{worker.pk}/ubah/", edit_form(opened, phone="081234567890"), follow=True
    )
    page = stale.content.decode()
    assert STALE in page
    assert 'value="Jl. Raya 1"' in page  # the other operator's change, in the form again
    assert 'name="version" value="2"' in page
    worker.refresh_from_db()
    assert (worker.address, worker.phone, worker.version) == ("Jl. Raya 1", "", 2)

    again = first.post(f"/pekerja/{worker.pk}/ubah/", edit_form(worker, phone="081234567890"))
    assert again.status_code == 302
    worker.refresh_from_db()
    assert (worker.address, worker.phone, worker.version) == ("Jl. Raya 1", "081234567890", 3)
    last = AuditEvent.objects.filter(action="worker.update").latest("pk")
    assert list(last.details["changed"]) == ["phone"]


@pytest.mark.django_db
def test_a_patch_with_a_stale_version_answers_409_with_the_worker_as_it_is(demo):
    worker = registered(demo["desa.cikeruh"])
    client = client_for(demo["desa.cikeruh"])
    url = f"/api/v1/workers/{worker.pk}"
    assert client.get(url).json()["version"] == 1
    first = client.patch(url, {"address": "Jl. Raya 1", "version": 1}, "application/json")
    assert (first.status_code, first.json()["version"]) == (200, 2)

    stale = client.patch(url, {"occupation": "Petani", "version": 1}, "application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_version"
    assert body["details"]["version"] == 2
    assert body["details"]["current"]["address"] == "Jl. Raya 1"
    assert body["details"]["current"]["phone"] == ""
    worker.refresh_from_db()
    assert (worker.occupation, worker.version) == ("", 2)

    header = client.patch(
        url, {"occupation": "Petani"}, "application/json", headers={"If-Match": '"1"'}
    )
    assert header.status_code == 409
    current = client.patch(
        url, {"occupation": "Petani"}, "application/json", headers={"If-Match": '"2"'}
    )
    assert (current.status_code, current.json()["occupation"]) == (200, "Petani")


@pytest.mark.django_db
def test_a_patch_without_a_version_changes_only_the_fields_it_sends(demo):
    worker = registered(demo["desa.cikeruh"])
    client = client_for(demo["desa.cikeruh"])
    url = f"/api/v1/workers/{worker.pk}"
    assert client.patch(url, {"address": "Jl. Raya 1"}, "application/json").status_code == 200
    assert client.patch(url, {"in_p3ke": True}, "application/json").status_code == 200
    worker.refresh_from_db()
    assert (worker.address, worker.in_p3ke, worker.version) == ("Jl. Raya 1", True, 3)


@pytest.mark.django_db
def test_an_import_that_updates_a_worker_makes_a_form_opened_before_it_stale(demo, tmp_path):
    run(write_csv(tmp_path / "w.csv", [GOOD[1]]))
    worker = Worker.objects.get()
    assert worker.version == 1  # the set-wise insert leaves the version to the database
    changed = [[*GOOD[1][:5], "081111111111", "", ""]]
    assert run(write_csv(tmp_path / "w2.csv", changed), on_existing="update").updated == 1
    worker.refresh_from_db()
    assert (worker.phone, worker.version) == ("081111111111", 2)
    operator = demo["desa.cikeruh"]
    with pytest.raises(StaleEdit):
        worker_update(
            actor=operator,
            scope=scope_for_user(operator),
            worker=worker,
            expected_version=1,
            address="Jl. Raya 1",
        )


@pytest.fixture
def committed_regions(transactional_db):
    """Committed data, which every thread's connection sees (transactional tests start from
    tables emptied by the ones before)."""
    load_regions()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time (IMMEDIATE transactions): nothing runs at once",
)
def test_concurrent_patches_of_different_fields_lose_none(committed_regions, demo):
    operator = demo["desa.cikeruh"]
    worker = registered(operator)
    changes = [
        {"name": "Siti Aminah Lestari"},
        {"address": "Jl. Raya Jatinangor 12"},
        {"phone": "081234567890"},
        {"occupation": "Pedagang"},
        {"income": 2_500_000},
        {"category": "JAKON"},
        {"in_p3ke": True},
        {"in_dtks": True},
        {"desil": 2},
    ]
    clients = [client_for(operator) for _ in changes]
    start = threading.Barrier(len(changes))
    statuses: list[object] = []

    def patch(client, change) -> None:
        try:
            start.wait()
            url = f"/api/v1/workers/{worker.pk}"
            statuses.append(client.patch(url, change, "application/json").status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            statuses.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=patch, args=pair) for pair in zip(clients, changes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(changes)
    stored = Worker.objects.values(*(field for change in changes for field in change)).get(
        pk=worker.pk
    )
    assert stored == {field: value for change in changes for field, value in change.items()}
    assert Worker.objects.get(pk=worker.pk).version == 1 + len(changes)
