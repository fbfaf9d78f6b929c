"""The demo that `make run` seeds: Kabupaten Sumedang (32.11) and its officers.

Every record goes through the owning app's services, so the demo is built exactly as real users
would build it. Seeding again leaves what exists alone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lindungi.accounts.models import Agency, User
from lindungi.accounts.services import agency_create, user_create
from lindungi.billing.models import Bill
from lindungi.claims.models import Claim
from lindungi.compliance.models import InpresTask
from lindungi.core.roles import Role
from lindungi.coverage.models import SnapshotRun
from lindungi.demo.billing import seed_billing
from lindungi.demo.claims import seed_claims
from lindungi.demo.compliance import seed_compliance
from lindungi.demo.coverage import seed_coverage
from lindungi.demo.programs import seed_programs
from lindungi.demo.workers import seed_workers
from lindungi.programs.models import Enrolment
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker

DEMO_REGENCY = "32.11"  # Kabupaten Sumedang
DEMO_PASSWORD = "demo-lindungi"  # noqa: S105 - printed on purpose: demo logins only

AGENCIES = [
    ("disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi"),
    (
        "dppkbp3a",
        "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan "
        "dan Perlindungan Anak",
    ),
    ("dinkes", "Dinas Kesehatan"),
    ("setda", "Sekretariat Daerah"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    region_code: str
    full_name: str
    agency_code: str = ""
    nip: str = ""


LOGINS = [
    DemoLogin("disnaker", Role.ADMIN_PEMDA, DEMO_REGENCY, "Dedi Suhendar (Disnakertrans)"),
    DemoLogin(
        "verifikator", Role.ADMIN_PEMDA, DEMO_REGENCY, "Asep Saepudin (Disnakertrans, verifikator)"
    ),
    DemoLogin("bpjs.sumedang", Role.PETUGAS_BPJS, DEMO_REGENCY, "Rita Mariana (BPJS Sumedang)"),
    DemoLogin("tim.koordinasi", Role.TIM_KOORDINASI, DEMO_REGENCY, "Tim Koordinasi Jamsostek"),
    DemoLogin("opd.dppkbp3a", Role.OPERATOR_OPD, DEMO_REGENCY, "Operator DPPKBP3A", "dppkbp3a"),
    DemoLogin(
        "asn.rina",
        Role.ASN,
        DEMO_REGENCY,
        "Rina Kurniasih, S.Pd.",
        "dinkes",
        nip="198703152010012004",
    ),
    DemoLogin(
        "asn.dedi",
        Role.ASN,
        DEMO_REGENCY,
        "Dedi Kurnia, S.E.",
        "dppkbp3a",
        nip="198205102008011003",
    ),
    DemoLogin(
        "asn.yani",
        Role.ASN,
        DEMO_REGENCY,
        "Yani Mulyani, S.Sos.",
        "dppkbp3a",
        nip="199106222015032002",
    ),
    DemoLogin(
        "asn.hendra",
        Role.ASN,
        DEMO_REGENCY,
        "Hendra Gunawan, S.T.",
        "setda",
        nip="198511302010011005",
    ),
    DemoLogin("desa.cikeruh", Role.OPERATOR_DESA, "32.11.15.2001", "Operator Desa Cikeruh"),
    DemoLogin("desa.gudang", Role.OPERATOR_DESA, "32.11.11.2001", "Operator Desa Gudang"),
    DemoLogin("desa.sukagalih", Role.OPERATOR_DESA, "32.11.17.2005", "Operator Desa Sukagalih"),
    DemoLogin("jaksa.sumedang", Role.JAKSA, DEMO_REGENCY, "Kejaksaan Negeri Sumedang (Datun)"),
]


@transaction.atomic
def seed_demo(
    *,
    with_workers: bool = True,
    with_programs: bool = True,
    today: date | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> list[tuple[DemoLogin, User]]:
    """Create the demo agencies and logins that do not exist yet; return every demo login.
    `progress(what, count)` hears of each part once it is done, with what the demo holds of it
    (`make run` shows a newcomer that the first, long seeding is moving)."""
    report = progress or _silent
    village_prefix = f"{DEMO_REGENCY}."
    regency = region_get(code=DEMO_REGENCY)
    agencies = {agency.code: agency for agency in Agency.objects.filter(region=regency)}
    for code, name in AGENCIES:
        if code not in agencies:
            agencies[code] = agency_create(actor=None, region=regency, code=code, name=name)

    existing = {
        user.username: user
        for user in User.objects.filter(username__in=[d.username for d in LOGINS])
    }
    seeded = []
    for login in LOGINS:
        user = existing.get(login.username) or user_create(
            actor=None,
            username=login.username,
            password=DEMO_PASSWORD,
            role=login.role,
            region=region_get(code=login.region_code),
            full_name=login.full_name,
            agency=agencies[login.agency_code] if login.agency_code else None,
            nip=login.nip,
        )
        seeded.append((login, user))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            username="admin", password=DEMO_PASSWORD, full_name="Superuser"
        )
    report("akun demo", len(seeded) + 1)
    if not with_workers:
        return seeded
    users = {user.username: user for _, user in seeded}
    seed_workers(
        regency=DEMO_REGENCY,
        operators={
            login.region_code: users[login.username]
            for login in LOGINS
            if login.role == Role.OPERATOR_DESA
        },
        admin=users["disnaker"],
    )
    report("pekerja", Worker.objects.filter(village__code__startswith=village_prefix).count())
    if with_programs:
        seed_programs(regency=DEMO_REGENCY, users=users)
        report("kepesertaan", Enrolment.objects.filter(program__region_id=DEMO_REGENCY).count())
        seed_billing(regency=DEMO_REGENCY, users=users, today=today)
        report("tagihan", Bill.objects.filter(run__region_id=DEMO_REGENCY).count())
        seed_claims(regency=DEMO_REGENCY, users=users, today=today)  # needs the paid months
        report("klaim", Claim.objects.filter(region__code__startswith=village_prefix).count())
        seed_coverage(regency=DEMO_REGENCY, users=users, today=today)
        report(
            "bulan angka cakupan",
            SnapshotRun.objects.filter(region_code="").values("month").distinct().count(),
        )
        seed_compliance(regency=DEMO_REGENCY, users=users, today=today)
        report("tugas Inpres", InpresTask.objects.filter(region_id=DEMO_REGENCY).count())
    return seeded


def _silent(what: str, count: int) -> None:
    """No progress to show (the tests, a second seeding)."""
