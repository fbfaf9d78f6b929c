from django.contrib.auth import views as auth_views
from django.urls import path

from lindungi.web import (
    audit_views,
    billing_views,
    payment_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kepesertaan/berakhir/", payment_views.expiring, name="expiring"),
    path("tagihan/", billing_views.bills, name="bills"),
    path("tagihan/proses/", billing_views.billing_runs, name="billing_runs"),
    path("tagihan/<int:bill_id>/", billing_views.bill_detail, name="bill"),
    path("tagihan/<int:bill_id>/pdf/", billing_views.bill_download, name="bill_pdf"),
    path(
        "sponsor/<int:sponsor_id>/tagihan/",
        billing_views.sponsor_billing,
        name="sponsor_billing",
    ),
    path("tunggakan/", billing_views.arrears, name="arrears"),
    path("tpp/", billing_views.tpp, name="tpp"),
    path("tpp/<int:agency_id>/unduh/", billing_views.tpp_download, name="tpp_download"),
    path("pembayaran/", payment_views.payments, name="payments"),
    path("pembayaran/rekening-koran/", payment_views.statements, name="statements"),
    path(
        "pembayaran/rekening-koran/<int:statement_id>/",
        payment_views.statement_detail,
        name="statement",
    ),
    path("audit/", audit_views.audit, name="audit"),
    path("tentang/", views.about, name="about"),
]
