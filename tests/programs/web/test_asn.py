"""The civil servant's pages: the village picker, protecting a worker already registered, the
status lines that say where an enrolment stands, and this month's deduction as on the TPP
list."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.selectors.tpp import tpp_deductions
from lindungi.billing.services.runs import billing_run
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.transitions import enrolments_verify
from lindungi.programs.web.asn import status_line
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from tests.conftest import activate, client_for
from tests.programs.test_asn import _resident
from tests.programs.web.test_programs import english, page_of

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
CIKERUH = "32.11.15.2001"


@pytest.fixture(autouse=True)
def january_2026():
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, 0, tzinfo=JAKARTA), tick=False):
        yield


@pytest.fixture
def asn_program(demo_workers) -> Program:
    admin = demo_workers["disnaker"]
    return program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )


def _options(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)"', response.content.decode())


# The village picker


def test_the_village_picker_offers_the_villages_of_the_readers_regency(demo):
    rina = english(demo["asn.rina"])
    (cikeruh,) = _options(rina.get("/wilayah/pilih-desa/", {"q": "cikeruh"}))
    assert cikeruh == "Cikeruh · Jatinangor · 32.11.15.2001"
    # The form's own field is read too (htmx sends the input by its name).
    assert _options(rina.get("/wilayah/pilih-desa/", {"village": "3211152001"})) == [cikeruh]
    assert cikeruh in _options(rina.get("/wilayah/pilih-desa/", {"q": "32.11.15.2"}))
    # Bounded: a common fragment gives at most 20, all of the regency.
    many = _options(rina.get("/wilayah/pilih-desa/", {"q": "ci", "limit": "1000"}))
    assert len(many) == 20 and all(option.endswith(tuple("0123456789")) for option in many)
    assert all(" · 32.11." in option for option in many)
    # Scoped: another regency's village is not offered; a village operator sees only hers.
    assert _options(rina.get("/wilayah/pilih-desa/", {"q": "32.04.05"})) == []
    gudang = english(demo["desa.gudang"])
    assert _options(gudang.get("/wilayah/pilih-desa/", {"q": "cikeruh"})) == []
    assert len(_options(gudang.get("/wilayah/pilih-desa/", {"q": "gudang"}))) == 1


@pytest.mark.parametrize(
    "query", ["", "c", " ", "\x00", "%", "_", "x" * 5000, "'; drop table", "💥💥", "32.11.15."]
)
def test_the_village_picker_answers_any_input_without_error(demo, query):
    response = english(demo["asn.rina"]).get("/wilayah/pilih-desa/", {"q": query})
    assert response.status_code == 200
    assert len(_options(response)) <= 20


def test_the_village_picker_is_for_signed_in_users_only(demo):
    assert Client().get("/wilayah/pilih-desa/", {"q": "cikeruh"}).status_code == 302


def test_the_village_search_api_is_scoped_and_bounded(demo, bandung):
    rina = client_for(demo["asn.rina"])
    (found,) = rina.get("/api/v1/villages", {"q": "cikeruh"}).json()
    assert found == {
        "code": CIKERUH,
        "name": "Cikeruh",
        "district_code": "32.11.15",
        "district_name": "Jatinangor",
    }
    assert len(rina.get("/api/v1/villages", {"q": "ci", "limit": 500}).json()) == 20
    assert rina.get("/api/v1/villages", {"q": "x"}).json() == []
    other = client_for(bandung["admin"])
    assert other.get("/api/v1/villages", {"q": "cikeruh"}).json() == []
    assert Client().get("/api/v1/villages", {"q": "cikeruh"}).status_code == 401


# Protecting on the page


def _protect(client: Client, **fields: str):
    return client.post("/asn/", {"action": "protect", "consent": "on", **fields})


def test_the_page_protects_a_registered_worker_found_by_nik(demo_workers, asn_program):
    worker = _resident(asn_program)
    client = english(demo_workers["asn.rina"])
    page = page_of(client.get("/asn/"))
    assert 'list="village-options"' in page and 'hx-get="/wilayah/pilih-desa/"' in page
    refused = page_of(_protect(client, nik=worker.nik, name="Bukan Namanya"))
    assert "under another name: type the name as on the KTP" in refused
    assert worker.name not in refused

    response = _protect(client, nik=worker.nik, name=worker.name)
    assert response.status_code == 302
    page = page_of(client.get("/asn/"))
    assert f"{worker.name}: submitted, awaiting verification." in page
    assert "is protected from" not in page
    (row,) = re.findall(r'<tr data-testid="household-worker">.*?</tr>', page, re.S)
    assert worker.occupation not in row  # shown only for the workers she registered
    assert f"{worker.nik[:4]}••••••••{worker.nik[-4:]}" in row
    assert worker.nik not in page
    # A second time: the worker is already protected for those months.
    again = page_of(_protect(client, nik=worker.nik, name=worker.name))
    assert "already protected for Jan 2026 to Dec 2026: a month is never funded twice" in again


def test_a_new_worker_needs_a_village_picked_or_typed(demo_workers, asn_program):
    client = english(demo_workers["asn.rina"])
    fields = {"nik": "3211155208850003", "name": "Euis Komariah", "occupation": "sopir"}
    assert "Choose the village where the worker lives" in page_of(_protect(client, **fields))
    several = page_of(_protect(client, **fields, village="Pamulihan"))
    assert "Several villages are named Pamulihan" in several
    assert "No village of your region has the code 32.04.05.2001" in page_of(
        _protect(client, **fields, village="32.04.05.2001")
    )
    assert not Worker.objects.filter(nik="3211155208850003").exists()
    # Without the picker (no JavaScript): a name only one village bears is enough.
    assert _protect(client, **fields, village="cikeruh").status_code == 302
    assert Worker.objects.get(nik="3211155208850003").village_id == CIKERUH


@pytest.mark.parametrize(
    "fields",
    [
        {"nik": "123", "name": "A"},
        {"nik": "3211155208850003", "name": "A\x00B", "village": CIKERUH},
        {"nik": "3211155208850003", "name": "x", "village": "\x00" * 3},
        {"nik": "9999999999999999", "name": "x", "village": CIKERUH, "occupation": "sopir"},
        {"nik": "3211155208850003", "name": "x" * 500, "village": "y" * 500},
    ],
)
def test_bad_input_is_refused_on_the_form(demo_workers, asn_program, fields):
    response = _protect(english(demo_workers["asn.rina"]), **fields)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Enrolment.objects.exists()


def test_each_status_line_says_where_the_enrolment_stands(demo_workers, asn_program):
    rina = demo_workers["asn.rina"]
    client = english(rina)
    _protect(
        client, nik="3211155208850003", name="Euis Komariah", village=CIKERUH, occupation="sopir"
    )
    enrolment = Enrolment.objects.get()
    assert status_line(enrolment) == "submitted, awaiting verification"
    checker = demo_workers["verifikator"]
    enrolments_verify(
        actor=checker, scope=scope_for_user(checker), enrolments=[enrolment], approve=True
    )
    enrolment.refresh_from_db()
    assert status_line(enrolment) == "verified, awaiting sending to BPJS"
    assert "verified, awaiting sending to BPJS" in page_of(client.get("/asn/"))
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.SENT)
    enrolment.refresh_from_db()
    assert status_line(enrolment) == "sent to BPJS, awaiting its confirmation"
    (enrolment,) = activate([enrolment])
    assert status_line(enrolment) == "active from January 2026"
    assert "active from January 2026" in page_of(client.get("/asn/"))
    consent = enrolment.sponsor.consents.get()
    withdrawn = client.post("/asn/", {"action": "withdraw", "consent": consent.pk}, follow=True)
    assert "The deduction for Euis Komariah stops after January 2026" in page_of(withdrawn)
    enrolment.refresh_from_db()
    assert status_line(enrolment) == "ended after January 2026"
    enrolment.status, enrolment.rejected_reason = EnrolmentStatus.REJECTED, "NIK tidak valid"
    assert status_line(enrolment) == "rejected by BPJS: NIK tidak valid"


def test_the_deduction_on_the_page_is_the_amount_on_the_tpp_list(demo_workers, asn_program):
    """Two workers: one active and billed for January, one still waiting for verification.
    The page and the agency's TPP list both say Rp 16.800 (the page once said Rp 33.600)."""
    rina, admin = demo_workers["asn.rina"], demo_workers["disnaker"]
    client = english(rina)
    _protect(
        client, nik="3211155208850003", name="Euis Komariah", village=CIKERUH, occupation="sopir"
    )
    activate(list(Enrolment.objects.all()))
    _protect(
        client, nik="3211151203800004", name="Ujang Sopandi", village=CIKERUH, occupation="sopir"
    )
    billing_run(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        month=dt.date(2026, 1, 1),
        today=dt.date(2026, 1, 5),
    )
    listed = tpp_deductions(
        scope=scope_for_user(admin), agency=rina.agency, month=dt.date(2026, 1, 1)
    )
    (row,) = [row for row in listed.rows if row.nip == rina.nip]
    assert row.amount == 16_800
    page = page_of(client.get("/asn/"))
    assert '<h3 data-testid="deduction">Rp 16.800</h3>' in page
    tpp_page = page_of(english(admin).get("/tpp/", {"agency": rina.agency.pk, "month": "2026-01"}))
    assert re.search(rf"{rina.nip}</td>.*?Rp 16\.800</td>", tpp_page, re.S)
