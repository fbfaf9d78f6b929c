"""The exchange with BPJS: the registration workbook, the handover statement, and BPJS's answer."""

import io
import json
import re
import zipfile
from datetime import date
from io import StringIO
from pathlib import Path

import fastexcel
import polars as pl
import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.programs.exchange.confirmations import confirmations_import
from lindungi.programs.exchange.handover import handover_pdf
from lindungi.programs.exchange.registration import HEADERS, registration_xlsx
from lindungi.programs.models import Enrolment, EnrolmentStatus, SubmissionBatch
from lindungi.programs.selectors import batch_get, candidates
from lindungi.programs.services.batches import batch_create
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.transitions import enrolments_submit, enrolments_verify
from lindungi.workers.models import Worker
from tests.cli import child_environment, run_lindungi

from .conftest import TODAY

HOSTILE_NAME = "=cmd|' /C calc'!A0"
PURPOSE = "Pendaftaran kolektif ke BPJS Kantor Cabang Sumedang"


@pytest.fixture
def batch(demo_workers, village_program, cikeruh) -> SubmissionBatch:
    """100 residents of Cikeruh enrolled, verified and sent to BPJS in one batch, one of them
    named like a spreadsheet formula."""
    operator = demo_workers["desa.cikeruh"]
    scope = scope_for_user(operator)
    chosen = list(
        candidates(scope=scope, program=village_program, sponsor=cikeruh, first_month=TODAY)
    )[:100]
    Worker.objects.filter(pk=chosen[0].pk).update(name=HOSTILE_NAME)
    created = enrolments_create(
        actor=operator,
        scope=scope,
        program=village_program,
        sponsor=cikeruh,
        workers=chosen,
        today=TODAY,
    )
    enrolments_submit(actor=operator, scope=scope, enrolments=created)
    admin = demo_workers["disnaker"]
    enrolments_verify(actor=admin, scope=scope_for_user(admin), enrolments=created, approve=True)
    return batch_create(actor=admin, scope=scope_for_user(admin), program=village_program)


def niks_of(batch: SubmissionBatch) -> list[str]:
    return sorted(Enrolment.objects.filter(batch=batch).values_list("worker__nik", flat=True))


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def answer_rows(niks: list[str]) -> list[list[str]]:
    """BPJS's acceptance of each NIK, with the date formats BPJS's exports use."""
    formats = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
    return [
        [nik, f"{26_000_000_000 + index}", date(2026, 2, 1).strftime(formats[index % 3]), "AKTIF"]
        for index, nik in enumerate(niks)
    ]


ANSWER_HEADER = ["NIK", "No KPJ", "Tanggal Efektif", "Keterangan"]


def confirm(user, path: Path):
    """The import as an English reader sees its messages (the msgids: stable across
    translations)."""
    with translation.override("en"):
        return confirmations_import(actor=user, scope=scope_for_user(user), path=path)


# --- the registration workbook ---------------------------------------------------------------


def test_the_batch_file_holds_every_nik_as_text_and_a_formula_like_name_as_its_letters(
    demo_workers, batch
):
    bpjs = demo_workers["bpjs.sumedang"]
    content = registration_xlsx(
        actor=bpjs, scope=scope_for_user(bpjs), batch=batch, purpose=PURPOSE
    )

    reader = fastexcel.read_excel(content)
    assert reader.sheet_names == ["Peserta", "Keterangan"]
    inferred = reader.load_sheet(0).to_polars()
    assert inferred.schema["NIK"] == pl.String
    assert inferred.schema["No HP"] == pl.String
    sheet = reader.load_sheet(0, dtypes="string").to_polars()
    assert tuple(sheet.columns) == HEADERS
    assert sheet.height == 100
    assert sorted(sheet["NIK"].to_list()) == niks_of(batch)
    assert all(len(nik) == 16 and nik.isdigit() for nik in sheet["NIK"])
    assert HOSTILE_NAME in sheet["Nama (sesuai KTP)"].to_list()
    first = sheet.row(0, named=True)
    assert not first["Tempat lahir"]
    assert re.fullmatch(
        r"[0-3][0-9]-[01][0-9]-(19|20)[0-9]{2}", first["Tanggal lahir (dd-mm-yyyy)"]
    )
    assert first["Program"] == "JKK, JKM"
    assert first["Kode wadah"] == "SD"
    assert first["Sumber dana"] == "Dana Desa"
    assert first["Bulan mulai (mm-yyyy)"] == "01-2026"
    assert (first["Lama (bulan)"], first["Iuran per bulan"]) == ("12", "16800")
    assert first["Penghasilan"] == "1000000"
    assert first["Kode desa (Kemendagri)"] == "32.11.15.2001"
    about = reader.load_sheet("Keterangan", header_row=None, dtypes="string").to_polars()
    assert batch.number in about.to_series(1).to_list()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()

    event = AuditEvent.objects.get(action="batch.export")
    assert event.details["purpose"] == PURPOSE
    assert event.details["count"] == 100
    assert event.actor_id == bpjs.pk


def test_the_batch_file_is_refused_without_a_purpose(demo_workers, batch):
    admin = demo_workers["disnaker"]
    with pytest.raises(ValidationFailed) as refused:
        registration_xlsx(actor=admin, scope=scope_for_user(admin), batch=batch, purpose="  ")
    assert refused.value.details["field"] == "purpose"
    assert not AuditEvent.objects.filter(action="batch.export").exists()


def test_a_village_operator_and_the_coordination_team_cannot_download_the_batch_file(
    demo_workers, batch
):
    village = scope_for_user(demo_workers["desa.cikeruh"])
    with pytest.raises(NotFound):
        batch_get(scope=village, batch_id=batch.pk)
    with pytest.raises(PermissionDenied):
        registration_xlsx(
            actor=demo_workers["desa.cikeruh"], scope=village, batch=batch, purpose=PURPOSE
        )
    team = demo_workers["tim.koordinasi"]
    seen = batch_get(scope=scope_for_user(team), batch_id=batch.pk)
    with pytest.raises(PermissionDenied):
        registration_xlsx(actor=team, scope=scope_for_user(team), batch=seen, purpose=PURPOSE)
    assert not AuditEvent.objects.filter(action="batch.export").exists()


# --- the handover statement --------------------------------------------------------------------


def test_the_handover_statement_names_the_batch_the_parties_and_the_counts_but_no_nik(
    demo_workers, batch
):
    team = demo_workers["tim.koordinasi"]  # counts only: any role that sees the batch
    content = handover_pdf(actor=team, scope=scope_for_user(team), batch=batch)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    assert "BERITA ACARA SERAH TERIMA DATA" in text
    assert batch.number in text
    assert "Pemerintah Kabupaten Sumedang" in text
    assert "BPJS Ketenagakerjaan Kantor Cabang Sumedang" in text
    assert "Pemerintah Desa Cikeruh" in text
    assert "100 orang" in text
    assert "Rp 1.680.000" in text  # 100 workers x Rp 16.800 a month
    assert "Rp 20.160.000" in text  # for the 12 months
    assert "Januari 2026 s.d. Desember 2026" in text
    assert not any(nik in text for nik in niks_of(batch))
    event = AuditEvent.objects.get(action="batch.handover")
    assert (event.actor_id, event.details["count"]) == (team.pk, 100)


def test_a_village_operator_cannot_print_the_handover_of_a_batch(demo_workers, batch):
    operator = demo_workers["desa.cikeruh"]
    with pytest.raises(NotFound):
        handover_pdf(actor=operator, scope=scope_for_user(operator), batch=batch)


# --- BPJS's answer -------------------------------------------------------------------------------


def test_bpjs_answer_for_the_100_rows_makes_100_active_enrolments_with_their_kpj(
    demo_workers, batch, tmp_path
):
    niks = niks_of(batch)
    path = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, answer_rows(niks))
    result = confirm(demo_workers["bpjs.sumedang"], path)

    assert (result.activated, result.rejected, result.unmatched, result.total_rows) == (
        100,
        0,
        [],
        100,
    )
    active = Enrolment.objects.filter(batch=batch, status=EnrolmentStatus.ACTIVE)
    assert active.count() == 100
    assert set(active.values_list("bpjs_start_date", flat=True)) == {date(2026, 2, 1)}
    kpj_of = dict(active.values_list("worker__nik", "kpj"))
    assert kpj_of[niks[0]] == "26000000000"
    assert kpj_of[niks[99]] == "26000000099"
    event = AuditEvent.objects.get(action="enrolment.confirm")
    assert (event.details["activated"], event.details["rows"]) == (100, 100)


def test_an_excel_answer_with_english_headers_and_real_dates_is_read(demo_workers, batch, tmp_path):
    niks = niks_of(batch)[:3]
    path = tmp_path / "answer.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["nik", "KPJ NUMBER", "Start Date", "Rejection Reason"])
    when = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for row, nik in enumerate(niks[:2], start=1):
        sheet.write_string(row, 0, nik)
        sheet.write_number(row, 1, 26_100_000_000 + row)
        sheet.write_datetime(row, 2, date(2026, 3, 1), when)
    sheet.write_string(3, 0, niks[2])
    sheet.write_string(3, 3, "NIK tidak ditemukan di Dukcapil")
    workbook.close()

    result = confirm(demo_workers["disnaker"], path)

    assert (result.activated, result.rejected) == (2, 1)
    first = Enrolment.objects.get(batch=batch, worker__nik=niks[0])
    assert (first.kpj, first.bpjs_start_date) == ("26100000001", date(2026, 3, 1))
    third = Enrolment.objects.get(batch=batch, worker__nik=niks[2])
    assert third.status == EnrolmentStatus.REJECTED
    assert third.rejected_reason == "NIK tidak ditemukan di Dukcapil"


def test_one_bad_date_writes_nothing_and_the_message_names_its_line_and_column(
    demo_workers, batch, tmp_path
):
    rows = answer_rows(niks_of(batch))
    rows[4][2] = "31-02-2026"
    path = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, rows)
    with pytest.raises(ValidationFailed) as refused:
        confirm(demo_workers["bpjs.sumedang"], path)
    message = refused.value.message
    assert "Nothing was written" in message
    assert "line 6" in message
    assert "Tanggal Efektif" in message
    assert "is not a date" in message
    assert refused.value.details["problems"] == [
        {"line": 6, "column": "Tanggal Efektif", "field": "start_date", "rule": "date_format"}
    ]
    assert not Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).exists()
    assert not AuditEvent.objects.filter(action="enrolment.confirm").exists()


def shorten_nik(rows: list[list[str]]) -> None:
    rows[1][0] = rows[1][0][:15]


def repeat_nik(rows: list[list[str]]) -> None:
    rows[1][0] = rows[0][0]


def repeat_kpj(rows: list[list[str]]) -> None:
    rows[1][1] = rows[0][1]


def edit(**cells: str):
    positions = {"kpj": 1, "start": 2, "note": 3}

    def change(rows: list[list[str]]) -> None:
        for name, value in cells.items():
            rows[1][positions[name]] = value

    return change


@pytest.mark.parametrize(
    ("change", "column", "rule"),
    [
        (shorten_nik, "NIK", "nik_length"),
        (repeat_nik, "NIK", "duplicate_in_file"),
        (edit(kpj="26A0000001"), "No KPJ", "kpj_format"),
        (edit(kpj="1234567"), "No KPJ", "kpj_format"),
        (repeat_kpj, "No KPJ", "kpj_repeated"),
        (edit(start=""), "Tanggal Efektif", "start_required"),
        (edit(start="2026-13-01"), "Tanggal Efektif", "date_format"),
        (edit(kpj="", start="", note=""), "No KPJ", "outcome_missing"),
        (edit(kpj="", start="", note="AKTIF"), "No KPJ", "accepted_without_kpj"),
        (edit(note="DITOLAK: data ganda"), "Keterangan", "rejected_with_kpj"),
    ],
)
def test_each_broken_rule_writes_nothing_and_is_named_on_line_3(
    demo_workers, batch, tmp_path, change, column, rule
):
    rows = answer_rows(niks_of(batch)[:5])
    change(rows)
    path = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, rows)
    with pytest.raises(ValidationFailed) as refused:
        confirm(demo_workers["bpjs.sumedang"], path)
    named = [
        {key: problem[key] for key in ("line", "column", "rule")}
        for problem in refused.value.details["problems"]
    ]
    assert {"line": 3, "column": column, "rule": rule} in named
    assert "line 3" in refused.value.message
    assert not Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).exists()


def test_a_kpj_held_by_another_workers_enrolment_is_refused(demo_workers, batch, tmp_path):
    niks = niks_of(batch)
    bpjs = demo_workers["bpjs.sumedang"]
    confirm(bpjs, write_csv(tmp_path / "a.csv", ANSWER_HEADER, answer_rows(niks[:1])))
    second = answer_rows(niks[1:2])
    second[0][1] = "26000000000"  # the KPJ the first worker now holds
    with pytest.raises(ValidationFailed, match="belongs to another worker") as refused:
        confirm(bpjs, write_csv(tmp_path / "b.csv", ANSWER_HEADER, second))
    assert refused.value.details["problems"][0]["line"] == 2
    assert Enrolment.objects.get(worker__nik=niks[1]).status == EnrolmentStatus.SENT


def test_an_unknown_nik_is_reported_as_unmatched_and_the_rest_is_applied(
    demo_workers, batch, tmp_path
):
    rows = answer_rows(niks_of(batch))
    rows.append(["3211150101900999", "26000009999", "2026-02-01", "AKTIF"])
    path = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, rows)
    result = confirm(demo_workers["bpjs.sumedang"], path)
    assert (result.activated, result.total_rows) == (100, 101)
    assert result.unmatched == [
        {
            "line": 102,
            "nik": "3211••••••••0999",
            "reason": "no enrolment of this NIK was sent to BPJS in your area",
        }
    ]
    again = confirm(demo_workers["bpjs.sumedang"], path)
    assert again.activated == 0
    assert len(again.unmatched) == 101
    assert again.unmatched[0]["reason"].startswith("already active")


def test_a_rejection_frees_the_months_for_a_new_enrolment(
    demo_workers, batch, village_program, cikeruh, tmp_path
):
    nik = niks_of(batch)[0]
    path = write_csv(
        tmp_path / "tolak.csv",
        ["NIK", "KPJ", "Tgl Mulai", "Alasan"],
        [[nik, "", "", "Data kependudukan tidak valid"]],
    )
    result = confirm(demo_workers["bpjs.sumedang"], path)
    assert (result.activated, result.rejected) == (0, 1)
    rejected = Enrolment.objects.get(worker__nik=nik)
    assert rejected.status == EnrolmentStatus.REJECTED
    assert rejected.rejected_reason == "Data kependudukan tidak valid"

    operator = demo_workers["desa.cikeruh"]
    again = enrolments_create(
        actor=operator,
        scope=scope_for_user(operator),
        program=village_program,
        sponsor=cikeruh,
        workers=[rejected.worker],
        today=TODAY,
    )
    assert (again[0].first_month, again[0].last_month) == (
        rejected.first_month,
        rejected.last_month,
    )


@pytest.mark.parametrize("username", ["desa.cikeruh", "tim.koordinasi", "opd.dppkbp3a"])
def test_only_the_regional_admin_and_bpjs_import_confirmations(
    demo_workers, batch, tmp_path, username
):
    path = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, answer_rows(niks_of(batch)))
    with pytest.raises(PermissionDenied):
        confirm(demo_workers[username], path)
    assert not Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).exists()


def test_another_regencys_admin_matches_none_of_the_batch(demo_workers, batch, bandung, tmp_path):
    path = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, answer_rows(niks_of(batch)[:2]))
    result = confirm(bandung["admin"], path)
    assert result.activated == 0
    assert {row["reason"] for row in result.unmatched} == {
        "no enrolment of this NIK was sent to BPJS in your area"
    }


# --- the command -----------------------------------------------------------------------------


def lindungi(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("enrolments", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_batch_file_and_the_handover_and_imports_the_answer(
    demo_workers, batch, tmp_path
):
    printed = lindungi("batch-file", batch.number, str(tmp_path / "b.xlsx"), "--as", "disnaker")
    assert f"{batch.number}: 100 peserta" in printed
    sheet = fastexcel.read_excel(tmp_path / "b.xlsx").load_sheet(0, dtypes="string")
    assert sheet.height == 100
    lindungi("handover", batch.number, str(tmp_path / "b.pdf"), "--as", "bpjs.sumedang")
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    rows = answer_rows(niks_of(batch))
    rows.append(["3211150101900999", "26000009999", "2026-02-01", "AKTIF"])
    answer = write_csv(tmp_path / "jawaban.csv", ANSWER_HEADER, rows)
    summary = json.loads(lindungi("confirm", str(answer), "--as", "bpjs.sumedang", "--json"))
    assert (summary["activated"], summary["total_rows"]) == (100, 101)
    assert summary["unmatched"][0]["line"] == 102


def test_the_command_refuses_with_exit_status_2(demo_workers, batch, tmp_path):
    with pytest.raises(CommandError, match="not found") as refused:
        lindungi("batch-file", batch.number, str(tmp_path / "b.xlsx"), "--as", "desa.cikeruh")
    assert refused.value.returncode == 2
    with pytest.raises(CommandError, match="Only the regional admin or BPJS") as refused:
        lindungi("batch-file", batch.number, str(tmp_path / "b.xlsx"), "--as", "tim.koordinasi")
    assert refused.value.returncode == 2
    assert not (tmp_path / "b.xlsx").exists()


def test_the_installed_command_prints_a_refusal_on_stderr_and_exits_2(tmp_path):
    environment = child_environment(
        DJANGO_SETTINGS_MODULE="lindungi.config.settings_test",
        DATABASE_URL=f"sqlite:///{tmp_path}/exchange.sqlite3",
    )

    def run(*args: str):
        return run_lindungi(*args, cwd=tmp_path, env=environment)

    assert run("migrate", "-v", "0").returncode == 0
    answer = write_csv(tmp_path / "a.csv", ["NIK", "KPJ", "Tgl Mulai"], [])
    missing_user = run("enrolments", "confirm", str(answer), "--as", "nobody")
    assert missing_user.returncode == 2
    assert "No active user nobody" in missing_user.stderr
    assert missing_user.stdout == ""
    made = run(
        "shell",
        "-c",
        "from lindungi.accounts.models import User;"
        "User.objects.create_superuser(username='root', password='x', full_name='Root')",
    )
    assert made.returncode == 0, made.stderr
    empty = run("enrolments", "confirm", str(answer), "--as", "root")
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr.strip().count("\n") == 0
    unknown = run("enrolments", "handover", "LND-0000", str(tmp_path / "b.pdf"), "--as", "root")
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr.strip().count("\n") == 0
    assert not (tmp_path / "b.pdf").exists()
