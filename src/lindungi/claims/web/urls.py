"""The pages of claims, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.claims.web import benefits, detail, documents, impact, lists, reporting

urlpatterns: list[URLPattern] = [
    path("klaim/", lists.claims, name="claims"),
    path("klaim/baru/", reporting.claim_new, name="claim_new"),
    path("klaim/dampak/", impact.impact, name="claim_impact"),
    path("klaim/<int:claim_id>/", detail.claim_detail, name="claim"),
    path(
        "klaim/<int:claim_id>/dokumen/<int:document_id>/",
        documents.claim_document,
        name="claim_document",
    ),
    path("simulasi-manfaat/", benefits.benefit_simulation, name="simulasi_manfaat"),
]
