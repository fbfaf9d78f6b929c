from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lindungi.core"
    label = "core"

    def ready(self) -> None:
        # django.contrib.admin comes first in INSTALLED_APPS: every admin.py is imported by now.
        from lindungi.core.admin import audit_every_admin

        audit_every_admin()
