"""Statement lines and co-funding through the pages, the API and `lindungi billing`: the same
services, the same scope (out of scope is 404, a line resolved twice 409)."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from lindungi.billing.models import CostShare, Payment, StatementLine
from lindungi.core.models import AuditEvent

from .conftest import scope_of


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _call(*args):
    out = StringIO()
    call_command("billing", *args, stdout=out)
    return out.getvalue()


def _line_url(statement, line):
    return f"/pembayaran/rekening-koran/{statement.pk}/baris/{line}/"


def test_the_statement_page_resolves_a_line_and_shows_who_when_and_why(
    admin, demo_workers, statement, gudang
):
    page = english(demo_workers["bpjs.sumedang"])
    detail = f"/pembayaran/rekening-koran/{statement['statement'].pk}/"
    html = page.get(detail).content.decode()
    assert html.count('data-testid="resolve"') == 3
    assert "3 rows wait for a check" in html
    listing = page.get("/pembayaran/rekening-koran/").content.decode()
    assert 'data-testid="open-lines">3<' in listing
    response = page.post(
        _line_url(statement["statement"], 2),
        {
            "outcome": "allocated",
            "bill": statement["bills"][gudang.pk].number,
            "reason": "Gudang transferred less",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Line 2 resolved: allocated to a bill" in html
    assert "Gudang transferred less" in html and "2 rows wait for a check" in html
    assert Payment.objects.filter(statement=statement["statement"], line=2).exists()
    again = page.post(
        _line_url(statement["statement"], 2),
        {"outcome": "refund", "reason": "twice"},
        follow=True,
    )
    assert "This statement line was already resolved" in again.content.decode()
    assert AuditEvent.objects.filter(action__startswith="statement_line.").count() == 1


def test_the_page_refuses_outsiders_and_readers_who_do_not_resolve(
    demo_workers, bandung, statement
):
    url = _line_url(statement["statement"], 3)
    form = {"outcome": "not_ours", "reason": "x"}
    assert english(bandung["admin"]).post(url, form).status_code == 404
    assert english(demo_workers["desa.cikeruh"]).post(url, form).status_code == 404
    assert english(demo_workers["tim.koordinasi"]).post(url, form).status_code == 403
    assert (
        english(demo_workers["disnaker"])
        .post(_line_url(statement["statement"], 9), form)
        .status_code
        == 404
    )
    detail = english(demo_workers["tim.koordinasi"]).get(
        f"/pembayaran/rekening-koran/{statement['statement'].pk}/"
    )
    assert 'data-testid="resolve"' not in detail.content.decode()
    assert not StatementLine.objects.filter(resolved_at__isnull=False).exists()


def test_the_api_resolves_a_line_once_and_counts_the_open_ones(demo_workers, bandung, statement):
    api = english(demo_workers["bpjs.sumedang"])
    assert api.get("/api/v1/payments/statements/lines/open").json() == {"count": 3}
    url = f"/api/v1/payments/statements/{statement['statement'].pk}/lines/5/resolve"
    body = json.dumps({"outcome": "refund", "reason": "paid twice in one statement"})
    done = api.post(url, body, content_type="application/json")
    assert done.status_code == 200, done.content
    assert (done.json()["outcome"], done.json()["resolved_by"], done.json()["payment_id"]) == (
        "refund",
        "bpjs.sumedang",
        None,
    )
    again = api.post(url, body, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "statement_line.resolved")
    outsider = english(bandung["admin"]).post(url, body, content_type="application/json")
    assert outsider.status_code == 404
    missing = api.post(
        url.replace("/5/", "/3/"),
        json.dumps({"outcome": "allocated", "reason": "x"}),
        content_type="application/json",
    )
    assert (missing.status_code, missing.json()["code"]) == (422, "statement_line.bill_missing")
    detail = api.get(f"/api/v1/payments/statements/{statement['statement'].pk}").json()
    assert [line["outcome"] for line in detail["unmatched_lines"]] == ["", "", "refund"]
    assert api.get("/api/v1/payments/statements/lines/open").json() == {"count": 2}


def test_the_command_lists_and_resolves_lines(statement, gudang):
    listed = _call("lines", "--as", "disnaker")
    assert "3 line(s) wait for a human" in listed
    out = _call(
        "resolve",
        str(statement["statement"].pk),
        "2",
        "--allocate",
        statement["bills"][gudang.pk].number,
        "--reason",
        "Gudang paid less",
        "--as",
        "bpjs.sumedang",
    )
    assert "allocated to a bill" in out and "Rp 16.000 allocated" in out
    with pytest.raises(CommandError, match="already resolved"):
        _call(
            "resolve",
            str(statement["statement"].pk),
            "2",
            "--not-ours",
            "--reason",
            "x",
            "--as",
            "disnaker",
        )
    assert "2 line(s) wait for a human" in _call("lines", "--as", "disnaker")


@pytest.fixture
def shared(enrol, village_program, cikeruh, province):
    """Cikeruh's two workers; the province may co-fund them."""
    return enrol(village_program, cikeruh, 2)


def test_the_sponsor_page_sets_and_ends_a_share_and_the_program_page_shows_it(
    admin, demo_workers, shared, cikeruh, province, village_program
):
    page = english(admin)
    sponsor_url = f"/sponsor/{cikeruh.pk}/"
    html = page.get(sponsor_url).content.decode()
    assert 'data-testid="cost-share-form"' in html and "Pemerintah Provinsi Jawa Barat" in html
    response = page.post(
        "/patungan/",
        {
            "enrolment": shared[0].pk,
            "sponsor": province.pk,
            "percent": "33.33",
            "next": sponsor_url,
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == sponsor_url
    assert "pays 33,33% of each month" in html
    assert CostShare.objects.get().basis_points == 3_333
    program = page.get(f"/program/{village_program.pk}/").content.decode()
    assert 'data-testid="cost-share"' in program and "33,33" in program
    # The village operator sees the share, sets none.
    village = english(demo_workers["desa.cikeruh"]).get(sponsor_url).content.decode()
    assert 'data-testid="cost-share"' in village and "cost-share-form" not in village
    refused = english(demo_workers["desa.cikeruh"]).post(
        "/patungan/", {"enrolment": shared[1].pk, "sponsor": province.pk, "percent": "50"}
    )
    assert refused.status_code == 403
    page.post(
        "/patungan/akhiri/",
        {"enrolment": shared[0].pk, "sponsor": province.pk, "next": sponsor_url},
    )
    assert not CostShare.objects.exists()
    assert AuditEvent.objects.filter(action="billing.cost_share_end").count() == 1


def test_the_api_and_the_command_set_list_and_end_shares(admin, bandung, shared, cikeruh, province):
    api = english(admin)
    body = {"enrolment_id": shared[0].pk, "sponsor_id": province.pk, "basis_points": 5000}
    made = api.post("/api/v1/cost-shares", json.dumps(body), content_type="application/json")
    assert made.status_code == 200, made.content
    assert (made.json()["own_sponsor_id"], made.json()["basis_points"]) == (cikeruh.pk, 5000)
    listed = api.get(f"/api/v1/cost-shares?sponsor_id={cikeruh.pk}").json()
    assert [item["enrolment_id"] for item in listed["items"]] == [shared[0].pk]
    own = json.dumps({**body, "sponsor_id": cikeruh.pk})
    refused = api.post("/api/v1/cost-shares", own, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (422, "cost_share.own_sponsor")
    outsider = english(bandung["admin"])
    assert outsider.get(f"/api/v1/cost-shares?enrolment_id={shared[0].pk}").json()["count"] == 0
    assert outsider.delete(f"/api/v1/cost-shares/{shared[0].pk}/{province.pk}").status_code == 404
    ended = api.delete(f"/api/v1/cost-shares/{shared[0].pk}/{province.pk}")
    assert ended.json()["basis_points"] == 5000 and not CostShare.objects.exists()

    out = _call(
        "share",
        str(shared[1].pk),
        "--sponsor",
        str(province.pk),
        "--basis-points",
        "2500",
        "--as",
        "disnaker",
    )
    assert "pays 25.00 %" in out
    assert "Pemerintah Provinsi Jawa Barat" in _call(
        "shares", "--sponsor", str(province.pk), "--as", "disnaker"
    )
    assert "ended" in _call(
        "unshare", str(shared[1].pk), "--sponsor", str(province.pk), "--as", "disnaker"
    )
    with pytest.raises(CommandError, match="pays no share"):
        _call("unshare", str(shared[1].pk), "--sponsor", str(province.pk), "--as", "disnaker")
    assert scope_of(admin).can_write
