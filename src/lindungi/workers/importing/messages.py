"""What each import rule says to the operator, in their language."""

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "nik": _("NIK"),
    "name": _("name"),
    "birth_date": _("birth date"),
    "sex": _("sex"),
    "village": _("village code"),
    "address": _("address"),
    "phone": _("phone"),
    "occupation": _("occupation"),
    "income": _("income"),
    "category": _("category"),
    "in_p3ke": _("P3KE"),
    "in_dtks": _("DTKS"),
    "desil": _("desil"),
}

RULES = {
    "required": _("must be filled in"),
    "nik_length": _("a NIK has exactly 16 digits"),
    "nik_digits": _("a NIK has digits only"),
    "nik_province": _("the first two digits of the NIK are not a province code"),
    "nik_birth_date": _("digits 7 to 12 of the NIK are not a birth date (women: day + 40)"),
    "nik_serial": _("the last four digits of a NIK are never 0000"),
    "duplicate_in_file": _("this NIK already appears on an earlier line of the file"),
    "registered_elsewhere": _("this NIK is registered to a worker outside your area"),
    "nik_region_unknown": _(
        "the NIK's district code is not in today's region list (a split region?): kept"
    ),
    "too_long": _("is too long"),
    "date_format": _("is not a date (use YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)"),
    "nik_mismatch": _("does not match what the NIK encodes"),
    "in_future": _("lies in the future"),
    "sex_value": _("must be L (laki-laki) or P (perempuan)"),
    "unknown_village": _("is not a village code of the Kemendagri list (10 digits)"),
    "out_of_scope": _("lies outside your area"),
    "category_value": _("must be PU, BPU, JAKON, PMI, MAGANG or KERJA_PRAKTEK"),
    "number": _("must be a whole number of Rupiah"),
    "phone": _("must be a phone number of 8 to 15 digits"),
    "desil": _("must be a decile from 1 to 10"),
    "yes_no": _("must be Ya or Tidak"),
    "nul_character": _("holds a NUL character (an invisible control character)"),
}


def describe(field: str, rule: str) -> str:
    return f"{FIELD_LABELS.get(field, field)}: {RULES.get(rule, rule)}"
