"""Personal data as most pages show it: enough to recognise a person, not to misuse the number.

>>> mask_nik("3211155508900001")
'3211••••••••0001'
>>> mask_phone("081234567890")
'0812•••••890'
>>> mask_phone("")
''
"""

import re
from typing import Any

DOT = "•"


def mask_nik(nik: str) -> str:
    """The region of issue and the serial stay; the birth date in the middle is hidden."""
    if len(nik) < 8:
        return DOT * len(nik)
    return nik[:4] + DOT * (len(nik) - 8) + nik[-4:]


def mask_phone(phone: str) -> str:
    if len(phone) <= 7:
        return DOT * len(phone)
    return phone[:4] + DOT * (len(phone) - 7) + phone[-3:]


def mask_kpj(kpj: str) -> str:
    """A BPJS membership number unlocks the member's balance in BPJS's app: last 4 digits only."""
    if len(kpj) <= 4:
        return DOT * len(kpj)
    return DOT * (len(kpj) - 4) + kpj[-4:]


# Personal values in free-form records (audit event details): by the key that holds them, and
# any 16-digit number (a NIK, or an 18-digit NIP's run) or mobile number anywhere else, standing
# alone (not inside a hash or a code).
_BY_KEY = {
    "nik": mask_nik,
    "nip": mask_nik,
    "phone": mask_phone,
    "contact": mask_phone,
    "kpj": mask_kpj,
}
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{16,18}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?62|0)8[0-9 .-]{7,14}\d(?![0-9A-Za-z])")
_FINGERPRINTS = {"sha256", "hash"}  # hexadecimal digests, never personal
_ISO_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")


def mask_birth_date(text: str) -> str:
    """`1990-08-15` → `1990-••-••`: the year stays, as on the worker page."""
    found = _ISO_DATE.match(text)
    return f"{found.group(1)}-{DOT * 2}-{DOT * 2}" if found else _masked_text(text)


def _masked_text(text: str) -> str:
    text = _LONG_NUMBER.sub(lambda found: mask_nik(found.group()), text)
    return _MOBILE.sub(lambda found: mask_phone(found.group()), text)


def mask_personal(value: Any, key: str = "") -> Any:
    """A record (dicts, lists, strings) with its personal values masked: what an audit event
    may hold and what the audit page and export show, also for events written before their
    services masked at the source (events are never rewritten).

    >>> mask_personal({"changed": {"phone": ["", "081234567890"], "name": ["A", "B"]}})
    {'changed': {'phone': ['', '0812•••••890'], 'name': ['A', 'B']}}
    >>> mask_personal({"birth_date": ["1990-08-15", "1990-08-16"], "note": "NIK 3211155508900001"})
    {'birth_date': ['1990-••-••', '1990-••-••'], 'note': 'NIK 3211••••••••0001'}
    """
    if isinstance(value, dict):
        return {name: mask_personal(item, str(name)) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_personal(item, key) for item in value]
    if not isinstance(value, str) or not value or key in _FINGERPRINTS:
        return value
    if key == "birth_date":
        return mask_birth_date(value)
    if key in _BY_KEY and DOT not in value:
        return _BY_KEY[key](value)
    return _masked_text(value)
