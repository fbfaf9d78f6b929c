"""The coverage dashboard of the reader's region (drilling down with `?region=CODE`, a month
with `?month=YYYY-MM`) and the regent's monthly PDF report of it. Every table downloads as a
workbook with `?format=xlsx`. The public page and its open data are in `public.py`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound
from lindungi.coverage.web.exports import report_pdf
from lindungi.coverage.web.parts import dashboard_parts
from lindungi.coverage.web.places import area_of, common, month_of, query, xlsx_response


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        return render(request, "coverage/coverage.html", {"area": None})
    month, months = month_of(request, scope, area)
    url = reverse("web:coverage")
    context = common(url, scope, area, month, months)
    if month is not None:
        try:
            parts = dashboard_parts(
                scope=scope,
                area=area,
                month=month,
                link=lambda code: f"{url}?{query(code, month)}",
            )
        except NotFound as error:
            raise Http404(error.message) from error
        if request.GET.get("format") == "xlsx":
            return xlsx_response(
                list(parts["tables"].values()),
                [parts["figure"].sentence],
                f"cakupan-{area.code or 'ID'}-{month:%Y-%m}",
            )
        context.update(parts)
    return render(request, "coverage/coverage.html", context)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The month's printable report of the reader's region (or `?region=`)."""
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        raise Http404(_("Your account has no area yet"))
    month, _months = month_of(request, scope, area)
    if month is None:
        raise Http404(_("No coverage snapshot yet"))
    try:
        parts = dashboard_parts(scope=scope, area=area, month=month)
    except NotFound as error:
        raise Http404(error.message) from error
    content = report_pdf(figure=parts["figure"], tables=parts["tables"], bases=parts["bases"])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="laporan-cakupan-{area.code or "ID"}-{month:%Y-%m}.pdf"'
    )
    return response
