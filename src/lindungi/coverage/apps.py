from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "lindungi.coverage"
    label = "coverage"
    verbose_name = "Cakupan kepesertaan"
