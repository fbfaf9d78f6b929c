"""The pages of billing, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.billing.web import bills, cofunding, continuity, payments, runs, statements, tpp

urlpatterns: list[URLPattern] = [
    path("kepesertaan/berakhir/", continuity.expiring, name="expiring"),
    path("tagihan/", bills.bills, name="bills"),
    path("tagihan/proses/", runs.billing_runs, name="billing_runs"),
    path("tagihan/<int:bill_id>/", bills.bill_detail, name="bill"),
    path("tagihan/<int:bill_id>/pdf/", bills.bill_download, name="bill_pdf"),
    path("sponsor/<int:sponsor_id>/tagihan/", bills.sponsor_billing, name="sponsor_billing"),
    path("tunggakan/", bills.arrears, name="arrears"),
    path("tpp/", tpp.tpp, name="tpp"),
    path("tpp/<int:agency_id>/unduh/", tpp.tpp_download, name="tpp_download"),
    path("pembayaran/", payments.payments, name="payments"),
    path("pembayaran/rekening-koran/", statements.statements, name="statements"),
    path(
        "pembayaran/rekening-koran/<int:statement_id>/",
        statements.statement_detail,
        name="statement",
    ),
    path(
        "pembayaran/rekening-koran/<int:statement_id>/baris/<int:line>/",
        statements.statement_line_resolution,
        name="statement_line_resolve",
    ),
    path("patungan/", cofunding.cost_share_add, name="cost_share_set"),
    path("patungan/akhiri/", cofunding.cost_share_remove, name="cost_share_end"),
]
