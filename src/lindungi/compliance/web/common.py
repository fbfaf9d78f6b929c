"""What the Inpres 2/2021 pages share: the regency a page is about, who may read, saving a posted
form with the service's refusal next to its field, and the regency's agencies, villages and
employers offered as choices.

As everywhere: views parse input, call the compliance selectors (reads) and services (writes)
with the user's scope; `NotFound` is a 404, an action the role may not take a 403. What a page
shows is decided by the predicates the services enforce (`compliance.permissions`).
"""

from collections.abc import Callable
from typing import Any, NoReturn

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency
from lindungi.compliance.models import Employer
from lindungi.compliance.permissions import names_its_regency, reads_region
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.core.versioning import StaleEdit
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import signed_in


def page_regency(request: HttpRequest, scope: Scope) -> Region | None:
    """The regency a page is about: the reader's own, or the one a superuser names."""
    if names_its_regency(scope):
        code = request.GET.get("region", "").replace("\x00", "").strip()[:20]
        return Region.objects.filter(code=code, level=Level.REGENCY).first() if code else None
    region = signed_in(request).region
    return region if region is not None and region.level == Level.REGENCY else None


def back_to(name: str, scope: Scope, region_code: str) -> str:
    """A list page after a change; a superuser's lists are per regency (`?region=`)."""
    url = reverse(name)
    return f"{url}?region={region_code}" if names_its_regency(scope) else url


def readers_only(scope: Scope) -> None:
    """The 403 page, with its reason, for a reader who is not one of the regency's officers."""
    if not reads_region(scope):
        raise PermissionDenied(_("This page is for the regency's officers"))


def refused_write() -> NoReturn:
    """The 403 page, with its reason, for a change only the regional admin makes."""
    raise PermissionDenied(_("Only the regional admin changes the Inpres records"))


def error_on(form: forms.Form, error: DomainError, file_field: str = "document") -> None:
    """A service's refusal next to the field it names (the document's check names `file`)."""
    field = str(error.details.get("field", ""))
    field = file_field if field == "file" else field
    form.add_error(field if field in form.fields else None, error.message)


def saved(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], object],
    message: str,
    file_field: str = "document",
) -> bool:
    """When a valid form was posted, `save` it: True with `message` shown, or False with the
    service's refusal on the form, next to its field. An edit of a record changed since the
    form was opened (`StaleEdit`) is the caller's to show (`web/versions.py`)."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except StaleEdit:
        raise
    except DomainError as error:
        error_on(form, error, file_field)
        return False
    messages.success(request, message)
    return True


def agencies_of(region_code: str) -> dict[int, Agency]:
    return {a.pk: a for a in Agency.objects.filter(region_id=region_code).order_by("name")}


def villages_of(region_code: str) -> dict[str, Region]:
    """The regency's villages by code, ordered by district and name."""
    found = (
        Region.objects.filter(
            level=Level.VILLAGE, code__startswith=region_code + ".", is_active=True
        )
        .select_related("parent")
        .order_by("parent__name", "name", "code")
    )
    return {village.code: village for village in found}


def village_labels(villages: dict[str, Region]) -> list[tuple[str, str]]:
    return [
        (code, f"{v.name} ({v.parent.name})" if v.parent else v.name)
        for code, v in villages.items()
    ]


def employers_of(region_code: str) -> dict[int, Employer]:
    return {e.pk: e for e in Employer.objects.filter(region_id=region_code).order_by("name", "id")}


def labels(objects: dict[Any, Any]) -> list[tuple[Any, str]]:
    return [(key, str(value)) for key, value in objects.items()]


def edit_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "compliance/inpres_coordination_form.html", context)
