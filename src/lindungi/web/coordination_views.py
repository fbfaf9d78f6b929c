"""Pages of a regency's Inpres 2/2021 coordination: the coordination team, cooperation
agreements with their expiry warnings, and activities with their measured outcome, each listed
for the regency's officers and added or corrected by the regional admin. The task checklist,
the six-monthly report and documents are in `compliance_views.py`.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.access import may_write
from lindungi.compliance.coordination import (
    activity_create,
    activity_update,
    agreement_create,
    agreement_update,
    member_create,
    member_leave,
    member_update,
)
from lindungi.compliance.models import Employer
from lindungi.compliance.selectors import (
    EXPIRY_WARNING_DAYS,
    activity_get,
    activity_list,
    activity_outcomes,
    agreement_get,
    agreement_list,
    member_get,
    team_list,
)
from lindungi.core.scopes import Scope
from lindungi.core.versioning import StaleEdit
from lindungi.regions.models import Level, Region
from lindungi.web.compliance_forms import ActivityForm, AgreementForm, MemberForm
from lindungi.web.compliance_views import readers_only, refused_write, regency_of, saved
from lindungi.web.helpers import or_404, signed_in
from lindungi.web.versions import form_version, stale_reshown, versioned

SHOWN_ACTIVITIES = 100


def _back(name: str, scope: Scope, region_code: str) -> str:
    """A list page after a change; a superuser's lists are per regency (`?region=`)."""
    url = reverse(name)
    return f"{url}?region={region_code}" if scope.role == "superuser" else url


def _agencies_of(region_code: str) -> dict[int, Agency]:
    return {a.pk: a for a in Agency.objects.filter(region_id=region_code).order_by("name")}


def _villages_of(region_code: str) -> dict[str, Region]:
    """The regency's villages by code, ordered by district and name."""
    found = (
        Region.objects.filter(
            level=Level.VILLAGE, code__startswith=region_code + ".", is_active=True
        )
        .select_related("parent")
        .order_by("parent__name", "name", "code")
    )
    return {village.code: village for village in found}


def _village_labels(villages: dict[str, Region]) -> list[tuple[str, str]]:
    return [
        (code, f"{v.name} ({v.parent.name})" if v.parent else v.name)
        for code, v in villages.items()
    ]


def _employers_of(region_code: str) -> dict[int, Employer]:
    return {e.pk: e for e in Employer.objects.filter(region_id=region_code).order_by("name", "id")}


def _labels(objects: dict[Any, Any]) -> list[tuple[Any, str]]:
    return [(key, str(value)) for key, value in objects.items()]


def _edit_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "web/inpres_coordination_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    """The team; the regional admin adds members (POST here)."""
    scope = scope_for_user(request.user)
    refused = readers_only(scope)
    if refused:
        return refused
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        return refused_write()
    form = None
    if region is not None and may_edit:
        agencies = _agencies_of(region.code)
        form = MemberForm(request.POST or None, agencies=_labels(agencies))

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
        "web/inpres_team.html",
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
        return refused_write()
    back = _back("web:inpres_team", scope, member.region_id)
    if request.method == "POST" and request.POST.get("action") == "leave":
        member_leave(actor=signed_in(request), scope=scope, member=member)
        messages.success(request, _("The member has left the team"))
        return redirect(back)
    agencies = _agencies_of(member.region_id)
    initial = {
        "name": member.name,
        "team_role": member.team_role,
        "position": member.position,
        "agency": member.agency_id,
        "organisation": member.organisation,
        "contact": member.contact,
    }
    form = MemberForm(request.POST or None, initial=initial, agencies=_labels(agencies))
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
    return _edit_page(
        request,
        {
            "title": _("Edit the team member"),
            "form": form,
            "back": back,
            "may_leave": member.is_active,
        },
    )


def _agreement_form(request: HttpRequest, region_code: str, **kwargs: Any) -> AgreementForm:
    return AgreementForm(
        request.POST or None,
        request.FILES or None,
        villages=_village_labels(_villages_of(region_code)),
        employers=_labels(_employers_of(region_code)),
        agencies=_labels(_agencies_of(region_code)),
        **kwargs,
    )


def _agreement_values(form: AgreementForm) -> dict[str, Any]:
    """The service's arguments from a valid form (its choices are the regency's own)."""
    data = form.cleaned_data
    village = Region.objects.filter(code=data["village"]).first() if data["village"] else None
    return {
        "kind": data["kind"],
        "number": data["number"],
        "title": data["title"],
        "signed_on": data["signed_on"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "with_bpjs": data["with_bpjs"],
        "village": village,
        "employer": Employer.objects.filter(pk=data["employer"]).first()
        if data["employer"]
        else None,
        "agency": Agency.objects.filter(pk=data["agency"]).first() if data["agency"] else None,
        "other_parties": data["other_parties"],
        "scope_text": data["scope_text"],
        "document": data["document"] or None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreements(request: HttpRequest) -> HttpResponse:
    """Agreements with their period; those ending within 90 days are flagged to renew. The
    regional admin records one (POST here), with its signed document."""
    scope = scope_for_user(request.user)
    refused = readers_only(scope)
    if refused:
        return refused
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        return refused_write()
    form = None
    if region is not None and may_edit:
        form = _agreement_form(request, region.code)

        def save() -> object:
            return agreement_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_agreement_values(form),
            )

        if saved(request, form, save, _("The agreement is recorded")):
            return redirect(request.get_full_path())
    today = timezone.localdate()
    rows = []
    for agreement in agreement_list(scope=scope):
        left = (agreement.ends_on - today).days if agreement.ends_on else None
        rows.append(
            {
                "agreement": agreement,
                "days_left": left,
                "ended": left is not None and left < 0,
                "expiring": left is not None and 0 <= left <= EXPIRY_WARNING_DAYS,
            }
        )
    return render(
        request,
        "web/inpres_agreements.html",
        {
            "rows": rows,
            "expiring": [row for row in rows if row["expiring"]],
            "warning_days": EXPIRY_WARNING_DAYS,
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The regional admin corrects an agreement or attaches its signed document."""
    scope = scope_for_user(request.user)
    agreement = or_404(agreement_get, scope=scope, agreement_id=agreement_id)
    if not may_write(scope, agreement.region_id):
        return refused_write()
    initial = {
        "kind": agreement.kind,
        "number": agreement.number,
        "title": agreement.title,
        "signed_on": agreement.signed_on,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "with_bpjs": agreement.with_bpjs,
        "village": agreement.village_id or "",
        "employer": agreement.employer_id,
        "agency": agreement.agency_id,
        "other_parties": agreement.other_parties,
        "scope_text": agreement.scope_text,
    }
    form = versioned(
        _agreement_form(request, agreement.region_id, initial=initial), agreement.version
    )
    back = _back("web:inpres_agreements", scope, agreement.region_id)

    def save() -> object:
        return agreement_update(
            actor=signed_in(request),
            scope=scope,
            agreement=agreement,
            expected_version=form_version(form),
            **_agreement_values(form),
        )

    try:
        if saved(request, form, save, _("The agreement is saved")):
            return redirect(back)
    except StaleEdit as error:
        return stale_reshown(request, error)
    return _edit_page(
        request,
        {
            "title": _("Edit the agreement"),
            "form": form,
            "back": back,
            "document": agreement.document,
        },
    )


def _activity_form(request: HttpRequest, region_code: str, **kwargs: Any) -> ActivityForm:
    return ActivityForm(
        request.POST or None,
        villages=_village_labels(_villages_of(region_code)),
        agencies=_labels(_agencies_of(region_code)),
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
    refused = readers_only(scope)
    if refused:
        return refused
    region = regency_of(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        return refused_write()
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
        "web/inpres_activities.html",
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
        return refused_write()
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
    back = _back("web:inpres_activities", scope, activity.region_id)

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
    return _edit_page(request, {"title": _("Edit the activity"), "form": form, "back": back})
