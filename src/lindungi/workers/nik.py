"""NIK, the Indonesian national identity number: parse, validate and decode. Pure Python.

`PP KK CC DDMMYY SSSS` (as Dukcapil issues it under UU 24/2013 on population administration):
province, regency/city and district where the NIK was first issued (it never changes when the
holder moves), the day of birth (+40 for women), month, two-digit year and a serial from 0001.
There is no check digit. An unknown regency or district code is only a warning: codes retired
after a region split survive inside old NIKs.

>>> parse("3211015508900001").sex, parse("3211015508900001").birth_date
('P', datetime.date(1990, 8, 15))
>>> format("3211011508900001")
'32.11.01.150890.0001'
>>> is_valid("3211010008900001")
False
"""

from dataclasses import dataclass
from datetime import date

# Province codes of the Kemendagri list (Kepmendagri 2025; Papua split into 93-96).
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    ]
)
FEMALE_DAY_OFFSET = 40


class InvalidNik(ValueError):
    """A NIK that breaks a rule; `rule` names which one, for error reports."""

    rule = "invalid"

    def __init__(self, message: str, value: str) -> None:
        super().__init__(message)
        self.message = message
        self.value = value


class InvalidLength(InvalidNik):
    rule = "length"


class InvalidFormat(InvalidNik):
    rule = "digits"


class InvalidProvince(InvalidNik):
    rule = "province"


class InvalidBirthDate(InvalidNik):
    rule = "birth_date"


class InvalidSerial(InvalidNik):
    rule = "serial"


@dataclass(frozen=True, slots=True)
class ParsedNik:
    nik: str
    province_code: str  # "32"
    regency_code: str  # "32.11"
    district_code: str  # "32.11.01"
    birth_date: date
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: str


def compact(value: str) -> str:
    """Strip the spaces, dots and dashes people type into NIKs."""
    return "".join(value.split()).replace(".", "").replace("-", "")


def parse(value: str, *, today: date | None = None) -> ParsedNik:
    """Decode a NIK or raise the `InvalidNik` that names the broken rule.

    The two-digit year is read in the latest century that does not put the birth in the future.
    """
    nik = compact(value)
    if len(nik) != 16:
        raise InvalidLength(f"NIK must have 16 digits, not {len(nik)}", nik)
    if not nik.isascii() or not nik.isdigit():
        raise InvalidFormat("NIK must contain digits only", nik)
    if nik[:2] not in PROVINCES:
        raise InvalidProvince(f"Province code {nik[:2]} does not exist", nik)
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > FEMALE_DAY_OFFSET else "L"
    if sex == "P":
        day -= FEMALE_DAY_OFFSET
    if not 1 <= month <= 12:
        raise InvalidBirthDate(f"Month {month:02d} in the NIK is not a month", nik)
    born = _birth_date(day, month, year, today or date.today())  # noqa: DTZ011 - a date, no time
    if born is None:
        raise InvalidBirthDate(f"Day {day:02d}-{month:02d}-{year:02d} is not a date", nik)
    if nik[12:] == "0000":
        raise InvalidSerial("NIK serial 0000 is not issued", nik)
    return ParsedNik(
        nik=nik,
        province_code=nik[:2],
        regency_code=f"{nik[:2]}.{nik[2:4]}",
        district_code=f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}",
        birth_date=born,
        sex=sex,
        serial=nik[12:],
    )


def _birth_date(day: int, month: int, year: int, today: date) -> date | None:
    for century in (2000, 1900):
        try:
            born = date(century + year, month, day)
        except ValueError:
            continue  # 29 February exists in one century's year and not the other's
        if born <= today:
            return born
    return None


def validate(value: str) -> str:
    """The compact NIK, or `InvalidNik`."""
    return parse(value).nik


def is_valid(value: str) -> bool:
    try:
        parse(value)
    except InvalidNik:
        return False
    return True


def format(value: str) -> str:  # the python-stdnum name
    """The NIK grouped as region, birth date and serial: `32.11.01.150890.0001`."""
    nik = compact(value)
    return f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"


def mismatches(parsed: ParsedNik, *, birth_date: date | None, sex: str | None) -> list[str]:
    """Which of the row's own birth date and sex disagree with what the NIK encodes.

    Only day, month and the last two digits of the year are compared: the century is not in
    the NIK.
    """
    problems = []
    if birth_date is not None and (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ) != (parsed.birth_date.day, parsed.birth_date.month, parsed.birth_date.year % 100):
        problems.append("birth_date")
    if sex is not None and sex != parsed.sex:
        problems.append("sex")
    return problems
