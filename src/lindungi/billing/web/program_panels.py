"""What billing adds to the program page: the co-funding shares of the program's enrolments
(the regional admin ends one here; shares are set from the own sponsor's page)."""

from lindungi.billing.permissions import may_share_costs
from lindungi.billing.selectors.bills import cost_share_list
from lindungi.billing.web.cofunding import percent_text
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program
from lindungi.web.parts import Panel

SHOWN = 200


def panel(scope: Scope, program: Program) -> Panel | None:
    shares = cost_share_list(scope=scope, program_id=program.pk)
    listed = [(share, percent_text(share.basis_points)) for share in shares[:SHOWN]]
    may_set = may_share_costs(scope)
    if not listed and not may_set:
        return None
    return Panel(
        position=50,
        template="billing/_cost_shares.html",
        context={
            "shares": listed,
            "count": shares.count(),
            "form": None,
            "may_set": may_set,
            "on_program": True,
        },
    )
