"""The list of a regency's non-compliance cases, latest step first: the prosecutor's office's
list, read also by the regency's officers.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.models import ReferralStep
from lindungi.compliance.permissions import reads_referrals
from lindungi.compliance.selectors import referral_list
from lindungi.web.helpers import paged


@login_required
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    """The non-compliance cases of the regency, latest step first (the prosecutor's list)."""
    scope = scope_for_user(request.user)
    if not reads_referrals(scope):
        raise PermissionDenied(_("This page is for the regency's officers"))
    step = request.GET.get("step", "")
    found = referral_list(scope=scope, step=step if step in ReferralStep.values else None)
    context = {
        "steps": ReferralStep.choices,
        "step": step,
        "total": found.count(),
        **paged(request, found),
    }
    return render(request, "compliance/inpres_referrals.html", context)
