"""The menu each demo role sees, grouped by task (issue 19): the same links as before the
grouping (issue 17), each under the task it serves; a task with a single link for a role shows
that link alone. Built once per role and language."""

import re
from html import unescape

import pytest
from django.test import RequestFactory
from django.utils import translation

from lindungi.web import navigation as nav
from lindungi.web.context_processors import navigation
from lindungi.web.parts import MenuGroup

pytestmark = pytest.mark.django_db

# A lone link is (address, label); a task is (its name, [(address, label), ...]).
CIVIL_SERVANT = [
    ("/", "Home"),
    (
        "Workers",
        [
            ("/pekerja/", "Workers"),
            ("/pekerja/impor/", "Import workers"),
            ("/pekerja/duplikat/", "Possible duplicates"),
            ("/asn/", "My household workers"),
            ("/impor/", "My imports"),
        ],
    ),
    ("Programs", [("/program/", "Programs"), ("/simulasi-iuran/", "Contribution simulation")]),
    ("/kepesertaan/berakhir/", "Enrolments ending soon"),
    ("/tagihan/", "Bills"),
    ("Claims", [("/klaim/", "Claims"), ("/simulasi-manfaat/", "Benefit simulation")]),
    ("Coverage", [("/cakupan/penghargaan/", "Awards"), ("/wilayah/", "Regions")]),
    (
        "Settings",
        [
            ("/akun/token/", "API access tokens"),
            ("/bantuan/", "Help"),
            ("/tentang/", "About"),
            ("/api/v1/docs", "API"),
        ],
    ),
]

VILLAGE_OPERATOR = [
    ("/", "Home"),
    (
        "Workers",
        [
            ("/pekerja/", "Workers"),
            ("/pekerja/impor/", "Import workers"),
            ("/pekerja/duplikat/", "Possible duplicates"),
            ("/impor/", "My imports"),
        ],
    ),
    (
        "Programs",
        [
            ("/program/", "Programs"),
            ("/program/tahun/", "Program year"),
            ("/sponsor/", "Sponsors"),
            ("/cakupan/pencocokan/", "Sponsor matching"),
            ("/simulasi-iuran/", "Contribution simulation"),
        ],
    ),
    (
        "Enrolment",
        [("/kepesertaan/", "Enrolments"), ("/kepesertaan/berakhir/", "Enrolments ending soon")],
    ),
    ("Bills", [("/tagihan/", "Bills"), ("/pembayaran/", "Payments")]),
    (
        "Claims",
        [
            ("/klaim/", "Claims"),
            ("/klaim/baru/", "Report a claim"),
            ("/simulasi-manfaat/", "Benefit simulation"),
        ],
    ),
    (
        "Coverage",
        [
            ("/cakupan/", "Coverage"),
            ("/cakupan/peringkat/", "Coverage rankings"),
            ("/cakupan/penghargaan/", "Awards"),
            ("/cakupan/anggaran/", "Budget planning"),
            ("/wilayah/", "Regions"),
        ],
    ),
    (
        "Settings",
        [
            ("/akun/token/", "API access tokens"),
            ("/bantuan/", "Help"),
            ("/tentang/", "About"),
            ("/api/v1/docs", "API"),
        ],
    ),
]

REGIONAL_ADMIN = [
    ("/", "Home"),
    (
        "Workers",
        [
            ("/pekerja/", "Workers"),
            ("/pekerja/impor/", "Import workers"),
            ("/pekerja/duplikat/", "Possible duplicates"),
            ("/impor/", "My imports"),
        ],
    ),
    (
        "Programs",
        [
            ("/program/", "Programs"),
            ("/program/tahun/", "Program year"),
            ("/sponsor/", "Sponsors"),
            ("/cakupan/pencocokan/", "Sponsor matching"),
            ("/asn/", "Civil servants' participation"),
            ("/simulasi-iuran/", "Contribution simulation"),
        ],
    ),
    (
        "Enrolment",
        [
            ("/kepesertaan/", "Enrolments"),
            ("/kepesertaan/verifikasi/", "Verify enrolments"),
            ("/kepesertaan/kirim/", "Batches for BPJS"),
            ("/kepesertaan/konfirmasi/", "BPJS confirmations"),
            ("/kepesertaan/nonaktif/", "Non-active lists for BPJS"),
            ("/kepesertaan/berakhir/", "Enrolments ending soon"),
        ],
    ),
    (
        "Bills",
        [
            ("/tagihan/", "Bills"),
            ("/pembayaran/", "Payments"),
            ("/pembayaran/rekening-koran/", "BPJS payment statements"),
            ("/tunggakan/", "Arrears"),
            ("/tagihan/proses/", "Billing runs"),
            ("/tpp/", "TPP deductions"),
        ],
    ),
    (
        "Claims",
        [
            ("/klaim/", "Claims"),
            ("/klaim/baru/", "Report a claim"),
            ("/klaim/dampak/", "Claims impact"),
            ("/simulasi-manfaat/", "Benefit simulation"),
        ],
    ),
    (
        "Coverage",
        [
            ("/cakupan/", "Coverage"),
            ("/cakupan/peringkat/", "Coverage rankings"),
            ("/cakupan/penghargaan/", "Awards"),
            ("/cakupan/anggaran/", "Budget planning"),
            ("/cakupan/data/", "Coverage figures and snapshots"),
            ("/wilayah/", "Regions"),
        ],
    ),
    (
        "Inpres",
        [
            ("/inpres/", "Inpres 2/2021 tasks"),
            ("/inpres/tim/", "Coordination team"),
            ("/inpres/kerja-sama/", "Cooperation agreements"),
            ("/inpres/kegiatan/", "Coordination activities"),
            ("/inpres/pemberi-kerja/", "Employers' compliance"),
            ("/inpres/rujukan/", "Referrals to the prosecutor"),
            ("/inpres/laporan/", "Inpres six-monthly report"),
        ],
    ),
    (
        "Settings",
        [
            ("/pengguna/", "Users"),
            ("/audit/", "Audit trail"),
            ("/akun/token/", "API access tokens"),
            ("/bantuan/", "Help"),
            ("/tentang/", "About"),
            ("/api/v1/docs", "API"),
        ],
    ),
]

MENUS = {
    "admin": [
        ("/", "Home"),
        (
            "Workers",
            [
                ("/pekerja/", "Workers"),
                ("/pekerja/impor/", "Import workers"),
                ("/pekerja/duplikat/", "Possible duplicates"),
                ("/asn/", "My household workers"),
                ("/impor/", "My imports"),
            ],
        ),
        (
            "Programs",
            [
                ("/program/", "Programs"),
                ("/program/tahun/", "Program year"),
                ("/sponsor/", "Sponsors"),
                ("/cakupan/pencocokan/", "Sponsor matching"),
                ("/asn/", "Civil servants' participation"),
                ("/simulasi-iuran/", "Contribution simulation"),
            ],
        ),
        (
            "Enrolment",
            [
                ("/kepesertaan/", "Enrolments"),
                ("/kepesertaan/verifikasi/", "Verify enrolments"),
                ("/kepesertaan/kirim/", "Batches for BPJS"),
                ("/kepesertaan/konfirmasi/", "BPJS confirmations"),
                ("/kepesertaan/nonaktif/", "Non-active lists for BPJS"),
                ("/kepesertaan/berakhir/", "Enrolments ending soon"),
            ],
        ),
        (
            "Bills",
            [
                ("/tagihan/", "Bills"),
                ("/pembayaran/", "Payments"),
                ("/pembayaran/rekening-koran/", "BPJS payment statements"),
                ("/tunggakan/", "Arrears"),
                ("/tagihan/proses/", "Billing runs"),
                ("/tpp/", "TPP deductions"),
            ],
        ),
        (
            "Claims",
            [
                ("/klaim/", "Claims"),
                ("/klaim/baru/", "Report a claim"),
                ("/klaim/dampak/", "Claims impact"),
                ("/simulasi-manfaat/", "Benefit simulation"),
            ],
        ),
        (
            "Coverage",
            [
                ("/cakupan/", "Coverage"),
                ("/cakupan/peringkat/", "Coverage rankings"),
                ("/cakupan/penghargaan/", "Awards"),
                ("/cakupan/anggaran/", "Budget planning"),
                ("/cakupan/data/", "Coverage figures and snapshots"),
                ("/wilayah/", "Regions"),
            ],
        ),
        (
            "Inpres",
            [
                ("/inpres/", "Inpres 2/2021 tasks"),
                ("/inpres/tim/", "Coordination team"),
                ("/inpres/kerja-sama/", "Cooperation agreements"),
                ("/inpres/kegiatan/", "Coordination activities"),
                ("/inpres/pemberi-kerja/", "Employers' compliance"),
                ("/inpres/rujukan/", "Referrals to the prosecutor"),
                ("/inpres/laporan/", "Inpres six-monthly report"),
            ],
        ),
        (
            "Settings",
            [
                ("/pengguna/", "Users"),
                ("/audit/", "Audit trail"),
                ("/akun/token/", "API access tokens"),
                ("/bantuan/", "Help"),
                ("/tentang/", "About"),
                ("/django-admin/", "Django admin"),
                ("/api/v1/docs", "API"),
            ],
        ),
    ],
    "asn.dedi": CIVIL_SERVANT,
    "asn.hendra": CIVIL_SERVANT,
    "asn.rina": CIVIL_SERVANT,
    "asn.yani": CIVIL_SERVANT,
    "bpjs.sumedang": [
        ("/", "Home"),
        (
            "Workers",
            [
                ("/pekerja/", "Workers"),
                ("/pekerja/impor/", "Import workers"),
                ("/pekerja/duplikat/", "Possible duplicates"),
                ("/impor/", "My imports"),
            ],
        ),
        (
            "Programs",
            [
                ("/program/", "Programs"),
                ("/sponsor/", "Sponsors"),
                ("/simulasi-iuran/", "Contribution simulation"),
            ],
        ),
        (
            "Enrolment",
            [
                ("/kepesertaan/", "Enrolments"),
                ("/kepesertaan/kirim/", "Batches for BPJS"),
                ("/kepesertaan/konfirmasi/", "BPJS confirmations"),
                ("/kepesertaan/nonaktif/", "Non-active lists for BPJS"),
            ],
        ),
        (
            "Bills",
            [
                ("/tagihan/", "Bills"),
                ("/pembayaran/", "Payments"),
                ("/pembayaran/rekening-koran/", "BPJS payment statements"),
                ("/tunggakan/", "Arrears"),
            ],
        ),
        (
            "Claims",
            [
                ("/klaim/", "Claims"),
                ("/klaim/dampak/", "Claims impact"),
                ("/simulasi-manfaat/", "Benefit simulation"),
            ],
        ),
        (
            "Coverage",
            [
                ("/cakupan/", "Coverage"),
                ("/cakupan/peringkat/", "Coverage rankings"),
                ("/cakupan/penghargaan/", "Awards"),
                ("/cakupan/data/", "Coverage figures and snapshots"),
                ("/wilayah/", "Regions"),
            ],
        ),
        (
            "Inpres",
            [
                ("/inpres/", "Inpres 2/2021 tasks"),
                ("/inpres/tim/", "Coordination team"),
                ("/inpres/kerja-sama/", "Cooperation agreements"),
                ("/inpres/kegiatan/", "Coordination activities"),
                ("/inpres/pemberi-kerja/", "Employers' compliance"),
                ("/inpres/rujukan/", "Referrals to the prosecutor"),
                ("/inpres/laporan/", "Inpres six-monthly report"),
            ],
        ),
        (
            "Settings",
            [
                ("/pengguna/", "Users"),
                ("/akun/token/", "API access tokens"),
                ("/bantuan/", "Help"),
                ("/tentang/", "About"),
                ("/api/v1/docs", "API"),
            ],
        ),
    ],
    "desa.cikeruh": VILLAGE_OPERATOR,
    "desa.gudang": VILLAGE_OPERATOR,
    "desa.sukagalih": VILLAGE_OPERATOR,
    "disnaker": REGIONAL_ADMIN,
    "jaksa.sumedang": [
        ("/", "Home"),
        ("/wilayah/", "Regions"),
        (
            "Inpres",
            [
                ("/inpres/pemberi-kerja/", "Employers' compliance"),
                ("/inpres/rujukan/", "Referrals to the prosecutor"),
            ],
        ),
        (
            "Settings",
            [
                ("/akun/token/", "API access tokens"),
                ("/bantuan/", "Help"),
                ("/tentang/", "About"),
                ("/api/v1/docs", "API"),
            ],
        ),
    ],
    "opd.dppkbp3a": [
        ("/", "Home"),
        (
            "Workers",
            [
                ("/pekerja/", "Workers"),
                ("/pekerja/impor/", "Import workers"),
                ("/pekerja/duplikat/", "Possible duplicates"),
                ("/impor/", "My imports"),
            ],
        ),
        (
            "Programs",
            [
                ("/program/", "Programs"),
                ("/program/tahun/", "Program year"),
                ("/sponsor/", "Sponsors"),
                ("/cakupan/pencocokan/", "Sponsor matching"),
                ("/asn/", "Civil servants' participation"),
                ("/simulasi-iuran/", "Contribution simulation"),
            ],
        ),
        (
            "Enrolment",
            [("/kepesertaan/", "Enrolments"), ("/kepesertaan/berakhir/", "Enrolments ending soon")],
        ),
        (
            "Bills",
            [("/tagihan/", "Bills"), ("/pembayaran/", "Payments"), ("/tpp/", "TPP deductions")],
        ),
        (
            "Claims",
            [
                ("/klaim/", "Claims"),
                ("/klaim/baru/", "Report a claim"),
                ("/simulasi-manfaat/", "Benefit simulation"),
            ],
        ),
        (
            "Coverage",
            [
                ("/cakupan/", "Coverage"),
                ("/cakupan/peringkat/", "Coverage rankings"),
                ("/cakupan/penghargaan/", "Awards"),
                ("/wilayah/", "Regions"),
            ],
        ),
        ("/inpres/", "Inpres 2/2021 tasks"),
        (
            "Settings",
            [
                ("/pengguna/", "Users"),
                ("/akun/token/", "API access tokens"),
                ("/bantuan/", "Help"),
                ("/tentang/", "About"),
                ("/api/v1/docs", "API"),
            ],
        ),
    ],
    "tim.koordinasi": [
        ("/", "Home"),
        ("/pekerja/", "Workers"),
        (
            "Programs",
            [
                ("/program/", "Programs"),
                ("/sponsor/", "Sponsors"),
                ("/asn/", "Civil servants' participation"),
                ("/simulasi-iuran/", "Contribution simulation"),
            ],
        ),
        ("/kepesertaan/", "Enrolments"),
        (
            "Bills",
            [
                ("/tagihan/", "Bills"),
                ("/pembayaran/", "Payments"),
                ("/pembayaran/rekening-koran/", "BPJS payment statements"),
                ("/tunggakan/", "Arrears"),
            ],
        ),
        (
            "Claims",
            [
                ("/klaim/", "Claims"),
                ("/klaim/dampak/", "Claims impact"),
                ("/simulasi-manfaat/", "Benefit simulation"),
            ],
        ),
        (
            "Coverage",
            [
                ("/cakupan/", "Coverage"),
                ("/cakupan/peringkat/", "Coverage rankings"),
                ("/cakupan/penghargaan/", "Awards"),
                ("/cakupan/anggaran/", "Budget planning"),
                ("/wilayah/", "Regions"),
            ],
        ),
        (
            "Inpres",
            [
                ("/inpres/", "Inpres 2/2021 tasks"),
                ("/inpres/tim/", "Coordination team"),
                ("/inpres/kerja-sama/", "Cooperation agreements"),
                ("/inpres/kegiatan/", "Coordination activities"),
                ("/inpres/pemberi-kerja/", "Employers' compliance"),
                ("/inpres/rujukan/", "Referrals to the prosecutor"),
                ("/inpres/laporan/", "Inpres six-monthly report"),
            ],
        ),
        (
            "Settings",
            [
                ("/pengguna/", "Users"),
                ("/akun/token/", "API access tokens"),
                ("/bantuan/", "Help"),
                ("/tentang/", "About"),
                ("/api/v1/docs", "API"),
            ],
        ),
    ],
    "verifikator": REGIONAL_ADMIN,
}

TASK = re.compile(
    r'<li data-menu-group="\w+"><details><summary>(.*?)</summary><ul>(.*?)</ul></details></li>'
)
LONE = re.compile(r'<li data-menu-group="\w+"><a href="(.*?)">(.*?)</a></li>')
LINK = re.compile(r'<li><a href="(.*?)">(.*?)</a></li>')


def _menu(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return str(navigation(request)["nav_menu"])


def _parts(html: str) -> list:
    """The menu's HTML read back as lone links and tasks; anything else fails."""
    parts: list = []
    position = 0
    while position < len(html):
        task, lone = TASK.match(html, position), LONE.match(html, position)
        assert task or lone, html[position : position + 200]
        if task:
            links = [(url, unescape(label)) for url, label in LINK.findall(task.group(2))]
            parts.append((unescape(task.group(1)), links))
            position = task.end()
        else:
            assert lone
            parts.append((lone.group(1), unescape(lone.group(2))))
            position = lone.end()
    return parts


def test_every_demo_role_sees_its_links_grouped_by_task(demo):
    assert sorted(demo) == sorted(MENUS)
    with translation.override("en"):
        for username, user in demo.items():
            assert _parts(_menu(user)) == MENUS[username], username


def test_a_task_shows_as_a_drop_down_only_with_two_links_or_more(demo):
    with translation.override("en"):
        for user in demo.values():
            for name, links in _parts(_menu(user)):
                assert isinstance(links, str) or len(links) >= 2, (user.username, name)


def test_the_tasks_are_named_in_indonesian(demo):
    parts = _parts(_menu(demo["disnaker"]))
    assert [name for name, links in parts if not isinstance(links, str)] == [
        "Pekerja",
        "Program",
        "Kepesertaan",
        "Tagihan",
        "Klaim",
        "Cakupan",
        "Inpres",
        "Pengaturan",
    ]


def test_every_entry_names_a_task():
    assert {entry.group for entry in nav.entries()} == set(MenuGroup)
    assert set(nav.GROUP_LABELS) == set(MenuGroup)


def test_the_menu_is_built_once_per_role_and_language(demo):
    nav._menu_html.cache_clear()
    for username in ("desa.cikeruh", "desa.gudang", "desa.sukagalih"):
        _menu(demo[username])
    with translation.override("en"):
        _menu(demo["desa.cikeruh"])
    assert nav._menu_html.cache_info().misses == 2  # one village operator, in two languages
