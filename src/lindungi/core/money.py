"""Rupiah as offices write it. Money is integer Rupiah everywhere in Lindungi."""


def format_rupiah(amount: int) -> str:
    """Format whole Rupiah with a dot for thousands.

    >>> format_rupiah(16800)
    'Rp 16.800'
    >>> format_rupiah(-42000000)
    '-Rp 42.000.000'
    >>> format_rupiah(0)
    'Rp 0'
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"Rupiah amounts are whole integers, not {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")
