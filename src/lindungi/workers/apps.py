from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "lindungi.workers"
    label = "workers"
    verbose_name = "Pekerja"
