# ruff: noqa: F811 - the fixtures imported from tests/compliance are parameters here
"""A `PATCH` made on an older version of an Inpres task or team member answers 409 with the
record as it now is, and changes nothing; without a version, only the fields sent change."""

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.team import member_create
from lindungi.compliance.models import TeamMember
from lindungi.regions.selectors import region_get
from tests.compliance.conftest import in_english, media, sumedang, tasks  # noqa: F401
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_a_stale_team_member_patch_answers_409_with_the_member_as_it_is(demo):
    admin = demo["disnaker"]
    member = member_create(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        name="Dedi",
        team_role="ketua",
    )
    client = client_for(admin)
    url = f"/api/v1/compliance/team/{member.pk}"
    first = client.patch(url, {"position": "Sekda", "version": 1}, JSON)
    assert (first.status_code, first.json()["version"]) == (200, 2)

    stale = client.patch(url, {"name": "Dedi Suhendar", "version": 1}, JSON)
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    current = stale.json()["details"]["current"]
    assert (current["name"], current["position"], current["version"]) == ("Dedi", "Sekda", 2)
    member.refresh_from_db()
    assert (member.name, member.version) == ("Dedi", 2)

    # Without a version, two clients changing different fields both keep theirs.
    assert client.patch(url, {"name": "Dedi Suhendar"}, JSON).status_code == 200
    assert client.patch(url, {"contact": "0812"}, JSON).status_code == 200
    member = TeamMember.objects.get(pk=member.pk)
    assert (member.name, member.position, member.contact) == ("Dedi Suhendar", "Sekda", "0812")


def test_a_stale_task_patch_by_if_match_answers_409_and_changes_nothing(demo, tasks):
    client = client_for(demo["disnaker"])
    task = tasks[0]
    url = f"/api/v1/compliance/tasks/{task.pk}"
    version = client.get(url).json()["version"]
    assert client.patch(url, {"status": "in_progress"}, JSON).status_code == 200

    stale = client.patch(url, {"note": "Sudah"}, JSON, headers={"If-Match": f'"{version}"'})
    assert stale.status_code == 409
    assert stale.json()["details"]["current"]["status"] == "in_progress"
    task.refresh_from_db()
    assert (task.note, task.version) == ("", version + 1)
    fresh = client.patch(url, {"note": "Sudah"}, JSON, headers={"If-Match": f'"{version + 1}"'})
    assert (fresh.status_code, fresh.json()["note"]) == (200, "Sudah")
    unreadable = client.patch(url, {"note": "X"}, JSON, headers={"If-Match": "kemarin"})
    assert unreadable.status_code == 422
