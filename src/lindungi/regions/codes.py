"""Kemendagri's dotted region codes, read without the database: `32` a province, `32.11` a
regency or city, `32.11.15` a district, `32.11.15.2001` a village.

>>> regency_of("32.11.15.2001"), province_of("32.11.15.2001"), district_of("32.11.15.2001")
('32.11', '32', '32.11.15')
>>> regency_of("32"), level_of("32.11.15")
('', 'district')
"""

LEVELS = ("province", "regency", "district", "village")


def _first(code: str, parts: int) -> str:
    pieces = code.split(".")
    return ".".join(pieces[:parts]) if len(pieces) >= parts else ""


def province_of(code: str) -> str:
    return _first(code, 1)


def regency_of(code: str) -> str:
    """The regency or city a code lies in (itself for a regency); '' for a province."""
    return _first(code, 2)


def district_of(code: str) -> str:
    return _first(code, 3)


def level_of(code: str) -> str:
    return LEVELS[min(code.count("."), 3)]
