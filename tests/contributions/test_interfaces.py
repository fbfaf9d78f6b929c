"""The calculators through the command line, the API and the public pages."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.cli import run_lindungi

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_contribution_command_prints_the_documented_json():
    shown = run("contribution", "--category", "BPU", "--income", "1000000", "--date", "2026-11-24")
    assert shown["category"] == "BPU"
    assert shown["date"] == "2026-11-24"
    assert [(line["program"], line["amount"], line["worker"]) for line in shown["lines"]] == [
        ("JKK", 10_000, 10_000),
        ("JKM", 6_800, 6_800),
    ]
    assert (shown["employer"], shown["worker"], shown["total"]) == (0, 16_800, 16_800)
    assert all(line["rule"].startswith("PP 44/2015") for line in shown["lines"])


def test_contribution_command_for_jakon_bills_the_employer():
    shown = run("contribution", "--category", "JAKON", "--contract-value", "2000000000")
    assert (shown["employer"], shown["worker"], shown["total"]) == (2_950_000, 0, 2_950_000)


def test_contribution_command_for_pmi_and_programs_list():
    pmi = run(
        "contribution", "--category", "PMI", "--stage", "placement", "--contract-months", "24"
    )
    assert pmi["total"] == 332_500
    pu = run(
        "contribution",
        "--category",
        "PU",
        "--wage",
        "4000000",
        "--programs",
        "JKK,JKM",
        "--risk",
        "sedang",
    )
    assert [line["program"] for line in pu["lines"]] == ["JKK", "JKM"]


def test_benefit_command_prints_the_documented_json():
    shown = run("benefit", "--type", "JKM", "--category", "BPU", "--months-paid", "12")
    assert shown["components"] == [
        {
            "name": "santunan_sekaligus",
            "amount": 20_000_000,
            "rule": shown["components"][0]["rule"],
            "confidence": "H",
        },
        {
            "name": "santunan_berkala",
            "amount": 12_000_000,
            "rule": shown["components"][1]["rule"],
            "confidence": "H",
        },
        {
            "name": "biaya_pemakaman",
            "amount": 10_000_000,
            "rule": shown["components"][2]["rule"],
            "confidence": "H",
        },
    ]
    assert shown["total"] == 42_000_000


def test_an_invalid_combination_is_refused_with_its_reason():
    with pytest.raises(CommandError, match="JP tidak tersedia bagi peserta BPU") as refused:
        call_command("contribution", "--category", "BPU", "--programs", "JKK,JP")
    assert refused.value.returncode == 2


def test_the_installed_command_exits_2_with_one_line_on_stderr(tmp_path):
    environment = {
        "DEBUG": "1",
        "LINDUNGI_DOTENV": "0",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path}/calc.sqlite3",
    }

    def lindungi(*args: str):
        return run_lindungi(*args, cwd=tmp_path, env=environment)

    assert lindungi("migrate", "-v", "0").returncode == 0
    result = lindungi("contribution", "--category", "BPU", "--income", "500")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "Penghasilan yang dilaporkan harus antara 1000000 dan 20700000" in result.stderr


def test_the_api_calculates_without_a_login():
    client = Client()
    response = client.post(
        "/api/v1/calculator/contribution",
        {"category": "PU", "wage": 5_000_000, "risk": "rendah", "date": "2026-11-24"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["total"] == 477_000
    benefit = client.post(
        "/api/v1/calculator/benefit",
        {"type": "JKK_DEATH", "category": "BPU", "income": 2_000_000},
        content_type="application/json",
    )
    assert benefit.json()["total"] == 96_000_000 + 22_000_000


def test_the_api_explains_a_refusal_naming_the_field():
    response = Client().post(
        "/api/v1/calculator/contribution",
        {"category": "PU", "wage": 5_000_000},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "code": "validation_failed",
        "message": "kelompok risiko wajib diisi untuk JKK",
        "details": {"rule": "invalid_basis", "field": "risk"},
    }


def test_the_api_refuses_an_unknown_category_in_the_same_shape():
    response = Client().post(
        "/api/v1/calculator/contribution", {"category": "XX"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert "category" in response.json()["message"]


def test_the_public_page_shows_every_line_with_its_rule():
    page = (
        Client()
        .get("/simulasi-iuran/", {"category": "PU", "wage": "5000000", "risk": "rendah"})
        .content.decode()
    )
    assert "Simulasi Iuran" in page
    assert 'data-testid="total">Rp 477.000<' in page
    assert "PP 45/2015 Pasal 29" in page
    assert "perlu verifikasi (M)" in page  # the March 2025 JP cap is not yet confirmed


def test_the_public_page_explains_a_refusal():
    page = Client().get("/simulasi-iuran/", {"category": "BPU", "income": "500"}).content.decode()
    assert "Penghasilan yang dilaporkan harus antara" in page


def test_the_benefit_page():
    page = (
        Client()
        .get("/simulasi-manfaat/", {"type": "JKM", "category": "BPU", "months_paid": "2"})
        .content.decode()
    )
    assert 'data-testid="total">Rp 10.000.000<' in page
    assert "perlu verifikasi (L)" in page


def test_the_readable_tables_show_rupiah_rules_and_uncertainty():
    out = StringIO()
    call_command(
        "contribution", "--category", "PU", "--wage", "5000000", "--risk", "rendah", stdout=out
    )
    assert "Rp 477.000" in out.getvalue()
    assert "[M]" in out.getvalue()  # the March 2025 JP cap
    out = StringIO()
    call_command("benefit", "--type", "JKM", "--category", "BPU", "--months-paid", "1", stdout=out)
    assert "Rp 10.000.000" in out.getvalue()
    assert "kepesertaan singkat" in out.getvalue()
