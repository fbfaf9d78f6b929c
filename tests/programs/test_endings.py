"""Life events end protection (programs.services.endings): one enrolment or many ended for an
event with its reason and date, a death recorded (every enrolment of the worker ends, he is
never enrolled again), a list of deaths imported all or nothing; pages, API and scope."""

from datetime import date

import pytest
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import token_create
from lindungi.billing.models import BillLine, LineKind
from lindungi.billing.services.runs import billing_run
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.programs.models import EndReason, Enrolment, EnrolmentStatus
from lindungi.programs.services.endings import deaths_record, enrolments_end
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


@pytest.fixture
def members(enrol, village_program, cikeruh):
    return enrol(village_program, cikeruh, 3)


def _billed(admin, months: int = 6) -> None:
    billing_run(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        month=date(2026, 1, 1),
        months_ahead=months,
        today=date(2026, 1, 3),
    )


def test_ending_many_for_a_move_credits_the_months_billed_after_it(demo_workers, members):
    operator, admin = demo_workers["desa.cikeruh"], demo_workers["disnaker"]
    _billed(admin)  # January to June
    done = enrolments_end(
        actor=operator,
        scope=scope_for_user(operator),
        enrolments=members[:2],
        reason=EndReason.MOVED,
        event_date=date(2026, 3, 5),
        note="pindah ke Bandung",
        today=TODAY,
    )
    assert (done.ended, done.cancelled, done.deaths) == (2, 0, 0)
    for enrolment in Enrolment.objects.filter(pk__in=[m.pk for m in members[:2]]):
        assert enrolment.status == EnrolmentStatus.ENDED
        assert enrolment.last_month == date(2026, 3, 1)
        assert (enrolment.end_reason, enrolment.event_date) == ("moved", date(2026, 3, 5))
        credited = BillLine.objects.filter(enrolment=enrolment, kind=LineKind.CREDIT)
        assert sorted(line.month.month for line in credited) == [4, 5, 6]
    assert Enrolment.objects.get(pk=members[2].pk).status == EnrolmentStatus.ACTIVE
    assert not BillLine.objects.filter(enrolment=members[2], kind=LineKind.CREDIT).exists()


def test_a_death_ends_every_enrolment_and_refuses_a_new_one(demo_workers, members, village_program):
    operator = demo_workers["desa.cikeruh"]
    worker = members[0].worker
    done = deaths_record(
        actor=operator,
        scope=scope_for_user(operator),
        deaths=[(worker, date(2026, 2, 10))],
        today=TODAY,
    )
    assert (done.ended, done.deaths) == (1, 1)
    worker.refresh_from_db()
    assert worker.died_on == date(2026, 2, 10)
    assert worker.version == 2  # an open edit form of the worker is now stale
    # Recording the same death again changes nothing; another date is refused.
    again = deaths_record(
        actor=operator,
        scope=scope_for_user(operator),
        deaths=[(worker, date(2026, 2, 10))],
        today=TODAY,
    )
    assert again.count == 0
    with pytest.raises(ValidationFailed, match="another date of death"):
        deaths_record(
            actor=operator,
            scope=scope_for_user(operator),
            deaths=[(worker, date(2026, 2, 11))],
            today=TODAY,
        )
    # He is never enrolled again, by anyone.
    with pytest.raises(ValidationFailed, match="died on 10-02-2026"):
        enrolments_create(
            actor=operator,
            scope=scope_for_user(operator),
            program=village_program,
            sponsor=members[1].sponsor,
            workers=[worker],
            first_month=date(2026, 4, 1),
            today=TODAY,
        )


def test_the_date_and_the_state_are_checked(demo_workers, members):
    operator = demo_workers["desa.cikeruh"]
    scope = scope_for_user(operator)
    with pytest.raises(ValidationFailed, match="cannot be after"):
        deaths_record(
            actor=operator,
            scope=scope,
            deaths=[(members[0].worker, date(2026, 3, 21))],
            today=TODAY,
        )
    with pytest.raises(ValidationFailed, match="Choose why"):
        enrolments_end(
            actor=operator,
            scope=scope,
            enrolments=members[:1],
            reason="period_over",
            event_date=date(2026, 3, 1),
            today=TODAY,
        )
    with pytest.raises(ValidationFailed, match="already over"):
        enrolments_end(
            actor=operator,
            scope=scope,
            enrolments=members[:1],
            reason="moved",
            event_date=date(2027, 1, 1),
            today=date(2027, 1, 5),
        )


def test_another_villages_operator_cannot_end_or_see_them(demo_workers, members, gudang):
    other = demo_workers["desa.gudang"]
    with pytest.raises(PermissionDenied):
        enrolments_end(
            actor=other,
            scope=scope_for_user(other),
            enrolments=members[:1],
            reason="moved",
            event_date=date(2026, 3, 1),
            today=TODAY,
        )
    client = client_for(other)
    assert client.get(f"/kepesertaan/{members[0].pk}/akhiri/").status_code == 404
    response = client.post(
        "/kepesertaan/akhiri/",
        {"enrolment": [members[0].pk], "reason": "moved", "event_date": "2026-03-01"},
    )
    assert response.status_code == 404
    assert client.get(f"/pekerja/{members[0].worker_id}/meninggal/").status_code == 404
    token = token_create(actor=None, user=other, name="test")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    response = api.post(
        f"/api/v1/enrolments/{members[0].pk}/end",
        {"reason": "moved", "event_date": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = api.post(
        "/api/v1/deaths",
        {"worker_id": members[0].worker_id, "died_on": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=members[0].pk).status == EnrolmentStatus.ACTIVE


def test_the_operator_ends_ticked_enrolments_from_the_list(demo_workers, members, time_machine):
    time_machine.move_to(date(2026, 3, 20))
    client = client_for(demo_workers["desa.cikeruh"])
    page = client.get("/kepesertaan/")
    assert page.status_code == 200 and b'data-testid="end-tick"' in page.content
    response = client.post(
        "/kepesertaan/akhiri/",
        {
            "enrolment": [members[0].pk, members[1].pk],
            "reason": "became_pu",
            "event_date": "2026-02-28",
            "next": "/kepesertaan/?status=ended",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/kepesertaan/?status=ended"
    assert Enrolment.objects.filter(status="ended", end_reason="became_pu").count() == 2
    assert response.content.count(b'data-testid="end-reason"') == 2


def test_the_end_page_and_the_death_page(demo_workers, members, time_machine):
    time_machine.move_to(date(2026, 3, 20))
    client = client_for(demo_workers["desa.cikeruh"])
    response = client.get(f"/kepesertaan/{members[0].pk}/akhiri/")
    assert response.status_code == 200
    response = client.post(
        f"/kepesertaan/{members[0].pk}/akhiri/",
        {"reason": "sponsor_stopped", "event_date": "2026-03-31"},
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=members[0].pk).last_month == date(2026, 3, 1)
    worker = members[1].worker
    assert client.get(f"/pekerja/{worker.pk}/").status_code == 200
    response = client.post(f"/pekerja/{worker.pk}/meninggal/", {"died_on": "2026-03-02"})
    assert response.status_code == 302
    assert Worker.objects.get(pk=worker.pk).died_on == date(2026, 3, 2)
    detail = client.get(f"/pekerja/{worker.pk}/")
    assert b'data-testid="died-on"' in detail.content


def test_a_list_of_deaths_is_refused_whole_naming_line_column_and_rule(
    demo_workers, members, tmp_path, time_machine
):
    time_machine.move_to(date(2026, 3, 20))
    operator = demo_workers["desa.cikeruh"]
    client = client_for(operator)
    first, second = members[0].worker, members[1].worker
    bad = tmp_path / "kematian.csv"
    bad.write_text(
        f"NIK;Tanggal meninggal\n{first.nik};2026-03-01\n123;2026-03-01\n{second.nik};kemarin\n"
    )
    with bad.open("rb") as handle:
        response = client.post("/kepesertaan/meninggal/impor/", {"file": handle})
    text = response.content.decode()
    assert "line 3" in text or "baris 3" in text
    assert "Tanggal meninggal" in text
    assert not Worker.objects.filter(died_on__isnull=False).exists()
    good = tmp_path / "kematian-ok.csv"
    good.write_text(f"nik,tgl_meninggal\n{first.nik},01-03-2026\n{second.nik},2026-02-15\n")
    with good.open("rb") as handle:
        response = client.post("/kepesertaan/meninggal/impor/", {"file": handle})
    assert b'data-testid="deaths-result"' in response.content
    assert set(Worker.objects.filter(died_on__isnull=False).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_the_api_ends_many_and_reports_a_death(demo_workers, members, time_machine):
    time_machine.move_to(date(2026, 3, 20))
    token = token_create(actor=None, user=demo_workers["disnaker"], name="test")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    response = api.post(
        "/api/v1/enrolments/end",
        {"enrolment_ids": [members[0].pk], "reason": "moved", "event_date": "2026-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["ended"] == 1
    response = api.post(
        "/api/v1/deaths",
        {"worker_id": members[1].worker_id, "died_on": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["deaths"] == 1
    response = api.get(f"/api/v1/enrolments/{members[1].pk}")
    assert response.json()["end_reason"] == "died"
    assert response.json()["died_on"] == "2026-03-01"
    response = api.post(
        f"/api/v1/enrolments/{members[2].pk}/end",
        {"reason": "moved", "event_date": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 422
