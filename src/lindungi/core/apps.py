from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lindungi.core"
    label = "core"
