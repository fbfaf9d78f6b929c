"""Nobody reads a user outside their scope, through the API or the pages.

Every API operation must be listed here as public reference data or as a scoped route whose
crossings are tested below: a new route fails `test_every_api_route_is_classified` until it is.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from lindungi.api.api import api
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PUBLIC_REFERENCE = {
    ("GET", "/api/v1/regions"),
    ("GET", "/api/v1/regions/{code}"),
    ("GET", "/api/v1/regions/{code}/children"),
    ("POST", "/api/v1/calculator/contribution"),
    ("POST", "/api/v1/calculator/benefit"),
    # Aggregates only, no personal data: the public coverage page's open data.
    ("GET", "/api/v1/public/coverage"),
}
SCOPED = {
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/users"),
    ("GET", "/api/v1/users/{user_id}"),
    ("GET", "/api/v1/workers"),
    ("POST", "/api/v1/workers/search"),
    ("POST", "/api/v1/enrolments/search"),
    ("POST", "/api/v1/claims/search"),
    ("POST", "/api/v1/programs/{program_id}/candidates/search"),
    ("POST", "/api/v1/workers"),
    ("GET", "/api/v1/workers/{worker_id}"),
    ("PATCH", "/api/v1/workers/{worker_id}"),
    ("POST", "/api/v1/workers/import"),
    ("GET", "/api/v1/jobs/{job_id}"),
    ("GET", "/api/v1/sponsors"),
    ("POST", "/api/v1/sponsors"),
    ("GET", "/api/v1/sponsors/{sponsor_id}"),
    ("GET", "/api/v1/programs"),
    ("POST", "/api/v1/programs"),
    ("GET", "/api/v1/programs/schemes"),
    ("GET", "/api/v1/programs/{program_id}"),
    ("GET", "/api/v1/programs/{program_id}/candidates"),
    ("GET", "/api/v1/enrolments"),
    ("POST", "/api/v1/enrolments"),
    ("GET", "/api/v1/enrolments/{enrolment_id}"),
    ("POST", "/api/v1/enrolments/transition"),
    ("POST", "/api/v1/enrolments/{enrolment_id}/end"),
    ("GET", "/api/v1/enrolments/batches"),
    ("POST", "/api/v1/enrolments/batches"),
    ("GET", "/api/v1/enrolments/batches/{batch_id}"),
    ("GET", "/api/v1/enrolments/batches/{batch_id}/file"),
    ("GET", "/api/v1/enrolments/batches/{batch_id}/handover"),
    ("POST", "/api/v1/enrolments/confirmations"),
    # The program year: crossings in tests/programs/api/test_year_api.py.
    ("POST", "/api/v1/programs/year/open"),
    ("GET", "/api/v1/programs/participations"),
    ("POST", "/api/v1/programs/participations/{participation_id}/confirm"),
    ("POST", "/api/v1/enrolments/renew"),
    ("GET", "/api/v1/enrolments/continuity-gaps"),
    ("POST", "/api/v1/enrolments/end"),
    ("POST", "/api/v1/deaths"),
    ("POST", "/api/v1/deaths/import"),
    ("GET", "/api/v1/enrolments/endings"),
    ("POST", "/api/v1/enrolments/endings"),
    ("GET", "/api/v1/enrolments/endings/{file_id}/file"),
    ("GET", "/api/v1/billing/runs"),
    ("POST", "/api/v1/billing/runs"),
    ("GET", "/api/v1/billing/runs/{run_id}"),
    ("GET", "/api/v1/invoices"),
    ("GET", "/api/v1/invoices/{bill_id}"),
    ("GET", "/api/v1/payments"),
    ("POST", "/api/v1/payments"),
    ("GET", "/api/v1/payments/{payment_id}"),
    ("POST", "/api/v1/payments/{payment_id}/review"),
    ("GET", "/api/v1/payments/statements"),
    ("POST", "/api/v1/payments/statements"),
    ("GET", "/api/v1/payments/statements/{statement_id}"),
    ("GET", "/api/v1/payments/statements/lines/open"),
    ("POST", "/api/v1/payments/statements/{statement_id}/lines/{line}/resolve"),
    ("GET", "/api/v1/cost-shares"),
    ("POST", "/api/v1/cost-shares"),
    ("DELETE", "/api/v1/cost-shares/{enrolment_id}/{sponsor_id}"),
    ("GET", "/api/v1/tpp-deductions"),
    ("GET", "/api/v1/tpp-deductions/file"),
    ("GET", "/api/v1/billing/overdue"),
    ("GET", "/api/v1/billing/expiring"),
    ("GET", "/api/v1/sponsors/{sponsor_id}/account"),
    ("GET", "/api/v1/claims"),
    ("POST", "/api/v1/claims"),
    ("GET", "/api/v1/claims/impact"),
    ("GET", "/api/v1/claims/{claim_id}"),
    ("POST", "/api/v1/claims/{claim_id}/confirm"),
    ("POST", "/api/v1/claims/{claim_id}/submit"),
    ("POST", "/api/v1/claims/{claim_id}/decide"),
    ("POST", "/api/v1/claims/{claim_id}/review-amount"),
    ("POST", "/api/v1/claims/{claim_id}/pay"),
    ("POST", "/api/v1/claims/{claim_id}/documents"),
    ("GET", "/api/v1/claims/{claim_id}/documents/{document_id}"),
    ("GET", "/api/v1/compliance/tasks"),
    ("POST", "/api/v1/compliance/tasks"),
    ("GET", "/api/v1/compliance/tasks/{task_id}"),
    ("PATCH", "/api/v1/compliance/tasks/{task_id}"),
    ("POST", "/api/v1/compliance/tasks/{task_id}/evidence"),
    ("GET", "/api/v1/compliance/team"),
    ("POST", "/api/v1/compliance/team"),
    ("PATCH", "/api/v1/compliance/team/{member_id}"),
    ("GET", "/api/v1/compliance/agreements"),
    ("POST", "/api/v1/compliance/agreements"),
    ("GET", "/api/v1/compliance/agreements/{agreement_id}"),
    ("GET", "/api/v1/compliance/activities"),
    ("POST", "/api/v1/compliance/activities"),
    ("GET", "/api/v1/compliance/activities/{activity_id}"),
    ("GET", "/api/v1/compliance/employers"),
    ("POST", "/api/v1/compliance/employers/import"),
    ("GET", "/api/v1/compliance/employers/{employer_id}"),
    ("GET", "/api/v1/compliance/referrals"),
    ("POST", "/api/v1/compliance/referrals"),
    ("GET", "/api/v1/compliance/referrals/{referral_id}"),
    ("POST", "/api/v1/compliance/referrals/{referral_id}/steps"),
    ("GET", "/api/v1/compliance/documents/{file_id}"),
    ("GET", "/api/v1/compliance/report"),
    ("POST", "/api/v1/coverage/matching"),
    ("POST", "/api/v1/coverage/matching/accept"),
    ("GET", "/api/v1/coverage"),
    ("GET", "/api/v1/coverage/trend"),
    ("GET", "/api/v1/coverage/children"),
    ("GET", "/api/v1/rankings"),
    ("GET", "/api/v1/budget-plan"),
    ("POST", "/api/v1/coverage/snapshots"),
    ("POST", "/api/v1/coverage/denominators"),
    ("POST", "/api/v1/coverage/targets"),
    ("POST", "/api/v1/coverage/participants"),
    # Awards: crossings in tests/scope/test_matrix.py and tests/coverage/web/test_award_pages.py.
    ("GET", "/api/v1/awards"),
    ("POST", "/api/v1/awards"),
    ("GET", "/api/v1/awards/{award_id}"),
    ("POST", "/api/v1/awards/{award_id}/compute"),
    ("POST", "/api/v1/awards/{award_id}/publish"),
    ("GET", "/api/v1/awards/{award_id}/entries/{entry_id}/certificate"),
    # The village picker: villages of the reader's own region only (tests/programs/web/test_asn.py).
    ("GET", "/api/v1/villages"),
}


def test_every_api_route_is_classified():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    routes = {
        (method.upper(), path) for path, methods in schema["paths"].items() for method in methods
    }
    assert routes == PUBLIC_REFERENCE | SCOPED


# (reader, user they may see, user they must not see)
CROSSINGS = [
    ("desa.cikeruh", "desa.cikeruh", "desa.gudang"),
    ("desa.cikeruh", "desa.cikeruh", "disnaker"),
    ("desa.gudang", "desa.gudang", "desa.bandung"),
    ("opd.dppkbp3a", "opd.dppkbp3a", "asn.rina"),  # ASN of another agency
    ("opd.dppkbp3a", "opd.dppkbp3a", "opd.bandung"),
    ("asn.rina", "asn.rina", "disnaker"),
    ("disnaker", "desa.gudang", "desa.bandung"),
    ("disnaker", "asn.rina", "disnaker.bandung"),
    ("disnaker", "desa.cikeruh", "admin"),
    ("tim.koordinasi", "desa.cikeruh", "opd.bandung"),
    ("bpjs.sumedang", "opd.dppkbp3a", "desa.bandung"),
    ("disnaker.bandung", "desa.bandung", "desa.cikeruh"),
]


@pytest.fixture
def everyone(demo, bandung):
    return {**demo, **{user.username: user for user in bandung.values() if hasattr(user, "role")}}


@pytest.mark.parametrize(("reader", "inside", "outside"), CROSSINGS)
def test_a_user_outside_the_scope_is_neither_listed_nor_read(everyone, reader, inside, outside):
    client = client_for(everyone[reader])
    listed = {row["username"] for row in client.get("/api/v1/users?limit=500").json()["items"]}
    assert inside in listed
    assert outside not in listed

    assert client.get(f"/api/v1/users/{everyone[inside].pk}").status_code == 200
    assert client.get(f"/pengguna/{everyone[inside].pk}/").status_code == 200
    api_response = client.get(f"/api/v1/users/{everyone[outside].pk}")
    assert api_response.status_code == 404
    assert api_response.json()["code"] == "not_found"
    assert client.get(f"/pengguna/{everyone[outside].pk}/").status_code == 404
    page = client.get("/pengguna/").content.decode()
    assert f'href="/pengguna/{everyone[outside].pk}/"' not in page
    rows = re.findall(r'data-testid="user-row">(.*?)</li>', page, re.DOTALL)
    assert rows, "the reader's list shows at least themselves"
    assert not any(everyone[outside].username in row for row in rows)


def test_out_of_scope_and_missing_users_answer_the_same(everyone):
    client = client_for(everyone["desa.cikeruh"])
    outside = client.get(f"/api/v1/users/{everyone['desa.bandung'].pk}")
    missing = client.get("/api/v1/users/999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json()["message"] == missing.json()["message"]


def test_the_superuser_sees_every_regency(everyone):
    listed = {
        row["username"]
        for row in client_for(everyone["admin"]).get("/api/v1/users?limit=500").json()["items"]
    }
    assert {"desa.cikeruh", "desa.bandung", "disnaker.bandung"} <= listed


# (reader, a village whose workers they may see, a village whose workers they must not see)
WORKER_CROSSINGS = [
    ("desa.cikeruh", "32.11.15.2001", "32.11.11.2001"),
    ("desa.gudang", "32.11.11.2001", "32.11.15.2001"),
    ("disnaker", "32.11.17.2005", "32.04.05.2001"),
    ("tim.koordinasi", "32.11.15.2001", "32.04.05.2001"),
    ("disnaker.bandung", "32.04.05.2001", "32.11.15.2001"),
]


@pytest.fixture
def bandung_worker(bandung):
    from lindungi.accounts.selectors import scope_for_user
    from lindungi.regions.selectors import region_get
    from lindungi.workers.services import worker_create

    return worker_create(
        actor=bandung["village"],
        scope=scope_for_user(bandung["village"]),
        nik="3204051508900001",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )


@pytest.mark.parametrize(("reader", "inside", "outside"), WORKER_CROSSINGS)
def test_a_worker_outside_the_scope_is_neither_listed_read_nor_changed(
    demo_workers, bandung, bandung_worker, reader, inside, outside
):
    from lindungi.workers.models import Worker

    users = {**demo_workers, **{u.username: u for u in bandung.values() if hasattr(u, "role")}}
    client = client_for(users[reader])
    mine = Worker.objects.filter(village_id=inside).first()
    theirs = Worker.objects.filter(village_id=outside).first()

    listed = client.get(f"/api/v1/workers?village={outside}").json()
    assert listed["count"] == 0
    assert client.get(f"/api/v1/workers?village={inside}").json()["count"] > 0
    assert client.get(f"/api/v1/workers/{mine.pk}").status_code == 200
    assert client.get(f"/pekerja/{mine.pk}/").status_code == 200

    assert client.get(f"/api/v1/workers/{theirs.pk}").status_code == 404
    assert client.get(f"/pekerja/{theirs.pk}/").status_code == 404
    assert client.get(f"/pekerja/{theirs.pk}/ubah/").status_code == 404
    changed = client.patch(
        f"/api/v1/workers/{theirs.pk}", {"name": "Diubah"}, content_type="application/json"
    )
    assert changed.status_code == 404
    assert Worker.objects.get(pk=theirs.pk).name != "Diubah"
    searched = client.post(
        "/pekerja/", {"search_form": "1", "q": theirs.nik}, follow=True
    ).content.decode()
    assert f'href="/pekerja/{theirs.pk}/"' not in searched
    assert "Tidak ada pekerja yang cocok" in searched or "No workers match" in searched


def test_a_village_operator_cannot_register_a_worker_in_another_village(demo):
    response = client_for(demo["desa.cikeruh"]).post(
        "/api/v1/workers",
        {"nik": "3211111508900001", "name": "Tetangga", "village_code": "32.11.11.2001"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["details"]["field"] == "village"


def test_the_coordination_team_cannot_write(demo):
    response = client_for(demo["tim.koordinasi"]).post(
        "/api/v1/workers",
        {"nik": "3211151508900001", "name": "Baru", "village_code": "32.11.15.2001"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_asn_sees_the_workers_they_registered_and_no_one_else(demo_workers):
    asn = client_for(demo_workers["asn.rina"])
    created = asn.post(
        "/api/v1/workers",
        {
            "nik": "3211175508900001",
            "name": "Art Rina",
            "village_code": "32.11.17.2005",
            "occupation": "asisten rumah tangga",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    listed = asn.get("/api/v1/workers").json()
    assert [row["name"] for row in listed["items"]] == ["Art Rina"]
    someone = client_for(demo_workers["desa.cikeruh"]).get("/api/v1/workers").json()["items"][0]
    assert asn.get(f"/api/v1/workers/{someone['id']}").status_code == 404


def test_an_agency_operator_sees_the_workers_their_agency_registered(demo_workers):
    opd = client_for(demo_workers["opd.dppkbp3a"])
    created = opd.post(
        "/api/v1/workers",
        {
            "nik": "3211154508900002",
            "name": "Kader Posyandu",
            "village_code": "32.11.15.2001",
            "occupation": "kader posyandu",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert opd.get("/api/v1/workers").json()["count"] == 1
    # The same worker is in Cikeruh's list too: the village sees everyone living there.
    village = (
        client_for(demo_workers["desa.cikeruh"]).get("/api/v1/workers", {"search": "Kader"}).json()
    )
    assert village["count"] == 1
    # An ASN of another agency does not see it.
    asn = client_for(demo_workers["asn.rina"])
    assert asn.get(f"/api/v1/workers/{created.json()['id']}").status_code == 404


# Sponsors, programs and enrolments. Each sponsor of the world below has one enrolment; the
# readers are the sponsor's own operator, a village operator of another village, an agency
# operator of another agency, a civil servant who is not the sponsor, and another regency.
JANUARY_10 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def world(demo_workers, bandung, make_user, time_machine):
    """Sumedang: a village, an agency and an ASN program, with the sponsors Cikeruh, Gudang
    (villages), DPPKBP3A (agency) and Rina (ASN of Dinkes), one enrolment each, Cikeruh's sent
    to BPJS in a batch. Bandung: its own village program, sponsor, enrolment and batch."""
    from lindungi.accounts.models import Agency
    from lindungi.accounts.selectors import scope_for_user
    from lindungi.core.roles import Role
    from lindungi.programs.selectors import candidates
    from lindungi.programs.services.asn import asn_protect
    from lindungi.programs.services.batches import batch_create
    from lindungi.programs.services.enrolling import enrolments_create
    from lindungi.programs.services.setup import program_from_scheme
    from lindungi.programs.services.sponsors import sponsor_create
    from lindungi.programs.services.transitions import enrolments_submit, enrolments_verify
    from lindungi.regions.selectors import region_get
    from lindungi.workers.services import worker_create

    time_machine.move_to(JANUARY_10, tick=False)
    today = JANUARY_10.date()
    dinkes = Agency.objects.get(region_id="32.11", code="dinkes")
    users = {
        **demo_workers,
        **{user.username: user for user in bandung.values() if hasattr(user, "role")},
        "opd.dinkes": make_user("opd.dinkes", Role.OPERATOR_OPD, "32.11", agency=dinkes),
        "asn.budi": make_user("asn.budi", Role.ASN, "32.11", agency=dinkes),
    }

    def scope(username):
        return scope_for_user(users[username])

    def program(admin, regency, scheme):
        return program_from_scheme(
            actor=users[admin],
            scope=scope(admin),
            region=region_get(code=regency),
            scheme=scheme,
            year=2026,
        )

    def village_sponsor(operator, code, name):
        return sponsor_create(
            actor=users[operator],
            scope=scope(operator),
            kind="DESA",
            name=name,
            region=region_get(code=code),
        )

    def enrol(operator, program, sponsor, worker=None):
        if worker is None:
            worker = candidates(
                scope=scope(operator), program=program, sponsor=sponsor, first_month=today
            ).first()
        (enrolment,) = enrolments_create(
            actor=users[operator],
            scope=scope(operator),
            program=program,
            sponsor=sponsor,
            workers=[worker],
            today=today,
        )
        return enrolment

    def send(operator, admin, program, enrolment):
        enrolments_submit(actor=users[operator], scope=scope(operator), enrolments=[enrolment])
        enrolments_verify(
            actor=users[admin], scope=scope(admin), enrolments=[enrolment], approve=True
        )
        return batch_create(actor=users[admin], scope=scope(admin), program=program)

    villages = program("disnaker", "32.11", "desa_100")
    agencies = program("disnaker", "32.11", "mitra_instansi")
    servants = program("disnaker", "32.11", "asn_peduli")
    cikeruh = village_sponsor("desa.cikeruh", "32.11.15.2001", "Pemerintah Desa Cikeruh")
    gudang = village_sponsor("desa.gudang", "32.11.11.2001", "Pemerintah Desa Gudang")
    dppkbp3a = sponsor_create(
        actor=users["opd.dppkbp3a"],
        scope=scope("opd.dppkbp3a"),
        kind="OPD",
        name="DPPKBP3A",
        region=region_get(code="32.11"),
        agency=users["opd.dppkbp3a"].agency,
    )
    kader = worker_create(
        actor=users["opd.dppkbp3a"],
        scope=scope("opd.dppkbp3a"),
        nik="3211154508909991",
        name="Kader Posyandu",
        village=region_get(code="32.11.15.2001"),
    )
    helper = worker_create(
        actor=users["asn.rina"],
        scope=scope("asn.rina"),
        nik="3211175508909992",
        name="Art Rina",
        village=region_get(code="32.11.17.2005"),
    )
    rina = asn_protect(
        actor=users["asn.rina"], scope=scope("asn.rina"), program=servants, worker=helper
    )
    enrolments = {
        "cikeruh": enrol("desa.cikeruh", villages, cikeruh),
        "gudang": enrol("desa.gudang", villages, gudang),
        "dppkbp3a": enrol("opd.dppkbp3a", agencies, dppkbp3a, kader),
        "rina": rina,
    }
    bandung_program = program("disnaker.bandung", "32.04", "desa_100")
    cileunyi = village_sponsor("desa.bandung", "32.04.05.2001", "Pemerintah Desa Cileunyi Kulon")
    resident = worker_create(
        actor=users["desa.bandung"],
        scope=scope("desa.bandung"),
        nik="3204055508909993",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )
    enrolments["bandung"] = enrol("desa.bandung", bandung_program, cileunyi, resident)
    batches = {
        "sumedang": send("desa.cikeruh", "disnaker", villages, enrolments["cikeruh"]),
        "bandung": send("desa.bandung", "disnaker.bandung", bandung_program, enrolments["bandung"]),
    }
    return {"users": users, "enrolments": enrolments, "batches": batches}


# (reader, the sponsor whose enrolment they may see or None, a sponsor they must not see)
SPONSOR_CROSSINGS = [
    ("desa.gudang", "gudang", "cikeruh"),  # a village operator of another village
    ("desa.cikeruh", "cikeruh", "gudang"),
    ("desa.cikeruh", "cikeruh", "dppkbp3a"),
    ("opd.dppkbp3a", "dppkbp3a", "rina"),  # an agency operator of another agency
    ("opd.dppkbp3a", "dppkbp3a", "cikeruh"),
    ("opd.dinkes", "rina", "dppkbp3a"),
    ("asn.budi", None, "rina"),  # a civil servant who is not the sponsor
    ("asn.rina", "rina", "dppkbp3a"),
    ("asn.rina", "rina", "cikeruh"),
    ("disnaker.bandung", "bandung", "cikeruh"),  # another regency
    ("disnaker.bandung", "bandung", "rina"),
    ("desa.bandung", "bandung", "gudang"),
    ("disnaker", "cikeruh", "bandung"),
    ("tim.koordinasi", "dppkbp3a", "bandung"),
    ("bpjs.sumedang", "rina", "bandung"),
]


@pytest.mark.parametrize(("reader", "own", "foreign"), SPONSOR_CROSSINGS)
def test_a_sponsor_and_its_enrolments_outside_the_scope_look_missing(world, reader, own, foreign):
    from lindungi.programs.models import Enrolment

    client = client_for(world["users"][reader])
    theirs = world["enrolments"][foreign]
    theirs.refresh_from_db()
    program, sponsor = theirs.program_id, theirs.sponsor_id

    listed_sponsors = {
        row["id"] for row in client.get("/api/v1/sponsors?limit=500").json()["items"]
    }
    listed = {row["id"] for row in client.get("/api/v1/enrolments?limit=500").json()["items"]}
    assert sponsor not in listed_sponsors
    assert theirs.pk not in listed
    assert theirs.worker.name not in client.get("/api/v1/enrolments?limit=500").content.decode()
    if own is not None:
        mine = world["enrolments"][own]
        assert mine.sponsor_id in listed_sponsors
        assert mine.pk in listed
        assert client.get(f"/api/v1/sponsors/{mine.sponsor_id}").status_code == 200
        assert client.get(f"/api/v1/enrolments/{mine.pk}").status_code == 200
        assert client.get(f"/api/v1/enrolments?sponsor_id={mine.sponsor_id}").status_code == 200

    def answers_404(response):
        assert response.status_code == 404, (response.status_code, response.content)
        assert response.json()["code"] == "not_found"

    def post(path, data):
        return client.post(path, data, content_type="application/json")

    answers_404(client.get(f"/api/v1/sponsors/{sponsor}"))
    answers_404(client.get(f"/api/v1/enrolments/{theirs.pk}"))
    answers_404(client.get(f"/api/v1/enrolments?sponsor_id={sponsor}"))
    answers_404(client.get(f"/api/v1/programs/{program}?sponsor_id={sponsor}"))
    answers_404(client.get(f"/api/v1/programs/{program}/candidates?sponsor_id={sponsor}"))
    answers_404(
        post(
            f"/api/v1/enrolments/{theirs.pk}/end",
            {"reason": "died", "last_month": "2026-03-01", "note": ""},
        )
    )
    for action in ("submit", "approve", "return", "cancel"):
        answers_404(
            post(
                "/api/v1/enrolments/transition",
                {"action": action, "enrolment_ids": [theirs.pk], "reason": "salah"},
            )
        )
    answers_404(
        post(
            "/api/v1/enrolments",
            {"program_id": program, "sponsor_id": sponsor, "worker_ids": [theirs.worker_id]},
        )
    )
    answers_404(post("/api/v1/enrolments/batches", {"program_id": program, "sponsor_id": sponsor}))
    assert Enrolment.objects.get(pk=theirs.pk).status == theirs.status
    assert Enrolment.objects.filter(worker_id=theirs.worker_id).count() == 1


# (reader, whether they read their regency's batches, a sponsor of another regency)
PROGRAM_READERS = [
    ("desa.gudang", False, "bandung"),
    ("opd.dppkbp3a", False, "bandung"),
    ("asn.budi", False, "bandung"),
    ("tim.koordinasi", True, "bandung"),
    ("disnaker", True, "bandung"),
    ("bpjs.sumedang", True, "bandung"),
    ("disnaker.bandung", True, "cikeruh"),
    ("desa.bandung", False, "cikeruh"),
]


@pytest.mark.parametrize(("reader", "reads_batches", "foreign"), PROGRAM_READERS)
def test_programs_and_batches_of_another_regency_look_missing(
    world, reader, reads_batches, foreign
):
    client = client_for(world["users"][reader])
    theirs = world["enrolments"][foreign].program
    sumedang = world["batches"]["sumedang"]
    bandung = world["batches"]["bandung"]
    batch, other_batch = (bandung, sumedang) if foreign == "cikeruh" else (sumedang, bandung)
    programs = {row["id"] for row in client.get("/api/v1/programs?limit=500").json()["items"]}
    assert theirs.pk not in programs
    assert len(programs) >= 1  # their own regency's
    assert client.get(f"/api/v1/programs/{theirs.pk}").status_code == 404
    assert client.get(f"/api/v1/programs/{theirs.pk}/candidates?sponsor_id=1").status_code == 404

    batches = {row["id"] for row in client.get("/api/v1/enrolments/batches").json()["items"]}
    assert other_batch.pk not in batches
    for path in ("", "/handover", "/file?purpose=cek"):
        response = client.get(f"/api/v1/enrolments/batches/{other_batch.pk}{path}")
        assert response.status_code == 404, path
    own = client.get(f"/api/v1/enrolments/batches/{batch.pk}")
    if reads_batches:
        assert batch.pk in batches
        assert own.status_code == 200
        assert client.get(f"/api/v1/enrolments/batches/{batch.pk}/handover").status_code == 200
    else:
        # Batches mix many sponsors' workers: only the regency's officers and BPJS read them.
        assert batch.pk not in batches
        assert own.status_code == 404
