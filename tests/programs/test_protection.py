"""A worker's protection status (`programs.protection`): one rule, read the same as a status
of one worker, as the list's annotation and as the list's filter, against the enrolments."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone, translation

from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.protection import (
    Protection,
    protection_of,
    protection_q,
    protection_value,
)
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
ACTIVE, PROPOSED, ENDED, NONE = (
    Protection.ACTIVE,
    Protection.PROPOSED,
    Protection.ENDED,
    Protection.UNPROTECTED,
)


def _set(enrolment: Enrolment, **fields: object) -> None:
    Enrolment.objects.filter(pk=enrolment.pk).update(**fields)


def _another(enrolment: Enrolment, first: date, last: date, status: str, kpj: str = "") -> None:
    """A second enrolment of the same worker, sponsor and program, over other months."""
    Enrolment.objects.create(
        worker_id=enrolment.worker_id,
        program_id=enrolment.program_id,
        sponsor_id=enrolment.sponsor_id,
        first_month=first,
        last_month=last,
        status=status,
        kpj=kpj,
        monthly_amount=enrolment.monthly_amount,
        funding_source=enrolment.funding_source,
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )


@pytest.fixture
def statuses(enrol, village_program, cikeruh) -> dict[int, Protection]:
    """Workers of Cikeruh in every case of the rule, with the status each must have on TODAY."""
    e = enrol(village_program, cikeruh, 11)  # active, January to December 2026, with a KPJ
    expected = {e[0].worker_id: ACTIVE}
    _set(e[1], status=EnrolmentStatus.SUBMITTED, kpj="")
    expected[e[1].worker_id] = PROPOSED
    _set(e[2], status=EnrolmentStatus.ENDED, last_month=date(2026, 3, 1))
    expected[e[2].worker_id] = ENDED
    _set(e[3], status=EnrolmentStatus.LAPSED)  # unpaid: not protected now
    expected[e[3].worker_id] = ENDED
    _set(e[4], last_month=date(2026, 5, 1))  # its last month is past
    expected[e[4].worker_id] = ENDED
    _set(e[5], first_month=date(2026, 9, 1))  # confirmed, starts later
    expected[e[5].worker_id] = PROPOSED
    _set(e[6], status=EnrolmentStatus.DRAFT, kpj="")
    expected[e[6].worker_id] = NONE
    _set(e[7], status=EnrolmentStatus.REJECTED, kpj="")
    expected[e[7].worker_id] = NONE
    _set(e[8], status=EnrolmentStatus.ENDED, last_month=date(2026, 3, 1))
    _another(e[8], date(2026, 7, 1), date(2026, 12, 1), EnrolmentStatus.SENT)
    expected[e[8].worker_id] = PROPOSED  # ended before, proposed again
    _set(e[9], first_month=date(2026, 4, 1))
    _another(e[9], date(2026, 1, 1), date(2026, 3, 1), EnrolmentStatus.ENDED, "26000000999")
    expected[e[9].worker_id] = ACTIVE  # ended once, active now
    _set(e[10], status=EnrolmentStatus.ENDED, kpj="")  # ended before BPJS confirmed it
    expected[e[10].worker_id] = NONE
    never = Worker.objects.filter(village_id=cikeruh.region_id).exclude(enrolments__isnull=False)
    expected[never.order_by("pk").first().pk] = NONE
    return expected


def test_each_case_of_the_rule_gives_its_status(statuses):
    assert {pk: protection_of(pk, TODAY) for pk in statuses} == statuses


def test_the_lists_annotation_and_filter_agree_with_the_rule(statuses):
    workers = Worker.objects.filter(pk__in=statuses)
    annotated = dict(workers.annotate(p=protection_value(TODAY)).values_list("pk", "p"))
    assert annotated == {pk: status.value for pk, status in statuses.items()}
    for status in Protection:
        chosen = set(workers.filter(protection_q(status.value, TODAY)).values_list("pk", flat=True))
        assert chosen == {pk for pk, expected in statuses.items() if expected == status}, status
    assert protection_q("anything", TODAY) == Q()


def test_the_filter_is_one_query_of_semi_joins(statuses, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        list(Worker.objects.filter(protection_q(Protection.ENDED, TODAY)).values("pk")[:50])
    sql = captured.captured_queries[0]["sql"].upper()
    assert sql.count("EXISTS") == 3 and "CASE" not in sql


def test_the_command_line_prints_each_workers_status(statuses, capsys, time_machine):
    time_machine.move_to(TODAY)
    active = next(pk for pk, status in statuses.items() if status == ACTIVE)
    missing = Worker.objects.exclude(village_id="32.11.15.2001").first().pk
    with translation.override("id"):  # as an operator's shell runs it
        call_command("enrolments", "protection", str(active), str(missing), "--as", "desa.cikeruh")
    out = capsys.readouterr().out
    assert f"{active:>8}  3211" in out and ": aktif\n" in out
    assert f"{missing:>8}  tidak ditemukan" in out  # another village's worker looks absent


def _listed(page: str) -> dict[int, str]:
    """The worker list's rows: worker id -> the protection cell's value."""
    return {
        int(pk): value
        for pk, value in re.findall(
            r'<tr><td><a href="/pekerja/(\d+)/">.*?data-protection="([a-z]+)"', page
        )
    }


def test_the_worker_list_shows_the_status_and_filters_by_it(statuses, demo_workers, time_machine):
    time_machine.move_to(TODAY)
    client = client_for(demo_workers["desa.cikeruh"])
    everyone = _listed(client.get("/pekerja/", {"page": 1}).content.decode())
    shown = {pk: value for pk, value in everyone.items() if pk in statuses}
    assert shown == {pk: status.value for pk, status in statuses.items() if pk in everyone}
    for status in Protection:
        page = client.get("/pekerja/", {"protection": status.value}).content.decode()
        rows = _listed(page)
        assert set(rows.values()) <= {status.value}, status
        assert {pk for pk in statuses if statuses[pk] == status} <= set(rows) or len(rows) == 50
        assert f'<option value="{status.value}" selected>' in page
    ended = client.get("/pekerja/", {"protection": "ended"}).content.decode()
    assert "3 pekerja di wilayah Anda" in ended  # the count follows the filter
    assert ">berakhir</td>" in ended


def test_the_worker_page_and_the_api_say_the_same(statuses, demo_workers, time_machine):
    time_machine.move_to(TODAY)
    client = client_for(demo_workers["desa.cikeruh"])
    for pk, status in statuses.items():
        page = client.get(f"/pekerja/{pk}/").content.decode()
        assert f'class="protection-{status.value}" data-testid="protection">' in page
        assert client.get(f"/api/v1/workers/{pk}").json()["protection"] == status.value
    listed = client.get("/api/v1/workers", {"protection": "proposed", "limit": 100}).json()
    assert {row["id"] for row in listed["items"]} == {
        pk for pk, status in statuses.items() if status == PROPOSED
    }
    assert {row["protection"] for row in listed["items"]} == {"proposed"}
    refused = client.get("/api/v1/workers", {"protection": "aktif"})
    assert refused.status_code == 422
