"""Pages of a regency's coordination team: listed for the regency's officers, members added,
corrected or leaving by the regional admin.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.team import member_create, member_leave, member_update
from lindungi.compliance.permissions import may_write
from lindungi.compliance.selectors import member_get, team_list
from lindungi.compliance.web.common import (
    agencies_of,
    back_to,
    edit_page,
    labels,
    page_regency,
    readers_only,
    refused_write,
    saved,
)
from lindungi.compliance.web.forms import MemberForm
from lindungi.core.versioning import StaleEdit
from lindungi.web.helpers import or_404, signed_in
from lindungi.web.versions import form_version, stale_reshown, versioned


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    """The team; the regional admin adds members (POST here)."""
    scope = scope_for_user(request.user)
    readers_only(scope)
    region = page_regency(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        refused_write()
    form = None
    if region is not None and may_edit:
        agencies = agencies_of(region.code)
        form = MemberForm(request.POST or None, agencies=labels(agencies))

        def save() -> object:
            return member_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_member_values(form, agencies),
            )

        if saved(request, form, save, _("The member is added to the team")):
            return redirect(request.get_full_path())
    return render(
        request,
        "compliance/inpres_team.html",
        {
            "members": list(team_list(scope=scope)),
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


def _member_values(form: MemberForm, agencies: dict[int, Agency]) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "team_role": data["team_role"],
        "position": data["position"],
        "agency": agencies.get(data["agency"]) if data["agency"] else None,
        "organisation": data["organisation"],
        "contact": data["contact"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    """The regional admin corrects a member, or records that they left the team."""
    scope = scope_for_user(request.user)
    member = or_404(member_get, scope=scope, member_id=member_id)
    if not may_write(scope, member.region_id):
        refused_write()
    back = back_to("web:inpres_team", scope, member.region_id)
    if request.method == "POST" and request.POST.get("action") == "leave":
        member_leave(actor=signed_in(request), scope=scope, member=member)
        messages.success(request, _("The member has left the team"))
        return redirect(back)
    agencies = agencies_of(member.region_id)
    initial = {
        "name": member.name,
        "team_role": member.team_role,
        "position": member.position,
        "agency": member.agency_id,
        "organisation": member.organisation,
        "contact": member.contact,
    }
    form = MemberForm(request.POST or None, initial=initial, agencies=labels(agencies))
    form = versioned(form, member.version)

    def save() -> object:
        return member_update(
            actor=signed_in(request),
            scope=scope,
            member=member,
            expected_version=form_version(form),
            **_member_values(form, agencies),
        )

    try:
        if saved(request, form, save, _("The member is saved")):
            return redirect(back)
    except StaleEdit as error:
        return stale_reshown(request, error)
    return edit_page(
        request,
        {
            "title": _("Edit the team member"),
            "form": form,
            "back": back,
            "may_leave": member.is_active,
        },
    )
