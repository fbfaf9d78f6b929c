"""Personal data as most pages show it: enough to recognise a person, not to misuse the number.

>>> mask_nik("3211155508900001")
'3211••••••••0001'
>>> mask_phone("081234567890")
'0812•••••890'
>>> mask_phone("")
''
"""

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
