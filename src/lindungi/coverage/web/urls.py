"""The pages of coverage, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.coverage.web import awards, budget, data, figures, matching, public, rankings

urlpatterns: list[URLPattern] = [
    path("cakupan/pencocokan/", matching.matching, name="matching"),
    path("cakupan/", figures.dashboard, name="coverage"),
    path("cakupan/laporan.pdf", figures.report, name="coverage_report"),
    path("cakupan/peringkat/", rankings.rankings, name="coverage_rankings"),
    path("cakupan/anggaran/", budget.budget, name="coverage_budget"),
    path("cakupan/data/", data.data, name="coverage_data"),
    path("cakupan/penghargaan/", awards.awards, name="awards"),
    path("cakupan/penghargaan/<int:award_id>/", awards.award, name="award"),
    path(
        "cakupan/penghargaan/<int:award_id>/piagam/<int:entry_id>.pdf",
        awards.certificate,
        name="award_certificate",
    ),
    path("publik/cakupan/", public.public_coverage_page, name="public_coverage"),
    path("publik/cakupan.csv", public.public_coverage_csv, name="public_coverage_csv"),
    path(
        "publik/cakupan-kamus-data.csv",
        public.public_coverage_dictionary,
        name="public_coverage_dictionary",
    ),
    path(
        "publik/cakupan/<str:code>/",
        public.public_coverage_page,
        name="public_coverage_region",
    ),
]
