"""The programs pages: what each role sees and does, through the test client.

Pages are read in English (the language switch's cookie), so that the assertions hold whatever
the Indonesian catalogue says; names, numbers and amounts are the same in both languages.
"""

import datetime as dt
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.models import AuditEvent
from lindungi.core.roles import Role
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, Sponsor
from lindungi.programs.selectors import candidates
from lindungi.programs.services.batches import batch_create
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import enrolments_submit, enrolments_verify
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from lindungi.workers.services import worker_create

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
CIKERUH = "32.11.15.2001"


@pytest.fixture(autouse=True)
def january_2026():
    """Every page is read on 10 January 2026, in the first month of the 2026 programs."""
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        yield


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _scheme(users, scheme: str, region: str = "32.11", admin: str = "disnaker") -> Program:
    actor = users[admin] if isinstance(admin, str) else admin
    return program_from_scheme(
        actor=actor,
        scope=scope_for_user(actor),
        region=region_get(code=region),
        scheme=scheme,
        year=2026,
    )


@pytest.fixture
def village_program(demo_workers) -> Program:
    return _scheme(demo_workers, "desa_100")


@pytest.fixture
def cikeruh(demo_workers) -> Sponsor:
    operator = demo_workers["desa.cikeruh"]
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code=CIKERUH),
        decision_number="141/05/Musdes/2025",
        decision_date=date(2025, 12, 12),
    )


def _eligible(users, program, sponsor, count: int) -> list[Worker]:
    operator = users["desa.cikeruh"]
    found = candidates(
        scope=scope_for_user(operator),
        program=program,
        sponsor=sponsor,
        first_month=date(2026, 1, 1),
    )
    return list(found[:count])


def _submitted(users, program, sponsor, count: int) -> list[Enrolment]:
    operator = users["desa.cikeruh"]
    scope = scope_for_user(operator)
    drafts = enrolments_create(
        actor=operator,
        scope=scope,
        program=program,
        sponsor=sponsor,
        workers=_eligible(users, program, sponsor, count),
    )
    enrolments_submit(actor=operator, scope=scope, enrolments=drafts)
    return drafts


# Programs


@pytest.mark.parametrize(
    "username", ["disnaker", "desa.cikeruh", "opd.dppkbp3a", "asn.rina", "bpjs.sumedang"]
)
def test_everyone_in_the_regency_sees_the_program_and_its_monthly_contribution(
    demo_workers, village_program, username
):
    page = page_of(english(demo_workers[username]).get("/program/"))
    assert "1 Desa Melindungi 100 Pekerja Rentan 2026" in page
    assert "Rp 16.800 per worker a month" in page
    assert "Jan 2026 \N{EN DASH} Dec 2026" in page


def test_the_program_page_explains_its_rules_in_words(demo_workers, village_program, cikeruh):
    _submitted(demo_workers, village_program, cikeruh, 4)
    page = page_of(english(demo_workers["tim.koordinasi"]).get(f"/program/{village_program.pk}/"))
    assert "JKK, JKM" in page
    assert "Rp 1.000.000" in page  # the income basis
    assert "Rp 16.800" in page
    assert "Aged 18 to 65 in the first month of protection" in page
    assert "A village enrols only its own residents" in page
    assert "Workers listed in P3KE or DTKS come first" in page
    assert "at least 100" in page
    assert '<td class="num" data-status="submitted">4</td>' in page


def test_the_regional_admin_starts_a_program_from_a_scheme(demo_workers):
    client = english(demo_workers["disnaker"])
    assert "Start a program from a scheme" in page_of(client.get("/program/"))
    response = client.post("/program/", {"scheme": "asn_peduli", "year": "2026"})
    program = Program.objects.get(template="asn_peduli")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/program/{program.pk}/"
    assert program.name == "ASN Peduli Pekerja Rentan 2026"
    page = page_of(client.get(response.headers["Location"]))
    assert "Every civil servant protects at least one vulnerable worker" in page
    again = page_of(client.post("/program/", {"scheme": "asn_peduli", "year": "2026"}))
    assert "A program with this name already exists" in again


def test_only_the_regional_admin_is_offered_to_start_a_program(demo_workers):
    client = english(demo_workers["desa.cikeruh"])
    assert "Start a program from a scheme" not in page_of(client.get("/program/"))
    assert client.post("/program/", {"scheme": "desa_100", "year": "2026"}).status_code == 404
    assert not Program.objects.exists()


def test_a_program_of_another_regency_looks_missing(demo_workers, bandung):
    theirs = _scheme(demo_workers, "desa_100", region="32.04", admin=bandung["admin"])
    client = english(demo_workers["desa.cikeruh"])
    assert "Bandung" not in page_of(client.get("/program/"))
    assert client.get(f"/program/{theirs.pk}/").status_code == 404
    assert client.get(f"/program/{theirs.pk}/pilih/").status_code == 404
    assert client.get("/program/999999/").status_code == 404


# The village operator's enrolment page


def test_a_village_without_a_sponsor_registers_with_its_village_meeting_decision(
    demo_workers, village_program
):
    client = english(demo_workers["desa.cikeruh"])
    url = f"/program/{village_program.pk}/pilih/"
    page = page_of(client.get(url))
    assert "Register as a sponsor" in page
    assert "Village Government of Cikeruh" in page  # the suggested name

    refused = page_of(client.post(url, {"action": "register", "name": "Desa Cikeruh"}))
    assert "This field is required" in refused
    assert not Sponsor.objects.exists()

    response = client.post(
        url,
        {
            "action": "register",
            "name": "Pemerintah Desa Cikeruh",
            "funding_source": "DANA_DESA",
            "decision_number": "141/05/Musdes/2025",
            "decision_date": "2025-12-12",
        },
    )
    assert response.status_code == 302
    sponsor = Sponsor.objects.get()
    assert (sponsor.kind, sponsor.region_id, sponsor.decision_number) == (
        "DESA",
        CIKERUH,
        "141/05/Musdes/2025",
    )
    page = page_of(client.get(url))
    assert "Register as a sponsor" not in page
    assert "0/100" in page


def test_the_village_operator_adds_residents_and_submits_them_for_verification(
    demo_workers, village_program, cikeruh
):
    client = english(demo_workers["desa.cikeruh"])
    url = f"/program/{village_program.pk}/pilih/"
    page = page_of(client.get(url))
    assert "0/100" in page
    assert '<progress value="0" max="100"' in page
    chosen = _eligible(demo_workers, village_program, cikeruh, 3)
    assert chosen[0].name in page
    assert chosen[0].nik not in page  # masked
    assert chosen[0].nik[:4] + "••••••••" + chosen[0].nik[-4:] in page

    response = client.post(url, {"action": "add", "worker": [w.pk for w in chosen]})
    assert response.status_code == 302
    page = page_of(client.get(response.headers["Location"]))
    assert "3 workers added to the list" in page
    assert "3/100" in page
    assert page.count('data-testid="draft"') == 3
    drafts = list(Enrolment.objects.filter(sponsor=cikeruh))
    assert {e.status for e in drafts} == {EnrolmentStatus.DRAFT}
    assert {e.monthly_amount for e in drafts} == {16_800}

    response = client.post(url, {"action": "submit", "enrolment": [e.pk for e in drafts]})
    page = page_of(client.get(response.headers["Location"]))
    assert "3 workers submitted: they await verification by the regional admin" in page
    assert "3 workers await verification by the regional admin." in page
    assert 'data-testid="draft"' not in page
    assert set(Enrolment.objects.values_list("status", flat=True)) == {EnrolmentStatus.SUBMITTED}
    assert AuditEvent.objects.filter(action="enrolment.submit", details__count=3).exists()


def test_the_filter_refreshes_the_list_of_residents(demo_workers, village_program, cikeruh):
    client = english(demo_workers["desa.cikeruh"])
    url = f"/program/{village_program.pk}/pilih/"
    everyone = _eligible(demo_workers, village_program, cikeruh, 1000)
    drivers = [w for w in everyone if w.occupation == "sopir"]
    listed = [w for w in everyone if w.in_p3ke or w.in_dtks]
    assert 0 < len(drivers) < len(everyone)

    rows = page_of(
        client.get(
            url,
            {"filtered": "1", "occupation": "sopir", "unprotected": "on"},
            HTTP_HX_REQUEST="true",
        )
    )
    assert "<html" not in rows  # only the rows, for htmx
    assert rows.count('data-testid="candidate"') == len(drivers)
    assert f"{len(drivers)} residents match" in rows

    rows = page_of(client.get(url, {"filtered": "1", "listed": "on"}, HTTP_HX_REQUEST="true"))
    assert f"{len(listed)} residents match" in rows
    named = page_of(
        client.get(url, {"filtered": "1", "q": drivers[0].name}, HTTP_HX_REQUEST="true")
    )
    assert drivers[0].name in named
    assert f"{len(everyone)} residents match" not in named


def test_protected_residents_are_hidden_by_default_and_shown_without_a_box(
    demo_workers, village_program, cikeruh
):
    (first,) = _submitted(demo_workers, village_program, cikeruh, 1)
    client = english(demo_workers["desa.cikeruh"])
    url = f"/program/{village_program.pk}/pilih/"
    everyone = page_of(client.get(url, {"filtered": "1", "q": first.worker.name}))
    default = page_of(client.get(url, {"q": first.worker.name}))
    assert 'data-protected="1"' in everyone
    assert f'value="{first.worker_id}"' not in everyone  # nothing to tick
    assert 'data-protected="1"' not in default


def test_a_refusal_names_each_worker_and_the_rule_they_fail(demo_workers, village_program, cikeruh):
    operator = demo_workers["desa.cikeruh"]
    too_old = worker_create(
        actor=operator,
        scope=scope_for_user(operator),
        nik="3211150101500007",
        name="Aki Karta",
        village=region_get(code=CIKERUH),
    )
    fine = _eligible(demo_workers, village_program, cikeruh, 1)
    client = english(operator)
    url = f"/program/{village_program.pk}/pilih/"
    response = client.post(url, {"action": "add", "worker": [too_old.pk, fine[0].pk]}, follow=True)
    page = page_of(response)
    assert "Nothing was added: 1 worker cannot join." in page
    assert "Aki Karta (3211••••••••0007): 76 years old, older than 65" in page
    assert not Enrolment.objects.exists()


def test_ticking_a_worker_of_another_village_answers_404(demo_workers, village_program, cikeruh):
    elsewhere = Worker.objects.filter(village_id="32.11.11.2001").first()
    client = english(demo_workers["desa.cikeruh"])
    response = client.post(
        f"/program/{village_program.pk}/pilih/", {"action": "add", "worker": [elsewhere.pk]}
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_the_village_operator_removes_a_draft(demo_workers, village_program, cikeruh):
    operator = demo_workers["desa.cikeruh"]
    (draft,) = enrolments_create(
        actor=operator,
        scope=scope_for_user(operator),
        program=village_program,
        sponsor=cikeruh,
        workers=_eligible(demo_workers, village_program, cikeruh, 1),
    )
    client = english(operator)
    response = client.post(f"/program/{village_program.pk}/pilih/", {"cancel": draft.pk})
    page = page_of(client.get(response.headers["Location"]))
    assert f"{draft.worker.name} was taken off the list" in page
    assert "0/100" in page
    draft.refresh_from_db()
    assert draft.status == EnrolmentStatus.CANCELLED


def test_another_village_cannot_touch_these_enrolments(demo_workers, village_program, cikeruh):
    (draft,) = enrolments_create(
        actor=demo_workers["desa.cikeruh"],
        scope=scope_for_user(demo_workers["desa.cikeruh"]),
        program=village_program,
        sponsor=cikeruh,
        workers=_eligible(demo_workers, village_program, cikeruh, 1),
    )
    gudang = english(demo_workers["desa.gudang"])
    url = f"/program/{village_program.pk}/pilih/"
    assert "Register as a sponsor" in page_of(gudang.get(url))  # Gudang has no sponsor yet
    assert gudang.get(f"{url}?sponsor={cikeruh.pk}").status_code == 404
    assert gudang.post(f"{url}?sponsor={cikeruh.pk}", {"cancel": draft.pk}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == EnrolmentStatus.DRAFT


def test_an_agency_operator_registers_its_agency_as_a_sponsor(demo_workers):
    program = _scheme(demo_workers, "mitra_instansi")
    operator = demo_workers["opd.dppkbp3a"]
    client = english(operator)
    url = f"/program/{program.pk}/pilih/"
    page = page_of(client.get(url))
    assert "Register as a sponsor" in page
    assert "decision_number" not in page  # only villages hold a village meeting
    client.post(url, {"action": "register", "name": str(operator.agency), "funding_source": "APBD"})
    sponsor = Sponsor.objects.get()
    assert (sponsor.kind, sponsor.agency, sponsor.region_id) == ("OPD", operator.agency, "32.11")
    assert "0 residents match" in page_of(client.get(url))  # the agency registered no one yet


def test_the_enrolment_page_reads_the_same_few_queries_however_long_the_lists(
    demo_workers, village_program, cikeruh, django_assert_max_num_queries
):
    client = english(demo_workers["desa.cikeruh"])
    url = f"/program/{village_program.pk}/pilih/"
    client.get(url)  # the session and the user, once
    _submitted(demo_workers, village_program, cikeruh, 40)
    operator = demo_workers["desa.cikeruh"]
    enrolments_create(
        actor=operator,
        scope=scope_for_user(operator),
        program=village_program,
        sponsor=cikeruh,
        workers=_eligible(demo_workers, village_program, cikeruh, 30),
    )
    with django_assert_max_num_queries(10):
        page = page_of(client.get(url))
    assert page.count('data-testid="draft"') == 30
    remaining = len(_eligible(demo_workers, village_program, cikeruh, 1000))
    assert f"{remaining} residents match" in page
    assert page.count('data-testid="candidate"') == min(remaining, 50)  # one page
    admin = english(demo_workers["disnaker"])
    admin.get("/kepesertaan/verifikasi/")
    with django_assert_max_num_queries(5):
        assert page_of(admin.get("/kepesertaan/verifikasi/")).count('data-testid="pending"') == 40


# Verification by the regional admin


def test_the_admin_approves_and_returns_with_a_reason(demo_workers, village_program, cikeruh):
    first, second, third = _submitted(demo_workers, village_program, cikeruh, 3)
    admin = english(demo_workers["disnaker"])
    page = page_of(admin.get("/kepesertaan/verifikasi/"))
    assert "3 enrolments await verification" in page
    assert "Pemerintah Desa Cikeruh" in page
    assert "141/05/Musdes/2025" in page
    assert first.worker.name in page

    approved = admin.post(
        "/kepesertaan/verifikasi/",
        {"sponsor": cikeruh.pk, "action": "approve", "enrolment": [first.pk]},
        follow=True,
    )
    assert "1 enrolment of Pemerintah Desa Cikeruh verified" in page_of(approved)

    no_reason = admin.post(
        "/kepesertaan/verifikasi/",
        {"sponsor": cikeruh.pk, "action": "return", "enrolment": [second.pk], "reason": " "},
        follow=True,
    )
    assert "Say why the enrolments are returned" in page_of(no_reason)

    admin.post(
        "/kepesertaan/verifikasi/",
        {
            "sponsor": cikeruh.pk,
            "action": "return",
            "enrolment": [second.pk],
            "reason": "NIK tidak sesuai KTP",
        },
    )
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses[first.pk] == EnrolmentStatus.VERIFIED
    assert statuses[second.pk] == EnrolmentStatus.DRAFT
    assert statuses[third.pk] == EnrolmentStatus.SUBMITTED

    village = page_of(
        english(demo_workers["desa.cikeruh"]).get(f"/program/{village_program.pk}/pilih/")
    )
    assert "Returned: NIK tidak sesuai KTP" in village

    admin.post("/kepesertaan/verifikasi/", {"sponsor": cikeruh.pk, "action": "approve_all"})
    assert Enrolment.objects.filter(status=EnrolmentStatus.VERIFIED).count() == 2
    assert "Nothing awaits verification." in page_of(admin.get("/kepesertaan/verifikasi/"))


def test_the_admin_cannot_verify_what_they_submitted(demo_workers, village_program, cikeruh):
    admin = english(demo_workers["disnaker"])
    url = f"/program/{village_program.pk}/pilih/?sponsor={cikeruh.pk}"
    chosen = _eligible(demo_workers, village_program, cikeruh, 1)
    admin.post(url, {"action": "add", "worker": [chosen[0].pk]})
    draft = Enrolment.objects.get()
    admin.post(url, {"action": "submit", "enrolment": [draft.pk]})
    response = admin.post(
        "/kepesertaan/verifikasi/",
        {"sponsor": cikeruh.pk, "action": "approve", "enrolment": [draft.pk]},
        follow=True,
    )
    assert f"You submitted {chosen[0].name} yourself: another officer must verify it" in page_of(
        response
    )
    draft.refresh_from_db()
    assert draft.status == EnrolmentStatus.SUBMITTED


def test_a_village_operator_cannot_verify(demo_workers, village_program, cikeruh):
    (first,) = _submitted(demo_workers, village_program, cikeruh, 1)
    client = english(demo_workers["desa.cikeruh"])
    page = page_of(client.get("/kepesertaan/verifikasi/"))
    assert "Only the regional admin verifies enrolments" in page
    response = client.post(
        "/kepesertaan/verifikasi/",
        {"sponsor": cikeruh.pk, "action": "approve", "enrolment": [first.pk]},
        follow=True,
    )
    assert "Only the regional admin verifies enrolments" in page_of(response)
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.SUBMITTED


# Enrolments and sponsors


def test_the_enrolment_list_is_scoped_filtered_and_masks_the_kpj(
    demo_workers, village_program, cikeruh
):
    first, second = _submitted(demo_workers, village_program, cikeruh, 2)
    Enrolment.objects.filter(pk=first.pk).update(status="active", kpj="26012345678")
    admin = english(demo_workers["disnaker"])
    page = page_of(admin.get("/kepesertaan/"))
    assert "2 enrolments" in page
    assert first.worker.name in page and second.worker.name in page
    assert "26012345678" not in page
    assert "•••••••5678" in page
    assert first.worker.nik not in page

    active = page_of(admin.get("/kepesertaan/", {"status": "active"}, HTTP_HX_REQUEST="true"))
    assert "1 enrolment" in active
    assert second.worker.name not in active
    found = page_of(
        admin.post("/kepesertaan/", {"search_form": "1", "q": second.worker.nik}, follow=True)
    )
    assert second.worker.name in found  # a whole NIK, posted (never in the address)

    gudang = page_of(english(demo_workers["desa.gudang"]).get("/kepesertaan/"))
    assert "0 enrolments" in gudang
    assert first.worker.name not in gudang


def test_the_sponsor_pages_show_the_village_meeting_and_the_quota(
    demo_workers, village_program, cikeruh
):
    _submitted(demo_workers, village_program, cikeruh, 5)
    admin = english(demo_workers["disnaker"])
    listing = page_of(admin.get("/sponsor/"))
    assert "Pemerintah Desa Cikeruh" in listing
    assert "Village budget: Dana Desa" in listing
    detail = page_of(admin.get(f"/sponsor/{cikeruh.pk}/"))
    assert "141/05/Musdes/2025, 12 Dec 2025" in detail
    assert "SD: village, APBDes" in detail
    assert "5/100" in detail
    gudang = english(demo_workers["desa.gudang"])
    assert "Pemerintah Desa Cikeruh" not in page_of(gudang.get("/sponsor/"))
    assert gudang.get(f"/sponsor/{cikeruh.pk}/").status_code == 404


# Batches for BPJS


def test_the_admin_makes_a_batch_and_bpjs_sees_it(demo_workers, village_program, cikeruh):
    enrolments = _submitted(demo_workers, village_program, cikeruh, 3)
    admin_user = demo_workers["disnaker"]
    enrolments_verify(
        actor=admin_user, scope=scope_for_user(admin_user), enrolments=enrolments, approve=True
    )
    admin = english(admin_user)
    page = page_of(admin.get("/kepesertaan/kirim/"))
    assert "1 Desa Melindungi 100 Pekerja Rentan 2026 (3 verified)" in page
    response = admin.post("/kepesertaan/kirim/", {"program": village_program.pk}, follow=True)
    page = page_of(response)
    assert "Batch LND-3211-202601-0001 made with 3 enrolments" in page
    assert "No verified enrolments are waiting to be sent." in page
    bpjs = page_of(english(demo_workers["bpjs.sumedang"]).get("/kepesertaan/kirim/"))
    assert "LND-3211-202601-0001" in bpjs
    assert "sent 3" in bpjs


@pytest.fixture
def batch(demo_workers, village_program, cikeruh):
    enrolments = _submitted(demo_workers, village_program, cikeruh, 3)
    admin = demo_workers["disnaker"]
    enrolments_verify(actor=admin, scope=scope_for_user(admin), enrolments=enrolments, approve=True)
    return batch_create(actor=admin, scope=scope_for_user(admin), program=village_program)


@pytest.mark.parametrize("username", ["disnaker", "bpjs.sumedang"])
def test_the_registration_file_asks_the_purpose_and_is_recorded(demo_workers, batch, username):
    client = english(demo_workers[username])
    url = f"/kepesertaan/kirim/{batch.pk}/berkas/"
    assert "Purpose of this download" in page_of(client.get(url))
    assert "This field is required" in page_of(client.post(url, {"purpose": ""}))
    response = client.post(url, {"purpose": "Pendaftaran kolektif ke BPJS Sumedang"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == f'attachment; filename="{batch.number}.xlsx"'
    assert response.content.startswith(b"PK")  # a zip: the workbook
    event = AuditEvent.objects.get(action="batch.export")
    assert event.details["purpose"] == "Pendaftaran kolektif ke BPJS Sumedang"
    assert event.actor == demo_workers[username]


def test_the_coordination_team_cannot_download_full_niks(demo_workers, batch):
    client = english(demo_workers["tim.koordinasi"])
    page = page_of(client.post(f"/kepesertaan/kirim/{batch.pk}/berkas/", {"purpose": "Rapat"}))
    assert "Only the regional admin or BPJS can download the batch file" in page
    assert not AuditEvent.objects.filter(action="batch.export").exists()


def test_the_handover_statement_is_a_pdf(demo_workers, batch):
    response = english(demo_workers["disnaker"]).get(f"/kepesertaan/kirim/{batch.pk}/berita-acara/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert batch.number in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_bpjs_uploads_its_confirmation_and_reads_the_unmatched_rows(demo_workers, batch, tmp_path):
    first, second, third = Enrolment.objects.filter(batch=batch).order_by("id")
    answer = tmp_path / "konfirmasi-bpjs.csv"
    answer.write_text(
        "NIK;KPJ;Tanggal Efektif;Keterangan\n"
        f"{first.worker.nik};26010000001;2026-01-01;\n"
        f"{second.worker.nik};;;NIK tidak terdaftar di Dukcapil\n"
        "3211150101900099;26010000003;2026-01-01;\n"
    )
    client = english(demo_workers["bpjs.sumedang"])
    assert "BPJS confirmation file" in page_of(client.get("/kepesertaan/konfirmasi/"))
    with answer.open("rb") as upload:
        page = page_of(client.post("/kepesertaan/konfirmasi/", {"file": upload}))
    assert '<h3 data-testid="total-rows">3</h3>' in page
    assert '<h3 data-testid="activated">1</h3>' in page
    assert '<h3 data-testid="rejected">1</h3>' in page
    assert '<h3 data-testid="unmatched">1</h3>' in page
    assert "3211••••••••0099" in page
    assert "3211150101900099" not in page
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert statuses[first.pk] == EnrolmentStatus.ACTIVE
    assert statuses[second.pk] == EnrolmentStatus.REJECTED
    assert statuses[third.pk] == EnrolmentStatus.SENT
    enrolments = page_of(english(demo_workers["disnaker"]).get("/kepesertaan/"))
    assert "NIK tidak terdaftar di Dukcapil" in enrolments
    assert "•••••••0001" in enrolments and "26010000001" not in enrolments


def test_a_broken_confirmation_file_is_refused_with_its_line(demo_workers, batch, tmp_path):
    answer = tmp_path / "konfirmasi.csv"
    answer.write_text("NIK;KPJ;Tanggal Efektif\n12345;26010000001;2026-01-01\n")
    client = english(demo_workers["disnaker"])
    with answer.open("rb") as upload:
        page = page_of(client.post("/kepesertaan/konfirmasi/", {"file": upload}))
    assert "Nothing was written" in page
    assert "line 2" in page
    assert 'data-testid="confirmation-result"' not in page
    assert not Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).exists()


def test_a_village_operator_cannot_import_confirmations(demo_workers, batch, tmp_path):
    answer = tmp_path / "konfirmasi.csv"
    answer.write_text("NIK;KPJ;Tanggal Efektif\n3211150101900099;26010000001;2026-01-01\n")
    client = english(demo_workers["desa.cikeruh"])
    assert 'data-testid="confirmation-form"' not in page_of(client.get("/kepesertaan/konfirmasi/"))
    with answer.open("rb") as upload:
        page = page_of(client.post("/kepesertaan/konfirmasi/", {"file": upload}))
    assert "Only the regional admin or BPJS imports BPJS&#x27;s confirmations" in page


def test_a_village_operator_sees_no_batches(demo_workers, batch):
    client = english(demo_workers["desa.cikeruh"])
    assert batch.number not in page_of(client.get("/kepesertaan/kirim/"))
    assert client.get(f"/kepesertaan/kirim/{batch.pk}/berkas/").status_code == 404
    assert client.get(f"/kepesertaan/kirim/{batch.pk}/berita-acara/").status_code == 404


# The civil servant


@pytest.fixture
def asn_program(demo_workers) -> Program:
    return _scheme(demo_workers, "asn_peduli")


def test_a_civil_servant_protects_a_household_worker_and_sees_the_deduction(
    demo_workers, asn_program
):
    client = english(demo_workers["asn.rina"])
    page = page_of(client.get("/asn/"))
    assert "You do not protect any worker yet." in page
    assert "ASN Peduli Pekerja Rentan 2026" in page

    refused = page_of(
        client.post(
            "/asn/",
            {
                "action": "protect",
                "nik": "3211155208850003",
                "name": "Euis Komariah",
                "village": CIKERUH,
                "occupation": "asisten rumah tangga",
            },
        )
    )
    assert "This field is required" in refused  # the consent box
    assert not Worker.objects.filter(name="Euis Komariah").exists()

    response = client.post(
        "/asn/",
        {
            "action": "protect",
            "nik": "3211155208850003",
            "name": "Euis Komariah",
            "village": CIKERUH,
            "occupation": "asisten rumah tangga",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    page = page_of(client.get("/asn/"))
    # Submitted, not protected yet: nothing is deducted until BPJS activates it.
    assert "Euis Komariah: submitted, awaiting verification." in page
    assert "protected from" not in page
    assert '<h3 data-testid="deduction">Rp 0</h3>' in page
    assert "3211••••••••0003" in page
    worker = Worker.objects.get(nik="3211155208850003")
    assert (worker.category, worker.added_by) == ("BPU", demo_workers["asn.rina"])
    assert Enrolment.objects.get(worker=worker).status == EnrolmentStatus.SUBMITTED


def test_a_civil_servant_withdraws_a_consent_from_next_month(demo_workers, asn_program):
    client = english(demo_workers["asn.rina"])
    client.post(
        "/asn/",
        {
            "action": "protect",
            "nik": "3211151203800004",
            "name": "Ujang Sopandi",
            "village": CIKERUH,
            "occupation": "sopir",
            "consent": "on",
        },
    )
    consent_id = Sponsor.objects.get(kind="ASN").consents.get().pk
    response = client.post("/asn/", {"action": "withdraw", "consent": consent_id}, follow=True)
    page = page_of(response)
    # Never activated: cancelled, nothing deducted (not "stops after January").
    assert "Consent for Ujang Sopandi withdrawn: the enrolment is cancelled" in page
    assert "cancelled before activation" in page
    other = english(demo_workers["disnaker"])
    assert other.post("/asn/", {"action": "withdraw", "consent": consent_id}).status_code == 404
    assert client.post("/asn/", {"action": "withdraw", "consent": 999999}).status_code == 404


def test_an_agency_operator_sees_which_of_its_civil_servants_take_part(
    demo_workers, asn_program, make_user
):
    agency = demo_workers["opd.dppkbp3a"].agency
    budi = make_user("asn.budi", Role.ASN, "32.11", agency=agency)
    make_user("asn.sari", Role.ASN, "32.11", agency=agency)
    budi.nip = "199001012015031001"
    budi.save()
    english(budi).post(
        "/asn/",
        {
            "action": "protect",
            "nik": "3211151203800004",
            "name": "Ujang Sopandi",
            "village": CIKERUH,
            "occupation": "sopir",
            "consent": "on",
        },
    )
    servants = User.objects.filter(role=Role.ASN)
    in_agency = servants.filter(agency=agency).count()
    assert in_agency >= 2
    page = page_of(english(demo_workers["opd.dppkbp3a"]).get("/asn/"))
    assert f"<strong>1/{in_agency}</strong> civil servants protect at least one worker" in page
    assert "Asn.Budi" in page and "Asn.Sari" in page
    assert "Rina Kurniasih" not in page  # another agency's civil servant
    regency = page_of(english(demo_workers["disnaker"]).get("/asn/"))
    assert (
        f"<strong>1/{servants.count()}</strong> civil servants protect at least one worker"
        in regency
    )
    assert "Rina Kurniasih" in regency


# Every page, every role


PAGES = [
    "/program/",
    "/kepesertaan/",
    "/kepesertaan/verifikasi/",
    "/kepesertaan/kirim/",
    "/kepesertaan/konfirmasi/",
    "/sponsor/",
    "/asn/",
]


@pytest.mark.parametrize(
    "username",
    [
        "disnaker",
        "desa.cikeruh",
        "opd.dppkbp3a",
        "asn.rina",
        "bpjs.sumedang",
        "tim.koordinasi",
        "admin",
    ],
)
def test_every_programs_page_renders_for_every_role(
    demo_workers, village_program, cikeruh, username
):
    client = Client()  # in Bahasa Indonesia, as users read it
    client.force_login(demo_workers[username])
    for url in [*PAGES, f"/program/{village_program.pk}/", f"/program/{village_program.pk}/pilih/"]:
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
        if response.status_code == 200:
            assert "<script>" not in response.content.decode()


def test_the_menu_offers_each_role_its_programs_pages(demo_workers):
    village = page_of(english(demo_workers["desa.cikeruh"]).get("/"))
    assert 'href="/program/"' in village
    assert 'href="/kepesertaan/verifikasi/"' not in village
    admin = page_of(english(demo_workers["disnaker"]).get("/"))
    assert 'href="/kepesertaan/verifikasi/"' in admin
    assert 'href="/kepesertaan/kirim/"' in admin
    civil_servant = page_of(english(demo_workers["asn.rina"]).get("/"))
    assert 'href="/asn/"' in civil_servant
    assert 'href="/kepesertaan/kirim/"' not in civil_servant


def test_a_resident_is_found_by_whole_nik_posted_never_by_its_start(
    demo_workers, village_program, cikeruh
):
    client = english(demo_workers["desa.cikeruh"])
    url = f"/program/{village_program.pk}/pilih/"
    resident = _eligible(demo_workers, village_program, cikeruh, 1000)[0]
    response = client.post(url, {"search_form": "1", "filtered": "1", "q": resident.nik})
    assert response.status_code == 302 and resident.nik not in response["Location"]
    found = page_of(client.get(response["Location"], HTTP_HX_REQUEST="true"))
    assert f'value="{resident.pk}"' in found and "1 resident matches" in found
    event = AuditEvent.objects.get(action="worker.search_nik")
    assert event.details["where"] == "program candidates"
    start = client.post(url, {"search_form": "1", "filtered": "1", "q": resident.nik[:10]})
    assert f'value="{resident.pk}"' not in page_of(client.get(start["Location"]))
