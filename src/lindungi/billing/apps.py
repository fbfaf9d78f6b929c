from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindungi.billing"
    label = "billing"
    verbose_name = "Tagihan dan pembayaran"
