from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "lindungi.claims"
    label = "claims"
    verbose_name = "Klaim manfaat"
