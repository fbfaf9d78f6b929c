"""The regional admin registers every kind of sponsor from the sponsors page, each with the
fields its kind needs (`sponsor_create`, as the API)."""

import pytest
from django.conf import settings
from django.test import Client

from lindungi.accounts.models import Agency, User
from lindungi.programs.models import Sponsor
from lindungi.workers.models import Worker

URL = "/sponsor/baru/"


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("kind", "fields", "source", "group"),
    [
        ("PERUSAHAAN", {"name": "PT Kahatex (CSR)", "contact": "csr@kahatex.co.id"}, "CSR", "SC"),
        ("BAZNAS", {"name": "Baznas Kabupaten Sumedang"}, "ZAKAT", ""),
        ("DONATUR", {"name": "Pemprov Jawa Barat", "funding_source": "APBD"}, "APBD", ""),
    ],
)
def test_companies_baznas_and_donors_are_registered_on_the_page(
    demo_workers, kind, fields, source, group
):
    page = english(demo_workers["disnaker"])
    form = page.get(f"{URL}?jenis={kind}").content.decode()
    assert 'data-testid="sponsor-form"' in form
    assert 'name="village_code"' not in form and 'name="agency"' not in form
    response = page.post(URL, {"jenis": kind, "funding_source": source, **fields})
    sponsor = Sponsor.objects.get(kind=kind)
    assert response.status_code == 302 and response["Location"] == f"/sponsor/{sponsor.pk}/"
    assert (sponsor.name, sponsor.funding_source, sponsor.group_code) == (
        fields["name"],
        source,
        group,
    )
    assert sponsor.region_id == "32.11" and sponsor.created_by == demo_workers["disnaker"]


def test_a_village_an_agency_a_civil_servant_and_a_self_payer_with_their_fields(demo_workers):
    page = english(demo_workers["disnaker"])
    village = page.get(f"{URL}?jenis=DESA").content.decode()
    assert 'name="village_code"' in village and 'name="decision_number"' in village
    page.post(
        URL,
        {
            "jenis": "DESA",
            "name": "Pemerintah Desa Gudang",
            "village_code": "32.11.11.2001",
            "funding_source": "ADD",
            "decision_number": "141/2/2025",
            "decision_date": "2025-12-01",
        },
    )
    assert Sponsor.objects.get(kind="DESA").decision_number == "141/2/2025"
    agency = Agency.objects.get(code="dinkes")
    page.post(
        URL,
        {"jenis": "OPD", "name": "Dinas Kesehatan", "agency": agency.pk, "funding_source": "APBD"},
    )
    assert Sponsor.objects.get(kind="OPD").agency == agency
    rina = User.objects.get(username="asn.rina")
    assert "198703152010012004" in page.get(f"{URL}?jenis=ASN").content.decode()
    page.post(
        URL,
        {"jenis": "ASN", "name": "Rina Kurniasih", "account": rina.pk, "funding_source": "TPP"},
    )
    assert Sponsor.objects.get(kind="ASN").nip == "198703152010012004"
    worker = Worker.objects.filter(nik__startswith="3211").first()
    page.post(
        URL,
        {
            "jenis": "MANDIRI",
            "name": worker.name,
            "worker_nik": worker.nik,
            "funding_source": "SELF",
        },
    )
    assert Sponsor.objects.get(kind="MANDIRI").worker == worker


def test_a_broken_form_names_the_field_and_others_may_not_register(demo_workers):
    page = english(demo_workers["disnaker"])
    response = page.post(
        URL, {"jenis": "DESA", "name": "X", "village_code": "99.99", "funding_source": "ADD"}
    )
    assert response.status_code == 200
    assert "Unknown region: 99.99" in response.content.decode()
    nobody = page.post(
        URL, {"jenis": "MANDIRI", "name": "X", "worker_nik": "0" * 16, "funding_source": "SELF"}
    )
    assert "No worker with this NIK in your area" in nobody.content.decode()
    assert not Sponsor.objects.exists()
    assert "sponsor-new" in page.get("/sponsor/").content.decode()
    village = english(demo_workers["desa.cikeruh"])
    assert village.get(URL).status_code == 403
    assert "sponsor-new" not in village.get("/sponsor/").content.decode()
    assert village.post(URL, {"jenis": "BAZNAS", "name": "X"}).status_code == 403
