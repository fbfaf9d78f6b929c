"""Reading the rate tables. Rates are national public rules, readable by anyone."""

from django.db.models import QuerySet

from lindungi.contributions.models import RateVersion
from lindungi.contributions.ratebook import Rate, RateBook

RATE_FIELDS = ("key", "value", "berlaku_mulai", "berlaku_sampai", "rule", "source", "confidence")


def rate_book() -> RateBook:
    """Every version of every rate, in one query (the table holds a few dozen rows)."""
    return RateBook(Rate(**row) for row in RateVersion.objects.values(*RATE_FIELDS))


def rate_versions(*, key: str | None = None) -> QuerySet[RateVersion]:
    versions = RateVersion.objects.all()
    return versions.filter(key=key) if key else versions
