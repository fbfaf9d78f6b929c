"""What the coordination services share: the audited difference of an edit, and the checks of
a regency's villages and of attendance counts."""

from typing import Any

from django.utils.translation import gettext as _

from lindungi.compliance.models import (
    Employer,
)
from lindungi.compliance.services import (
    shown,
)
from lindungi.core.errors import ValidationFailed
from lindungi.regions.codes import regency_of
from lindungi.regions.models import Level, Region


def changed(obj: Any, wanted: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose wanted value differs from the stored one, as [before, after]."""
    return {
        field: [kept(getattr(obj, field)), kept(value)]
        for field, value in wanted.items()
        if getattr(obj, field) != value
    }


def kept(value: Any) -> Any:
    """A value as an audit event keeps it (JSON)."""
    if isinstance(value, Region):
        return value.code
    if isinstance(value, Employer):
        return str(value)
    return shown(value)


def village_checked(village: Region | None, region: Region) -> None:
    if village is not None and (
        village.level != Level.VILLAGE or regency_of(village.code) != region.code
    ):
        raise ValidationFailed(
            _("%(village)s is not a village of %(region)s")
            % {"village": village.name, "region": region.name},
            field="village",
        )


def villages_checked(villages: list[Region] | tuple[Region, ...], region: Region) -> None:
    outside = [
        v.name for v in villages if v.level != Level.VILLAGE or regency_of(v.code) != region.code
    ]
    if outside:
        raise ValidationFailed(
            _("Not villages of %(region)s: %(villages)s")
            % {"region": region.name, "villages": ", ".join(outside)},
            field="villages",
        )


def counts_checked(*counts: int, field: str = "attendance") -> None:
    if min(counts) < 0:
        raise ValidationFailed(_("Counts cannot be negative"), field=field)
