"""The demo's coverage: real bases of workers, BPJS's own counts, a 2026 target, and the monthly
snapshots of 2026 up to the month before `today`, so that the dashboards have a trend.

Every figure below is from public sources (BPS releases, BPJS's and the regent's statements, as
reported in the articles named beside each), imported through the real file import as the
officers would (BPJS Sumedang its base and count, the Disnaker BPS's figures and the target,
the superuser the province and the country):

Kabupaten Sumedang (32.11)
- eligible workers (BPJS's base), 2024: 397.749 (31 Dec 2024), with BPJS's count of 151.491
  protected workers (38,09 %): the regent at the Paritrana Award 2025 (hallosumedang.com,
  29 Jul 2025; dengar.id);
- working population (BPS Sakernas), Aug 2024: 606.636, from the same presentation (note K1:
  it fits the Aug 2025 BPS release exactly);
- working population, Aug 2025: 578.680, derived in the document from BPS Sumedang's release of
  24 Dec 2025 (labour force 616,12 rb less 37,44 rb unemployed; sumedang.jabarekspres.com);
- the 2026 target: no published target of Sumedang was found, so 42 % is **the demo regency's
  own target**, marked so in its source (2024 stood at 38,09 %).
Jawa Barat (32)
- working population, Aug 2024: 24,42 jt and Aug 2025: 24,51 jt (BPS Jawa Barat);
- BPJS active participants, Feb 2025: 4,96 jt (Kemnaker via databoks/GoodStats);
- no eligible base (the "37,2 %" average of Dec 2024 comes without one) and no target: unknown.
Indonesia ("" in snapshots, no region in the figures)
- working population, Aug 2024: 144,64 jt and Aug 2025: 146,54 jt (BPS);
- BPJS active participants, Feb 2025: 41,38 jt (PU 26,26 jt, BPU 9,58 jt, JAKON 5,53 jt);
- RPJPN's target for 2025: 52,5 % (no 2026 target in the document: unknown);
- no eligible base nationally: unknown.

Sakernas figures are dated at the end of August, the month the survey counts. A base the
document does not give is left unknown (the dashboards show "unknown", never 0 %); nothing is
invented. The headline share of a region is taken of BPJS's eligible base when it has one (the
UCJ % BPJS reports), else of BPS's working population (coverage.selectors.BASE_ORDER): the
province and the country are therefore shares of the working population, Sumedang of its
eligible workers — different bases, not comparable (note B1).

The snapshots count only the workers Lindungi manages (the demo's enrolments), so Sumedang's
share is small beside BPJS's 151.491: BPJS's count is shown beside it as `participants`.
Snapshots are the whole country's (the system's monthly job, `actor` None), one per month from
January 2026 to the month before `today`; seeding again changes nothing.

The 2026 awards (coverage.awards): the Disnaker computes the year's list on the demo's own
enrolments and bills as of `today` (agencies by their civil servants who protect a worker,
villages by their quota filled and their months paid on time) and publishes it, so that the
awards page and the public coverage page show it. Once the demo has a month billed and due.
"""

import csv
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.utils import timezone

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.months import add_months, month_start
from lindungi.core.scopes import Scope
from lindungi.coverage.awards_services import award_compute, award_publish
from lindungi.coverage.models import AwardRound, Denominator, SnapshotRun
from lindungi.coverage.services import (
    Imported,
    denominators_import,
    participants_import,
    snapshot_take,
    targets_import,
)

YEAR = 2026
FIRST_MONTH = date(YEAR, 1, 1)

SUMEDANG_PARITRANA = (
    "Bupati Sumedang, Paritrana Award 2025 (hallosumedang.com 29 Jul 2025; dengar.id)"
)
DENOMINATOR_HEADER = ["region", "year", "kind", "value", "source", "date"]
PARTICIPANT_HEADER = ["region", "month", "category", "count", "source"]
TARGET_HEADER = ["region", "year", "percent", "source"]


def regency_denominators(regency: str) -> list[list[object]]:
    """What BPJS Sumedang and the Disnaker import for the regency."""
    return [
        [
            regency,
            2024,
            "eligible",
            397_749,
            f"BPJS Ketenagakerjaan Sumedang: {SUMEDANG_PARITRANA}",
            "2024-12-31",
        ],
        [
            regency,
            2024,
            "working_population",
            606_636,
            f"BPS Sakernas Agustus 2024: {SUMEDANG_PARITRANA}",
            "2024-08-31",
        ],
        [
            regency,
            2025,
            "working_population",
            578_680,
            "BPS Kab. Sumedang, BRS 24 Des 2025 (dihitung: angkatan kerja 616,12 rb dikurangi "
            "37,44 rb penganggur; sumedang.jabarekspres.com 30 Des 2025)",
            "2025-08-31",
        ],
    ]


WIDER_DENOMINATORS = [
    [
        "32",
        2024,
        "working_population",
        24_420_000,
        "BPS Jawa Barat, Sakernas Agustus 2024 (kabarsunda.com; bandungraya.inews.id)",
        "2024-08-31",
    ],
    [
        "32",
        2025,
        "working_population",
        24_510_000,
        "BPS Jawa Barat, Sakernas Agustus 2025, "
        "rilis 7 Nov 2025 (Republika melalui suarakita.net; jabarekspres.com)",
        "2025-08-31",
    ],
    [
        "ID",
        2024,
        "working_population",
        144_640_000,
        "BPS, Sakernas Agustus 2024, rilis 5 Nov 2024 (dnaberita.com; kontan.co.id)",
        "2024-08-31",
    ],
    [
        "ID",
        2025,
        "working_population",
        146_540_000,
        "BPS, Sakernas Agustus 2025, rilis 5 Nov 2025 (channel9.id; news.ddtc.co.id)",
        "2025-08-31",
    ],
]
KEMNAKER_FEB_2025 = "Kemnaker, peserta aktif Feb 2025 (databoks.katadata.co.id; GoodStats)"
WIDER_PARTICIPANTS = [
    ["32", "2025-02", "", 4_960_000, KEMNAKER_FEB_2025],
    ["ID", "2025-02", "", 41_380_000, KEMNAKER_FEB_2025],
    ["ID", "2025-02", "PU", 26_260_000, KEMNAKER_FEB_2025],
    ["ID", "2025-02", "BPU", 9_580_000, KEMNAKER_FEB_2025],
    ["ID", "2025-02", "JAKON", 5_530_000, KEMNAKER_FEB_2025],
]
WIDER_TARGETS = [
    ["ID", 2025, "52.5", "RPJPN (pemantauan Bangda Kemendagri, 16 Mei 2025; beritausukabumi.com)"],
]


def _import(
    rows: list[list[object]],
    header: list[str],
    actor: User,
    load: Callable[..., Imported],
    name: str,
) -> Imported:
    with tempfile.TemporaryDirectory(prefix="demo-coverage-") as folder:
        path = Path(folder) / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(header)
            writer.writerows(rows)
        scope: Scope = scope_for_user(actor)
        return load(path=path, actor=actor, scope=scope)


def seed_coverage(*, regency: str, users: dict[str, User], today: date | None = None) -> None:
    """The figures (once: left alone when the regency has a base already) and the snapshot of
    each month of 2026 before `today` not taken yet."""
    today = today or timezone.localdate()
    if not Denominator.objects.filter(region_id=regency).exists():
        bpjs, admin = users["bpjs.sumedang"], users["disnaker"]
        superuser = User.objects.get(username="admin")
        rows = regency_denominators(regency)
        _import(rows[:1], DENOMINATOR_HEADER, bpjs, denominators_import, "basis-bpjs.csv")
        _import(rows[1:], DENOMINATOR_HEADER, admin, denominators_import, "basis-bps.csv")
        _import(
            [[regency, "2024-12", "", 151_491, f"BPJS Ketenagakerjaan: {SUMEDANG_PARITRANA}"]],
            PARTICIPANT_HEADER,
            bpjs,
            participants_import,
            "peserta-bpjs.csv",
        )
        _import(
            [
                [
                    regency,
                    YEAR,
                    "42",
                    "Demo: target kabupaten demo sendiri (target 2026 Sumedang belum "
                    "ditemukan dalam terbitan; 38,09 % pada 2024)",
                ]
            ],
            TARGET_HEADER,
            admin,
            targets_import,
            "target.csv",
        )
        _import(WIDER_DENOMINATORS, DENOMINATOR_HEADER, superuser, denominators_import, "b.csv")
        _import(WIDER_PARTICIPANTS, PARTICIPANT_HEADER, superuser, participants_import, "p.csv")
        _import(WIDER_TARGETS, TARGET_HEADER, superuser, targets_import, "t.csv")

    taken = set(SnapshotRun.objects.filter(region_code="").values_list("month", flat=True))
    month, last = FIRST_MONTH, add_months(month_start(today), -1)
    while month <= last:
        if month not in taken:
            snapshot_take(month=month, actor=None, today=today)
        month = add_months(month, 1)
    seed_awards(regency=regency, users=users, today=today)


AWARDS_FROM = date(YEAR, 2, 16)  # January's bills fell due on the 15th


def seed_awards(*, regency: str, users: dict[str, User], today: date) -> AwardRound | None:
    """The published 2026 award list (once; none before a month's bills fell due)."""
    if today < AWARDS_FROM:
        return None
    found = AwardRound.objects.filter(region_id=regency, first_month=FIRST_MONTH).first()
    if found is not None:
        return found
    admin = users["disnaker"]
    scope = scope_for_user(admin)
    award = award_compute(actor=admin, scope=scope, region=regency, year=YEAR, today=today)
    if not award.entries.filter(is_winner=True).exists():
        return award  # nobody to reward yet: left as a draft
    return award_publish(actor=admin, scope=scope, award_id=award.pk)
