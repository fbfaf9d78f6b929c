"""Template filters for the users' formats: `{{ amount|rupiah }}` gives `Rp 16.800`."""

from django import template

from lindungi.core.masking import mask_kpj, mask_nik, mask_phone
from lindungi.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    return "" if amount is None else format_rupiah(int(amount))


register.filter("mask_nik", mask_nik)
register.filter("mask_phone", mask_phone)
register.filter("mask_kpj", mask_kpj)
