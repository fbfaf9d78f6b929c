"""Pages of a regency's coordination activities (FGD, sosialisasi, audiensi, rapat koordinasi):
listed with their measured outcome, recorded and corrected by the regional admin.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.activities import activity_create, activity_update
from lindungi.compliance.permissions import may_write
from lindungi.compliance.selectors import activity_get, activity_list, activity_outcomes
from lindungi.compliance.web.common import (
    agencies_of,
    back_to,
    edit_page,
    labels,
    page_regency,
    readers_only,
    refused_write,
    saved,
    village_labels,
    villages_of,
)
from lindungi.compliance.web.forms import ActivityForm
from lindungi.core.versioning import StaleEdit
from lindungi.regions.models import Region
from lindungi.web.helpers import or_404, signed_in
from lindungi.web.versions import form_version, stale_reshown, versioned

SHOWN_ACTIVITIES = 100


def _activity_form(request: HttpRequest, region_code: str, **kwargs: Any) -> ActivityForm:
    return ActivityForm(
        request.POST or None,
        villages=village_labels(villages_of(region_code)),
        agencies=labels(agencies_of(region_code)),
        **kwargs,
    )


def _activity_values(form: ActivityForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "title": data["title"],
        "held_on": data["held_on"],
        "place": data["place"],
        "organiser": data["organiser"],
        "villages": list(Region.objects.filter(code__in=data["villages"]).order_by("code")),
        "agencies": list(Agency.objects.filter(pk__in=data["agencies"]).order_by("pk")),
        "asn_present": data["asn_present"],
        "workers_present": data["workers_present"],
        "attendance": data["attendance"],
        "notes": data["notes"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest) -> HttpResponse:
    """Activities, latest first, with their outcome: enrolments within 60 days after them. The
    regional admin records one (POST here) with its audience and attendance."""
    scope = scope_for_user(request.user)
    readers_only(scope)
    region = page_regency(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        refused_write()
    form = None
    if region is not None and may_edit:
        form = _activity_form(request, region.code)

        def save() -> object:
            return activity_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_activity_values(form),
            )

        if saved(request, form, save, _("The activity is recorded")):
            return redirect(request.get_full_path())
    found = list(activity_list(scope=scope)[:SHOWN_ACTIVITIES])
    outcomes = activity_outcomes(found)
    rows = [{"activity": a, "outcome": outcomes[a.pk]} for a in found]
    return render(
        request,
        "compliance/inpres_activities.html",
        {
            "rows": rows,
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The regional admin corrects an activity, its audience or its attendance."""
    scope = scope_for_user(request.user)
    activity = or_404(activity_get, scope=scope, activity_id=activity_id)
    if not may_write(scope, activity.region_id):
        refused_write()
    initial = {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "place": activity.place,
        "organiser": activity.organiser,
        "villages": [village.code for village in activity.villages.all()],
        "agencies": [agency.pk for agency in activity.agencies.all()],
        "asn_present": activity.asn_present,
        "workers_present": activity.workers_present,
        "attendance": activity.attendance,
        "notes": activity.notes,
    }
    form = versioned(_activity_form(request, activity.region_id, initial=initial), activity.version)
    back = back_to("web:inpres_activities", scope, activity.region_id)

    def save() -> object:
        return activity_update(
            actor=signed_in(request),
            scope=scope,
            activity=activity,
            expected_version=form_version(form),
            **_activity_values(form),
        )

    try:
        if saved(request, form, save, _("The activity is saved")):
            return redirect(back)
    except StaleEdit as error:
        return stale_reshown(request, error)
    return edit_page(request, {"title": _("Edit the activity"), "form": form, "back": back})
