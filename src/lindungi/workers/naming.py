"""Names as duplicate detection compares them. Pure Python (the import does the same in Polars).

>>> normalise_name("Hj. Siti  Aminah, S.Pd.")
'SITI AMINAH'
>>> normalise_name("Drs. H. Asep Suryana, M.M.")
'ASEP SURYANA'
"""

import re

TITLES_BEFORE = re.compile(
    r"^(?:(?:H|HJ|HAJI|HAJJAH|DR|DRS|DRA|IR|PROF|KH|KYAI|USTADZ|USTAZ)\.?\s+)+"
)


def normalise_name(name: str) -> str:
    upper = name.upper().split(",", 1)[0]
    upper = TITLES_BEFORE.sub("", upper.strip())
    letters = re.sub(r"[^A-Z ]", " ", upper)
    return " ".join(letters.split())
