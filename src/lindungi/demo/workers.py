"""A few thousand plausible vulnerable workers for the demo regency, loaded through the real
import pipeline (so the demo exercises exactly what offices use). Deterministic: same people on
every machine."""

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.regions.models import Level, Region
from lindungi.workers.importing.pipeline import ImportOptions, ImportResult, import_workers
from lindungi.workers.models import Worker

FIRST_MALE = [
    "Asep",
    "Ujang",
    "Dedi",
    "Cecep",
    "Dadang",
    "Agus",
    "Budi",
    "Yayan",
    "Iwan",
    "Deden",
    "Ade",
    "Endang",
    "Jajang",
    "Wawan",
    "Rudi",
    "Hendra",
    "Eko",
    "Nana",
    "Oman",
    "Tatang",
]
FIRST_FEMALE = [
    "Siti",
    "Euis",
    "Neneng",
    "Imas",
    "Yati",
    "Tuti",
    "Enok",
    "Rina",
    "Dewi",
    "Nining",
    "Cucu",
    "Popon",
    "Ai",
    "Lilis",
    "Nia",
    "Yeni",
    "Entin",
    "Iis",
    "Teti",
    "Wati",
]
LAST = [
    "Suryana",
    "Sumarna",
    "Hidayat",
    "Permana",
    "Saputra",
    "Kurniawan",
    "Rahmat",
    "Setiawan",
    "Nurhayati",
    "Rohaeti",
    "Maryati",
    "Sunarya",
    "Supriatna",
    "Kusnadi",
    "Mulyana",
    "Gunawan",
]
OCCUPATIONS = [
    "petani",
    "buruh tani",
    "pedagang keliling",
    "buruh harian lepas",
    "ojek",
    "sopir",
    "asisten rumah tangga",
    "tukang kebun",
    "peternak",
    "tukang bangunan",
    "kader posyandu",
]
DEMO_VILLAGE_SHARE = 120  # workers in each demo operator's village


def demo_rows(
    villages: list[str], per_village: dict[str, int], seed: int = 2026
) -> list[list[str]]:
    chooser = random.Random(seed)  # noqa: S311 - demo data, not security
    # The serials come from a generator of their own, so that the rest of the demo (names,
    # birth dates, villages) stays as it was when serials counted from 0001.
    serial_chooser = random.Random(f"{seed}-serials")  # noqa: S311 - demo data, not security
    rows: list[list[str]] = []
    taken: dict[tuple[str, int, date], set[int]] = {}
    for village in villages:
        district_digits = village.replace(".", "")[:6]
        for _ in range(per_village.get(village, 0)):
            female = chooser.random() < 0.45
            born = date(1961, 1, 1) + timedelta(days=chooser.randrange(0, 365 * 44))
            day = born.day + (40 if female else 0)
            serial = _serial(serial_chooser, taken.setdefault((district_digits, day, born), set()))
            nik = f"{district_digits}{day:02d}{born:%m%y}{serial:04d}"
            first = chooser.choice(FIRST_FEMALE if female else FIRST_MALE)
            rows.append(
                [
                    nik,
                    f"{first} {chooser.choice(LAST)}",
                    born.isoformat(),
                    "P" if female else "L",
                    village,
                    f"08{chooser.randrange(10**9, 10**10)}",
                    chooser.choice(OCCUPATIONS),
                    str(chooser.choice([1_000_000, 1_000_000, 1_500_000, 2_000_000])),
                    str(chooser.randint(1, 4)),
                    "1" if chooser.random() < 0.4 else "0",
                ]
            )
    return rows


def _serial(chooser: random.Random, taken: set[int]) -> int:
    """A NIK serial as Dukcapil's look (0001-8999 here; 9001-9003 are the likely duplicates'),
    not one already given to the same district, birth date and sex."""
    while True:
        serial = chooser.randint(1, 8999)
        if serial not in taken:
            taken.add(serial)
            return serial


def with_likely_duplicates(rows: list[list[str]], villages: list[str]) -> list[list[str]]:
    """Three people of the demo villages registered a second time elsewhere under another NIK
    (a mistyped serial, one name misspelt), as happens when two offices list the same
    resident: the review queue *Data ganda* then has pairs to decide. The last rows outside
    the demo villages take their names and birth dates; their NIKs follow their own district."""
    originals = [row for row in rows if row[4] in villages][:3]
    copies = [index for index, row in enumerate(rows) if row[4] not in villages][-3:]
    for serial, (original, index) in enumerate(zip(originals, copies, strict=False), start=9001):
        name, born, sex = original[1], date.fromisoformat(original[2]), original[3]
        if serial == 9003:
            name = name[:-1]  # "Suryana" → "Suryan": similar, not equal
        day = born.day + (40 if sex == "P" else 0)
        district_digits = rows[index][4].replace(".", "")[:6]
        nik = f"{district_digits}{day:02d}{born:%m%y}{serial:04d}"
        rows[index] = [nik, name, original[2], sex, *rows[index][4:]]
    return rows


def seed_workers(
    *, regency: str, operators: dict[str, User], admin: User, total: int = 3000
) -> list[ImportResult]:
    """Import the demo workers unless the regency has some already."""
    if Worker.objects.filter(village__code__startswith=regency + ".").exists():
        return []
    villages = list(
        Region.objects.filter(code__startswith=regency + ".", level=Level.VILLAGE, is_active=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    others = [code for code in villages if code not in operators]
    per_village = dict.fromkeys(operators, DEMO_VILLAGE_SHARE)
    remaining = total - DEMO_VILLAGE_SHARE * len(operators)
    for index, code in enumerate(others):
        per_village[code] = remaining // len(others) + (1 if index < remaining % len(others) else 0)
    # One pass over all villages, so that NIK serials never repeat; then one file per importer.
    everyone = with_likely_duplicates(demo_rows(villages, per_village), sorted(operators))
    results = []
    with tempfile.TemporaryDirectory() as folder:
        batches = [(user, [code]) for code, user in operators.items()] + [(admin, others)]
        for user, codes in batches:
            path = Path(folder) / f"warga-{codes[0]}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    [
                        "nik",
                        "nama",
                        "tanggal_lahir",
                        "jenis_kelamin",
                        "kode_desa",
                        "no_hp",
                        "pekerjaan",
                        "penghasilan",
                        "desil",
                        "p3ke",
                    ]
                )
                writer.writerows(row for row in everyone if row[4] in codes)
            results.append(
                import_workers(
                    actor=user, scope=scope_for_user(user), path=path, options=ImportOptions()
                )
            )
    return results
