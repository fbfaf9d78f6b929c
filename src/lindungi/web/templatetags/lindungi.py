"""Template filters for the users' formats (one function each in `core/formats.py`):
`{{ amount|rupiah }}` gives `Rp 16.800`, `{{ n|angka }}` `317.423`, `{{ share|persen }}`
`37,7 %` (`|persen:2` for two decimals), `{{ day|tanggal }}` `7 Des 2026`, `{{ month|bulan }}`
`Des 2026`, `{{ moment|waktu }}` `7 Des 2026 09.51`."""

from datetime import date, datetime
from decimal import Decimal

from django import template

from lindungi.core import formats
from lindungi.core.masking import mask_kpj, mask_nik, mask_phone

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    return "" if amount is None else formats.rupiah(int(amount))


@register.filter
def angka(value: int | None) -> str:
    return formats.count(value)


@register.filter
def persen(value: Decimal | float | None, places: int = 1) -> str:
    return formats.percent(value, int(places))


@register.filter
def tanggal(value: date | datetime | None) -> str:
    return formats.day(value)


@register.filter
def bulan(value: date | None) -> str:
    return formats.month(value)


@register.filter
def waktu(value: datetime | None) -> str:
    return formats.moment(value)


register.filter("mask_nik", mask_nik)
register.filter("mask_phone", mask_phone)
register.filter("mask_kpj", mask_kpj)
