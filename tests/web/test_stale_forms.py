# ruff: noqa: F811 - the fixtures imported from tests/compliance are parameters here
"""Two officers with one edit form open: the second to save is told that the record changed,
sees the first one's change in the form again, and nothing of the stale form is written."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.activities import activity_create, activity_update
from lindungi.compliance.coordination.agreements import (
    agreement_create,
    agreement_extend,
    agreement_update,
)
from lindungi.compliance.coordination.team import member_create, member_update
from lindungi.compliance.services import task_update
from lindungi.core.models import AuditEvent
from lindungi.regions.selectors import region_get
from tests.compliance.conftest import in_english, media, sumedang, tasks  # noqa: F401

pytestmark = pytest.mark.django_db

STALE = "This record was changed by another user since you opened it"


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def opened_version(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the edit form carries its version"
    return found.group(1)


def _task(admin, scope, region, tasks):
    task = tasks[0]

    def other(version):
        return task_update(
            actor=admin, scope=scope, task=task, note="Catatan tim lain", expected_version=version
        )

    form = {"duty": task.duty, "status": "done", "note": ""}
    return f"/inpres/tugas/{task.pk}/ubah/", task, form, other, "Catatan tim lain"


def _member(admin, scope, region, tasks):
    member = member_create(actor=admin, scope=scope, region=region, name="Dedi", team_role="ketua")

    def other(version):
        return member_update(
            actor=admin, scope=scope, member=member, position="Sekda", expected_version=version
        )

    form = {"name": "Dedi Suhendar", "team_role": "ketua", "position": ""}
    return f"/inpres/tim/{member.pk}/ubah/", member, form, other, 'value="Sekda"'


def _agreement(admin, scope, region, tasks):
    agreement = agreement_create(
        actor=admin,
        scope=scope,
        region=region,
        kind="KSO",
        number="KSO/1",
        title="KSO",
        signed_on=dt.date(2026, 1, 2),
        starts_on=dt.date(2026, 1, 2),
    )

    def other(version):
        return agreement_update(
            actor=admin,
            scope=scope,
            agreement=agreement,
            title="KSO perlindungan pekerja rentan",
            expected_version=version,
        )

    form = {
        "kind": "KSO",
        "number": "KSO/1",
        "title": "KSO baru",
        "signed_on": "2026-01-02",
        "starts_on": "2026-01-02",
        "with_bpjs": "on",
    }
    edit = f"/inpres/kerja-sama/{agreement.pk}/ubah/"
    return edit, agreement, form, other, 'value="KSO perlindungan pekerja rentan"'


def _activity(admin, scope, region, tasks):
    activity = activity_create(
        actor=admin,
        scope=scope,
        region=region,
        kind="fgd",
        title="FGD",
        held_on=dt.date(2026, 1, 5),
    )

    def other(version):
        return activity_update(
            actor=admin, scope=scope, activity=activity, place="Aula Desa", expected_version=version
        )

    form = {
        "kind": "fgd",
        "title": "FGD",
        "held_on": "2026-01-05",
        "place": "",
        "asn_present": 0,
        "workers_present": 0,
        "attendance": 40,
    }
    return f"/inpres/kegiatan/{activity.pk}/ubah/", activity, form, other, 'value="Aula Desa"'


@pytest.mark.parametrize("record", [_task, _member, _agreement, _activity])
def test_a_stale_edit_form_is_refused_and_shows_the_other_change(demo, tasks, record):
    admin = demo["disnaker"]
    edit, obj, form, other_change, other_value = record(
        admin, scope_for_user(admin), region_get(code="32.11"), tasks
    )
    first = english(admin)
    version = opened_version(first.get(edit).content.decode())
    other_change(int(version))  # a second officer saves first, from the same version
    obj.refresh_from_db()
    stored = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    events = AuditEvent.objects.count()

    refused = first.post(edit, {**form, "version": version}, follow=True)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert STALE in page
    assert other_value in page
    assert opened_version(page) == str(int(version) + 1)
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} == stored
    assert AuditEvent.objects.count() == events

    saved = first.post(edit, {**form, "version": opened_version(page)})
    assert saved.status_code == 302
    obj.refresh_from_db()
    assert obj.version == int(version) + 2


def test_extending_an_agreement_makes_a_form_opened_before_it_stale(demo):
    admin = demo["disnaker"]
    scope = scope_for_user(admin)
    _, agreement, form, _, _ = _agreement(admin, scope, region_get(code="32.11"), [])
    agreement_extend(actor=admin, scope=scope, agreement=agreement, ends_on=dt.date(2027, 1, 1))
    edit = f"/inpres/kerja-sama/{agreement.pk}/ubah/"
    page = english(admin).post(edit, {**form, "version": "1"}, follow=True).content.decode()
    assert STALE in page
    agreement.refresh_from_db()
    assert (agreement.ends_on, agreement.title, agreement.version) == (
        dt.date(2027, 1, 1),
        "KSO",
        2,
    )
