from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "lindungi.compliance"
    label = "compliance"
    verbose_name = "Inpres 2/2021"
