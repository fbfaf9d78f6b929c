from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "lindungi.demo"
    label = "demo"
    verbose_name = "Demo"
