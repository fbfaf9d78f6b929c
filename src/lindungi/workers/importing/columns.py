"""Which column of an office's file holds which field: names in Bahasa Indonesia and English,
and presets for the lists offices actually hold (OpenSID population export, DTKS, P3KE)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lindungi.core.columns import Column, header_map, normalise_header
from lindungi.workers.importing.messages import RULES

FIELDS = (
    "nik",
    "name",
    "birth_date",
    "sex",
    "village",
    "address",
    "phone",
    "occupation",
    "income",
    "category",
    "in_p3ke",
    "in_dtks",
    "desil",
)

# The columns of a worker list, the template's titles first (`core.columns`): what the import
# reads, and what the template a user downloads explains.
COLUMNS = (
    Column(
        "nik",
        "NIK",
        (
            "nik",
            "no_nik",
            "nomor_nik",
            "no_ktp",
            "nomor_ktp",
            "ktp",
            "nomor_induk_kependudukan",
            "national_id",
            "id_number",
        ),
        required=True,
        fmt=_("16 digits, as on the KTP"),
        example="3171014707859999",
        rule=_("a valid NIK, once per file; digits 7 to 12 are the birth date (women: day + 40)"),
    ),
    Column(
        "name",
        "Nama",
        (
            "nama",
            "nama_lengkap",
            "nama_ktp",
            "nama_sesuai_ktp",
            "nama_penduduk",
            "name",
            "full_name",
        ),
        required=True,
        fmt=_("text, at most 150 characters"),
        example="Siti Aminah",
        rule=_("the name as on the KTP"),
    ),
    Column(
        "birth_date",
        "Tanggal lahir",
        (
            "tanggal_lahir",
            "tgl_lahir",
            "tanggallahir",
            "tgllahir",
            "birth_date",
            "date_of_birth",
            "dob",
            "birthdate",
        ),
        fmt=_("date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY"),
        example="1985-07-07",
        rule=_("must match the birth date the NIK encodes"),
    ),
    Column(
        "sex",
        "Jenis kelamin",
        ("jenis_kelamin", "jk", "kelamin", "sex", "gender", "l_p"),
        fmt=_("L or P"),
        example="P",
        rule=RULES["sex_value"],
    ),
    Column(
        "village",
        "Kode desa",
        (
            "kode_desa",
            "kode_wilayah",
            "kode_kelurahan",
            "kode_desa_kelurahan",
            "kode_kemendagri",
            "village_code",
            "village",
            "desa_code",
        ),
        required=True,
        fmt=_("Kemendagri village code, 10 digits (dots allowed)"),
        example="32.11.15.2001",
        rule=_("a village inside your area; a village operator may leave it empty"),
    ),
    Column(
        "address",
        "Alamat",
        ("alamat", "alamat_lengkap", "address"),
        fmt=_("text, at most 255 characters"),
        example="Dusun Cikeruh RT 01 RW 02",
    ),
    Column(
        "phone",
        "No HP",
        (
            "no_hp",
            "nomor_hp",
            "hp",
            "no_telp",
            "telepon",
            "nomor_telepon",
            "no_telepon",
            "phone",
            "phone_number",
            "mobile",
        ),
        fmt=_("8 to 15 digits"),
        example="081100000000",
        rule=RULES["phone"],
    ),
    Column(
        "occupation",
        "Pekerjaan",
        ("pekerjaan", "jenis_pekerjaan", "occupation", "job"),
        fmt=_("text, at most 100 characters"),
        example="Petani",
    ),
    Column(
        "income",
        "Penghasilan",
        ("penghasilan", "penghasilan_bulanan", "pendapatan", "income", "monthly_income"),
        fmt=_("whole Rupiah per month"),
        example="1.500.000",
        rule=RULES["number"],
    ),
    Column(
        "category",
        "Kategori",
        ("kategori", "kategori_peserta", "segmen", "category"),
        fmt=_("PU, BPU, JAKON, PMI, MAGANG or KERJA_PRAKTEK"),
        example="BPU",
        rule=_("empty: the category chosen on the import page (BPU by default)"),
    ),
    Column(
        "in_p3ke",
        "P3KE",
        ("p3ke", "terdaftar_p3ke", "in_p3ke"),
        fmt=_("Ya or Tidak"),
        example="Tidak",
        rule=_("whether the worker is on the P3KE list"),
    ),
    Column(
        "in_dtks",
        "DTKS",
        ("dtks", "terdaftar_dtks", "in_dtks"),
        fmt=_("Ya or Tidak"),
        example="Ya",
        rule=_("whether the worker is on the DTKS list"),
    ),
    Column(
        "desil",
        "Desil",
        ("desil", "desil_kesejahteraan", "decile"),
        fmt=_("a whole number from 1 to 10"),
        example="2",
        rule=RULES["desil"],
    ),
)
# Normalised header (lower case, words joined by "_") -> field.
ALIASES: dict[str, str] = header_map(COLUMNS)


@dataclass(frozen=True)
class Preset:
    """Extra column names of one kind of file, and values every row of it has."""

    aliases: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    # OpenSID "data penduduk" export: one village's residents, no village code column.
    "opensid": Preset(aliases={"tanggallahir": "birth_date", "sex": "sex", "telepon": "phone"}),
    # DTKS extract (Kemensos): social-welfare list.
    "dtks": Preset(
        aliases={"nama_art": "name", "kd_desa": "village", "idsemesta": "ignored"},
        defaults={"in_dtks": "1"},
    ),
    # P3KE extract (extreme-poverty list, with the welfare decile).
    "p3ke": Preset(
        aliases={"nama_kepala_keluarga": "name", "kode_kemendagri": "village", "desil_kk": "desil"},
        defaults={"in_p3ke": "1"},
    ),
}


def map_columns(headers: list[str], preset: Preset | None = None) -> dict[str, str]:
    """Original header -> field, for the headers Lindungi knows; the first match wins."""
    aliases = {**ALIASES, **(preset.aliases if preset else {})}
    mapped: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        target = aliases.get(normalise_header(header))
        if target and target in FIELDS and target not in taken:
            mapped[header] = target
            taken.add(target)
    return mapped
