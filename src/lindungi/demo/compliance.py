"""The demo's Inpres 2/2021 coordination in Kabupaten Sumedang: the checklist (some duties done
with their evidence links, some under way), the coordination team, two cooperation agreements
(the PKS with BPJS Cabang Sumedang, and one with a company ending within 90 days), three
activities in villages whose enrolments followed, ten employers with mixed BPJS statuses
imported from BPJS's list, and one employer walked SP1 → SP2 → referral to the prosecutor's
office (Datun) under an SKK, another warned once.

Everything goes through the compliance services, as the Disnaker admin and BPJS would do it.
People's names are invented; the positions are those a regency's team is made of. Seeding
again changes nothing.
"""

import datetime as dt
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from lindungi.accounts.models import Agency, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.activities import activity_create
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.coordination.team import member_create
from lindungi.compliance.enforcement import referral_advance, referral_open
from lindungi.compliance.importing import employers_import
from lindungi.compliance.models import Employer, InpresTask
from lindungi.compliance.services import task_update, tasks_seed
from lindungi.regions.selectors import region_get

YEAR = 2026

# (seed key, agency code, status, days from today to the due date, evidence link)
TASKS = [
    ("regulation", "setda", "done", -120, "https://jdih.sumedangkab.go.id/perbup-jamsostek-2025"),
    ("budget", "disnakertrans", "done", -60, "https://sumedangkab.go.id/apbd-2026-jamsostek"),
    ("non_asn_village", "disnakertrans", "in_progress", 36, ""),
    ("vulnerable", "dppkbp3a", "in_progress", 60, ""),
    ("licensing_procurement", "setda", "not_started", 120, ""),
    ("report", "disnakertrans", "in_progress", 21, ""),
]

# (name, team role, position, agency code, organisation)
TEAM = [
    ("H. Ahmad Sutisna, S.IP., M.Si.", "anggota", "Bupati Sumedang (Pembina)", "", "Pemkab"),
    ("Drs. Yudi Kusnadi, M.M.", "ketua", "Sekretaris Daerah Kabupaten Sumedang", "setda", ""),
    (
        "Dedi Suhendar, S.H., M.Si.",
        "sekretaris",
        "Kepala Dinas Tenaga Kerja dan Transmigrasi",
        "disnakertrans",
        "",
    ),
    (
        "Ir. Lina Marlina",
        "anggota",
        "Kepala Cabang BPJS Ketenagakerjaan Sumedang",
        "",
        "BPJS Ketenagakerjaan Cabang Sumedang",
    ),
    (
        "Rudi Hartono, S.H., M.H.",
        "anggota",
        "Kepala Seksi Perdata dan Tata Usaha Negara",
        "",
        "Kejaksaan Negeri Sumedang",
    ),
]

EMPLOYERS = """nib,nama,sektor,alamat,jumlah_pekerja,status,tunggakan
9120001234501,PT Tahu Sumedang Sejahtera,Industri makanan,Jl. Prabu Geusan Ulun 12,85,partial,0
9120001234502,CV Ubi Cilembu Makmur,Perdagangan hasil pertanian,Desa Cilembu,24,not_registered,0
9120001234503,PT Jatinangor Garmen Utama,Industri pakaian jadi,Jatinangor,340,arrears,186500000
9120001234504,PT Sumedang Batu Alam,Pertambangan batu,Kec. Cimalaka,60,arrears,42750000
9120001234505,Koperasi Tani Tanjungsari,Koperasi pertanian,Kec. Tanjungsari,18,full,0
9120001234506,PT Kopi Gunung Manglayang,Perkebunan kopi,Desa Cibeusi,45,partial,0
9120001234507,CV Mebel Jati Cimalaka,Industri furnitur,Kec. Cimalaka,32,not_registered,0
9120001234508,PT Transportasi Cadas Pangeran,Angkutan darat,Jl. Cadas Pangeran 5,120,full,0
9120001234509,RM Sate Maranggi Sumedang,Penyediaan makanan,Kota Sumedang,14,arrears,9800000
9120001234510,PT Perumahan Griya Sumedang,Konstruksi,Kec. Sumedang Selatan,75,partial,0
"""


def _letter(name: str, lines: list[str]) -> SimpleUploadedFile:
    """A one-page PDF letter (the demo's stand-in for a scanned warning or SKK)."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return SimpleUploadedFile(name, bytes(pdf.output()), content_type="application/pdf")


def seed_compliance(*, regency: str, users: dict[str, User], today: dt.date | None = None) -> None:
    region = region_get(code=regency)
    if InpresTask.objects.filter(region=region).exists():
        return
    today = today or timezone.localdate()
    admin, bpjs = users["disnaker"], users["bpjs.sumedang"]
    admin_scope, bpjs_scope = scope_for_user(admin), scope_for_user(bpjs)
    agencies = {agency.code: agency for agency in Agency.objects.filter(region=region)}

    tasks = {task.key: task for task in tasks_seed(actor=admin, scope=admin_scope, region=region)}
    for key, agency, status, due_in, link in TASKS:
        task_update(
            actor=admin,
            scope=admin_scope,
            task=tasks[key],
            agency=agencies.get(agency),
            status=status,
            due_date=today + dt.timedelta(days=due_in),
            evidence_link=link,
        )

    for name, role, position, agency, organisation in TEAM:
        member_create(
            actor=admin,
            scope=admin_scope,
            region=region,
            name=name,
            team_role=role,
            position=position,
            agency=agencies.get(agency),
            organisation=organisation,
        )

    with tempfile.TemporaryDirectory(prefix="employers-") as folder:
        path = Path(folder) / "daftar-pemberi-kerja-bpjs.csv"
        path.write_text(EMPLOYERS, encoding="utf-8")
        employers_import(path, bpjs, bpjs_scope)
    employers = {e.nib: e for e in Employer.objects.filter(region=region)}

    agreement_create(
        actor=admin,
        scope=admin_scope,
        region=region,
        kind="PKS",
        number="PKS/560/014/Disnakertrans/2026",
        title="Perjanjian Kerja Sama perlindungan jaminan sosial ketenagakerjaan pekerja rentan",
        signed_on=dt.date(YEAR, 1, 2),
        starts_on=dt.date(YEAR, 1, 2),
        ends_on=dt.date(YEAR + 1, 12, 31),
        other_parties="BPJS Ketenagakerjaan Cabang Sumedang",
        scope_text="Pendaftaran, pembayaran iuran dan pelaporan kepesertaan pekerja rentan "
        "yang dibiayai APBD dan APBDes",
    )
    company_start = min(today - dt.timedelta(days=300), dt.date(YEAR, 1, 15))
    agreement_create(
        actor=admin,
        scope=admin_scope,
        region=region,
        kind="KSO",
        number="KSO/560/031/Disnakertrans/2025",
        title="Kerja sama CSR perlindungan pekerja bukan penerima upah di sekitar pabrik",
        signed_on=company_start,
        starts_on=company_start,
        ends_on=today + dt.timedelta(days=58),
        with_bpjs=False,
        employer=employers["9120001234508"],
        scope_text="Perusahaan membiayai iuran JKK dan JKM 150 pekerja informal selama setahun",
    )

    villages = {
        code: region_get(code=code) for code in ("32.11.15.2001", "32.11.11.2001", "32.11.17.2005")
    }
    start = dt.date(YEAR, 1, 1)
    for kind, title, days_before, place, audience, agency_codes, present in (
        (
            "sosialisasi",
            "Sosialisasi Inpres 2/2021 bagi aparatur desa se-Kecamatan Jatinangor",
            45,
            "Aula Kecamatan Jatinangor",
            ["32.11.15.2001"],
            [],
            (0, 38, 52),
        ),
        (
            "fgd",
            "FGD perlindungan pekerja rentan desa dan OPD",
            30,
            "Ruang Rapat Disnakertrans",
            ["32.11.11.2001", "32.11.17.2005"],
            ["dppkbp3a", "dinkes"],
            (14, 6, 31),
        ),
        (
            "rapat",
            "Rapat koordinasi Tim Jamsostek semester II",
            10,
            "Gedung Negara Sumedang",
            ["32.11.15.2001", "32.11.11.2001", "32.11.17.2005"],
            ["dppkbp3a"],
            (22, 0, 27),
        ),
    ):
        activity_create(
            actor=admin,
            scope=admin_scope,
            region=region,
            kind=kind,
            title=title,
            held_on=max(today - dt.timedelta(days=days_before), start),
            place=place,
            organiser="Disnakertrans Kabupaten Sumedang",
            villages=[villages[code] for code in audience],
            agencies=[agencies[code] for code in agency_codes if code in agencies],
            asn_present=present[0],
            workers_present=present[1],
            attendance=present[2],
        )

    # The garment factory in arrears: SP1, SP2, then the SKK to the prosecutor's office.
    garment = employers["9120001234503"]
    sp1_day = today - dt.timedelta(days=75)
    case = referral_open(
        actor=bpjs,
        scope=bpjs_scope,
        employer=garment,
        day=sp1_day,
        reference="SP1/KC-SMD/2026/017",
        note="Tunggakan iuran 7 bulan; 120 pekerja belum didaftarkan",
        documents=[_letter("SP1-PT-Jatinangor-Garmen.pdf", ["SURAT PERINGATAN 1", garment.name])],
    )
    case = referral_advance(
        actor=bpjs,
        scope=bpjs_scope,
        referral=case,
        step="sp2",
        day=today - dt.timedelta(days=45),
        reference="SP2/KC-SMD/2026/009",
        documents=[_letter("SP2-PT-Jatinangor-Garmen.pdf", ["SURAT PERINGATAN 2", garment.name])],
    )
    referral_advance(
        actor=bpjs,
        scope=bpjs_scope,
        referral=case,
        step="referred",
        day=today - dt.timedelta(days=15),
        skk_number="SKK/2026/KC-SMD/004",
        prosecutor_office="Kejaksaan Negeri Sumedang, Bidang Datun",
        note="Penagihan dan pemanggilan pemberi kerja oleh Jaksa Pengacara Negara",
        documents=[_letter("SKK-PT-Jatinangor-Garmen.pdf", ["SURAT KUASA KHUSUS", garment.name])],
    )
    # The stone quarry: warned once.
    referral_open(
        actor=bpjs,
        scope=bpjs_scope,
        employer=employers["9120001234504"],
        day=today - dt.timedelta(days=20),
        reference="SP1/KC-SMD/2026/031",
    )
