"""Which column of an office's file holds which field: names in Bahasa Indonesia and English,
and presets for the lists offices actually hold (OpenSID population export, DTKS, P3KE)."""

import re
from dataclasses import dataclass, field

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

# Normalised header (lower case, words joined by "_") -> field.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "nik",
            "no_nik",
            "nomor_nik",
            "no_ktp",
            "nomor_ktp",
            "ktp",
            "nomor_induk_kependudukan",
            "national_id",
            "id_number",
        ],
        "nik",
    ),
    **dict.fromkeys(
        [
            "nama",
            "nama_lengkap",
            "nama_ktp",
            "nama_sesuai_ktp",
            "nama_penduduk",
            "name",
            "full_name",
        ],
        "name",
    ),
    **dict.fromkeys(
        [
            "tanggal_lahir",
            "tgl_lahir",
            "tanggallahir",
            "tgllahir",
            "birth_date",
            "date_of_birth",
            "dob",
            "birthdate",
        ],
        "birth_date",
    ),
    **dict.fromkeys(["jenis_kelamin", "jk", "kelamin", "sex", "gender", "l_p"], "sex"),
    **dict.fromkeys(
        [
            "kode_desa",
            "kode_wilayah",
            "kode_kelurahan",
            "kode_desa_kelurahan",
            "kode_kemendagri",
            "village_code",
            "village",
            "desa_code",
        ],
        "village",
    ),
    **dict.fromkeys(["alamat", "alamat_lengkap", "address"], "address"),
    **dict.fromkeys(
        [
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
        ],
        "phone",
    ),
    **dict.fromkeys(["pekerjaan", "jenis_pekerjaan", "occupation", "job"], "occupation"),
    **dict.fromkeys(
        ["penghasilan", "penghasilan_bulanan", "pendapatan", "income", "monthly_income"], "income"
    ),
    **dict.fromkeys(["kategori", "kategori_peserta", "segmen", "category"], "category"),
    **dict.fromkeys(["p3ke", "terdaftar_p3ke", "in_p3ke"], "in_p3ke"),
    **dict.fromkeys(["dtks", "terdaftar_dtks", "in_dtks"], "in_dtks"),
    **dict.fromkeys(["desil", "desil_kesejahteraan", "decile"], "desil"),
}


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


def normalise_header(header: str) -> str:
    """`"Tgl. Lahir "` -> `"tgl_lahir"`."""
    return re.sub(r"[^0-9a-z]+", "_", header.strip().lower()).strip("_")


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
