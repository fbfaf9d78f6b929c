"""What billing adds to a civil servant's page of household workers (`programs/web/asn.py`):
this month's deduction from her TPP, the amount her agency's TPP list (`/tpp/`) shows for her,
from the same function (`billing.selectors.tpp.tpp_deduction`)."""

from datetime import date

from lindungi.billing.selectors.tpp import tpp_deduction
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor
from lindungi.web.parts import Panel


def panel(scope: Scope, sponsor: Sponsor | None, today: date) -> Panel | None:
    if sponsor is None:
        return None
    month = month_start(today)
    return Panel(
        position=10,
        template="billing/_asn_tpp.html",
        context={
            "month": month,
            "amount": tpp_deduction(scope=scope, sponsor=sponsor, month=month),
        },
    )
