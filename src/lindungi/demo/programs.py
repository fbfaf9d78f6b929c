"""The demo regency's 2026 programs, run the way the offices run them: villages and agencies
propose, the Disnaker verifies, a batch goes to BPJS, and BPJS's confirmation file activates.

What a newcomer finds after `make run`:
- Desa Cikeruh: 63 of its 100 workers active (KPJ numbers), the rest of its residents to pick;
- Desa Gudang: 100 workers submitted and waiting for the Disnaker's verification;
- Desa Sukagalih: no sponsor yet (its operator registers the village meeting's decision first);
- 40 more villages with their eligible residents active, sent in one batch and confirmed;
- DPPKBP3A protecting 30 kader posyandu (Mitra Kerja Instansi), and four civil servants each
  protecting a household worker through their TPP (ASN Peduli), one withdrawn.
Everything goes through the services and the real confirmation import. Deterministic.

In December 2026 (the demo's today) the 2027 programs are ready to open and are left for the
admin to open (`/program/tahun/`, `lindungi programs open-year 2027`): one step drafts the three
2027 programs and the 2027 participation of the 42 villages and the agency; Cikeruh confirms
with its village meeting's decision, and its 63 workers continue in one action from
*Kepesertaan segera berakhir* (tests/demo/test_demo_year.py walks it).
"""

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.eligibility import refusals
from lindungi.programs.exchange.confirmations import confirmations_import
from lindungi.programs.models import (
    AsnConsent,
    Enrolment,
    EnrolmentStatus,
    Program,
    Sponsor,
    SubmissionBatch,
)
from lindungi.programs.selectors import candidates
from lindungi.programs.services.asn import asn_protect, asn_protect_by_nik, consent_withdraw
from lindungi.programs.services.batches import batch_create
from lindungi.programs.services.enrolling import candidate_of, enrolments_create, rules_of
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import enrolments_submit, enrolments_verify
from lindungi.regions.models import Level, Region
from lindungi.regions.selectors import region_get
from lindungi.workers.importing.pipeline import ImportOptions, import_workers
from lindungi.workers.models import Worker
from lindungi.workers.services import worker_create

YEAR = 2026
KADER_FIRST = ["Euis", "Neneng", "Imas", "Yati", "Tuti", "Enok", "Dewi", "Lilis", "Nia", "Iis"]
KADER_LAST = ["Rahmawati", "Komariah", "Suryani", "Nurhayati", "Marlina", "Hasanah", "Rosita"]
STARTED = date(YEAR, 1, 5)  # when the villages' lists were drafted
OTHER_VILLAGES = 40
DECISION = "141/%(n)03d/Musdes/XII/2025"

# Household workers of the demo civil servants: (login, NIK, name, village, occupation).
# asn.yani's gardener is a resident of Sukagalih the village registered already: she protects
# him by his NIK (`HOUSEHOLD_REGISTERED`), as the page lets a civil servant do.
HOUSEHOLD = [
    ("asn.rina", "3211155208850003", "Euis Komariah", "32.11.15.2001", "asisten rumah tangga"),
    ("asn.dedi", "3211111203800004", "Ujang Sopandi", "32.11.11.2001", "sopir"),
    ("asn.hendra", "3211154411820005", "Imas Masitoh", "32.11.15.2001", "asisten rumah tangga"),
]
HOUSEHOLD_REGISTERED = [("asn.yani", "32.11.17.2005", "tukang kebun")]


def seed_programs(*, regency: str, users: dict[str, User]) -> None:
    if Program.objects.filter(region_id=regency, year=YEAR).exists():
        return
    region = region_get(code=regency)
    admin, checker, bpjs = users["disnaker"], users["verifikator"], users["bpjs.sumedang"]
    admin_scope = scope_for_user(admin)
    village = program_from_scheme(
        actor=admin,
        scope=admin_scope,
        region=region,
        scheme="desa_100",
        year=YEAR,
        target=270 * 100,
        budget=270 * 100 * 16_800 * 12,
    )
    asn_program = program_from_scheme(
        actor=admin, scope=admin_scope, region=region, scheme="asn_peduli", year=YEAR
    )
    partners = program_from_scheme(
        actor=admin, scope=admin_scope, region=region, scheme="mitra_instansi", year=YEAR
    )

    # The three demo villages, through their own operators.
    cikeruh = _village_sponsor(users["desa.cikeruh"], "32.11.15.2001", 1)
    _propose(users["desa.cikeruh"], village, cikeruh, 63)
    gudang = _village_sponsor(users["desa.gudang"], "32.11.11.2001", 2)
    _propose(users["desa.gudang"], village, gudang, 100)

    # Forty more villages, drafted by the Disnaker for them.
    others = (
        Region.objects.filter(code__startswith=regency + ".", level=Level.VILLAGE, is_active=True)
        .exclude(code__in=["32.11.15.2001", "32.11.11.2001", "32.11.17.2005"])
        .order_by("code")
    )
    chooser = random.Random(YEAR)  # noqa: S311 - demo data
    for number, place in enumerate(chooser.sample(list(others), OTHER_VILLAGES), start=3):
        sponsor = sponsor_create(
            actor=admin,
            scope=admin_scope,
            kind="DESA",
            name=f"Pemerintah Desa {place.name.title()}",
            region=place,
            decision_number=DECISION % {"n": number},
            decision_date=date(YEAR - 1, 12, 15),
        )
        _propose(admin, village, sponsor, 100)

    # DPPKBP3A's kader posyandu, registered by the agency from its own list.
    opd_user = users["opd.dppkbp3a"]
    _import_kader(opd_user, regency)
    opd = sponsor_create(
        actor=opd_user,
        scope=scope_for_user(opd_user),
        kind="OPD",
        name=str(opd_user.agency),
        region=region,
        agency=opd_user.agency,
    )
    _propose(opd_user, partners, opd, 30)

    # The Disnaker's second officer verifies everything but Gudang's list, which waits.
    submitted = Enrolment.objects.select_related("sponsor", "worker").filter(
        status=EnrolmentStatus.SUBMITTED
    )
    enrolments_verify(
        actor=checker,
        scope=scope_for_user(checker),
        enrolments=list(submitted.exclude(sponsor=gudang)),
        approve=True,
    )
    # Civil servants protect their household workers (consent, submission), verified too.
    for login, nik, name, code, occupation in HOUSEHOLD:
        asn = users[login]
        scope = scope_for_user(asn)
        worker = worker_create(
            actor=asn,
            scope=scope,
            nik=nik,
            name=name,
            village=region_get(code=code),
            occupation=occupation,
            in_p3ke=True,
        )
        enrolment = asn_protect(
            actor=asn, scope=scope, program=asn_program, worker=worker, today=STARTED
        )
        enrolments_verify(
            actor=checker, scope=scope_for_user(checker), enrolments=[enrolment], approve=True
        )

    for login, code, occupation in HOUSEHOLD_REGISTERED:
        asn = users[login]
        resident = _registered_resident(asn_program, code, occupation)
        enrolment = asn_protect_by_nik(
            actor=asn,
            scope=scope_for_user(asn),
            program=asn_program,
            nik=resident.nik,
            name=resident.name,
            today=STARTED,
        )
        enrolments_verify(
            actor=checker, scope=scope_for_user(checker), enrolments=[enrolment], approve=True
        )

    # Batches to BPJS, and BPJS's answer activating them.
    batches = [
        batch_create(actor=admin, scope=admin_scope, program=program)
        for program in (village, partners, asn_program)
    ]
    _confirm(bpjs, batches)
    # One civil servant stopped their deduction after August.
    hendra = users["asn.hendra"]
    consent = AsnConsent.objects.get(sponsor__user=hendra)
    consent_withdraw(
        actor=hendra, scope=scope_for_user(hendra), consent=consent, today=date(YEAR, 8, 20)
    )
    _loose_ends(admin, checker, bpjs, region, village)


# A company's CSR (it co-funds some workers: demo/billing.py) and the regency's Baznas.
CSR_NAME = "PT Kahatex (CSR)"
BAZNAS_NAME = "Baznas Kabupaten Sumedang"
# A worker BPJS rejected (already a wage earner's member), with BPJS's reason.
REJECTED = ("0308798801", "Asep Saepudin", "buruh tani")  # born 3 Aug 1979, serial 8801
REJECTED_REASON = "NIK terdaftar sebagai peserta Penerima Upah (PU) aktif"


def _loose_ends(admin: User, checker: User, bpjs: User, region: Region, village: Program) -> None:
    """A CSR and a Baznas sponsor registered by the Disnaker; one more worker proposed for a
    village, verified, sent in its own batch and rejected by BPJS with its reason."""
    admin_scope = scope_for_user(admin)
    sponsor_create(
        actor=admin,
        scope=admin_scope,
        kind="PERUSAHAAN",
        name=CSR_NAME,
        region=region,
        contact="Bagian CSR, (022) 7798 123",
    )
    sponsor_create(
        actor=admin,
        scope=admin_scope,
        kind="BAZNAS",
        name=BAZNAS_NAME,
        region=region,
        contact="baznas.sumedang@example.org",
    )
    sponsor = Sponsor.objects.filter(kind="DESA", created_by=admin).order_by("pk").first()
    if sponsor is None:
        return
    born_serial, name, occupation = REJECTED
    worker = worker_create(
        actor=admin,
        scope=admin_scope,
        nik=sponsor.region_id.replace(".", "")[:6] + born_serial,
        name=name,
        village=sponsor.region,
        occupation=occupation,
        in_p3ke=True,
    )
    drafts = enrolments_create(
        actor=admin,
        scope=admin_scope,
        program=village,
        sponsor=sponsor,
        workers=[worker],
        today=STARTED,
    )
    enrolments_submit(actor=admin, scope=admin_scope, enrolments=drafts)
    enrolments_verify(actor=checker, scope=scope_for_user(checker), enrolments=drafts, approve=True)
    batch_create(actor=admin, scope=admin_scope, program=village, sponsor=sponsor)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "konfirmasi-bpjs-susulan.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["NIK", "KPJ", "Tanggal Efektif", "Keterangan"])
            writer.writerow([worker.nik, "", "", REJECTED_REASON])
        confirmations_import(actor=bpjs, scope=scope_for_user(bpjs), path=path)


def _registered_resident(program: Program, code: str, occupation: str) -> Worker:
    """The first resident of a village (by NIK) with this occupation whom the program accepts
    and nobody protects yet: a worker the village registered, not the civil servant."""
    rules = rules_of(program)
    residents = (
        Worker.objects.filter(village_id=code, occupation=occupation, duplicate_of=None)
        .exclude(enrolments__isnull=False)
        .select_related("village")
        .order_by("nik")
    )
    return next(
        worker
        for worker in residents
        if not refusals(rules, candidate_of(worker), on=STARTED, sponsor_village=None)
    )


def _import_kader(operator: User, regency: str, count: int = 30) -> None:
    """The agency's list of kader posyandu, imported through the real pipeline. Serials from
    9001 never meet the demo residents' (which count up from 0001 per district and birth day)."""
    chooser = random.Random(YEAR + 1)  # noqa: S311 - demo data
    villages = list(
        Region.objects.filter(code__startswith=regency + ".", level=Level.VILLAGE, is_active=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "kader-posyandu.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["nik", "nama", "kode_desa", "pekerjaan", "p3ke"])
            for serial in range(9001, 9001 + count):
                village = chooser.choice(villages)
                born = date(1970, 1, 1) + timedelta(days=chooser.randrange(0, 365 * 30))
                nik = f"{village.replace('.', '')[:6]}{born.day + 40:02d}{born:%m%y}{serial}"
                name = f"{chooser.choice(KADER_FIRST)} {chooser.choice(KADER_LAST)}"
                writer.writerow([nik, name, village, "kader posyandu", "1"])
        import_workers(
            actor=operator, scope=scope_for_user(operator), path=path, options=ImportOptions()
        )


def _village_sponsor(operator: User, code: str, number: int) -> Sponsor:
    place = region_get(code=code)
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name=f"Pemerintah Desa {place.name.title()}",
        region=place,
        decision_number=DECISION % {"n": number},
        decision_date=date(YEAR - 1, 12, 12),
    )


def _propose(maker: User, program: Program, sponsor: Sponsor, count: int) -> None:
    scope = scope_for_user(maker)
    chosen = list(
        candidates(scope=scope, program=program, sponsor=sponsor, first_month=program.start_month)[
            :count
        ]
    )
    if not chosen:
        return
    drafts = enrolments_create(
        actor=maker, scope=scope, program=program, sponsor=sponsor, workers=chosen, today=STARTED
    )
    enrolments_submit(actor=maker, scope=scope, enrolments=drafts)


def _confirm(bpjs: User, batches: list[SubmissionBatch]) -> None:
    """BPJS's confirmation file: a KPJ for every worker sent, effective from January."""
    sent = Enrolment.objects.filter(batch__in=batches).select_related("worker").order_by("id")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "konfirmasi-bpjs.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["NIK", "KPJ", "Tanggal Efektif", "Keterangan"])
            for index, enrolment in enumerate(sent, start=1):
                writer.writerow(
                    [
                        enrolment.worker.nik,
                        f"26{index:09d}",
                        f"{enrolment.first_month:%d-%m-%Y}",
                        "",
                    ]
                )
        confirmations_import(actor=bpjs, scope=scope_for_user(bpjs), path=path)
