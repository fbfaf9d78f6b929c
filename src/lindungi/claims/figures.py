"""How the impact of claims is said to the regent: compact amounts and the headline sentence."""

from django.utils.translation import gettext as _

from lindungi.core.money import format_rupiah


def compact_rupiah(amount: int) -> str:
    """Large amounts the way the regent's slides write them: "Rp 1,26 M", "Rp 42 jt".

    >>> compact_rupiah(1_260_000_000), compact_rupiah(42_000_000), compact_rupiah(950_000)
    ('Rp 1,26 M', 'Rp 42 jt', 'Rp 950.000')
    """
    for size, unit in ((10**12, "T"), (10**9, "M"), (10**6, "jt")):
        if abs(amount) >= size:
            shown = f"{amount / size:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"Rp {shown} {unit}"
    return format_rupiah(amount)


def impact_headline(amount: int, families: int, year: int) -> str:
    """ "Rp 1,26 M paid to 30 families of protected workers in 2025", in the reader's
    language."""
    return _("%(amount)s paid to %(families)s families of protected workers in %(year)s") % {
        "amount": compact_rupiah(amount),
        "families": families,
        "year": year,
    }
