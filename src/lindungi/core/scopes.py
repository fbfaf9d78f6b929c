"""What part of the country a user may see: the value every selector filters by.

A scope is one or more Kemendagri region codes (a regency `32.11`, a village `32.11.01.2001`):
a row is inside when its region code equals one of them or starts with it and a dot. An OPD
operator's scope also names their agency; an ASN's scope is their own sponsorships. Superusers
have the whole country (`region_codes is None`); anonymous visitors have nothing.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

VILLAGE_CODE_LENGTH = len("32.11.01.2001")


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: int | None
    role: str
    region_codes: tuple[str, ...] | None
    agency_id: int | None = None
    can_write: bool = False
    may_reveal: bool = False  # may see full NIKs and phone numbers on request (recorded)
    may_audit: bool = False  # may read the audit trail of their region (who did what)
    # False: the role reads no personal data (workers, sponsors and what hangs on them, other
    # users), whatever its region; the prosecutor's office reads only its referrals.
    reads_personal_data: bool = True

    @property
    def is_nationwide(self) -> bool:
        return self.region_codes is None

    def covers_region(self, code: str) -> bool:
        """Whether a region code lies inside this scope (the region itself or below it)."""
        if self.region_codes is None:
            return True
        return any(code == own or code.startswith(own + ".") for own in self.region_codes)

    def region_q(self, field: str) -> Q:
        """A filter on a region-code field (`"code"`, `"village_id"`, `"region__code"`)."""
        if self.region_codes is None:
            return Q()
        if not self.region_codes:
            return Q(pk__in=[])
        # Nothing lies below a village: its code alone, which any index on the field serves
        # (PostgreSQL cannot use a plain index for the `LIKE` of `below_q`).
        return reduce(
            or_,
            (
                Q(**{field: own})
                if len(own) >= VILLAGE_CODE_LENGTH
                else Q(**{field: own}) | below_q(field, own)
                for own in self.region_codes
            ),
        )

    def personal_q(self, field: str) -> Q:
        """`region_q` for rows holding personal data: nothing for a role that reads none."""
        if not self.reads_personal_data:
            return Q(pk__in=[])
        return self.region_q(field)


def below_q(field: str, code: str) -> Q:
    """Codes below a region (`32.11.…` below `32.11`), as a filter an index can serve.

    SQLite cannot use an index for Django's `startswith` (a case-insensitive LIKE with ESCAPE),
    so there it is a range on the binary order: every code that starts with "32.11." sorts at or
    after "32.11." and before "32.11/" ("/" follows "." in ASCII), and nothing else does.
    PostgreSQL keeps `LIKE 'prefix%'`, which its pattern indexes serve under any collation
    (a range would depend on the database's collation, which may ignore punctuation).
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": code + ".", f"{field}__lt": code + "/"})
    return Q(**{f"{field}__startswith": code + "."})


NO_SCOPE = Scope(user_id=None, role="", region_codes=())
