"""The workers' help topic (web/help.py collects it): registering and importing workers."""

from django.utils.translation import gettext_lazy as _

from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import HelpTopic

TOPICS = [
    HelpTopic(
        10,
        "pekerja",
        _("Registering and importing workers"),
        _("Record a worker by NIK, import a list, and what to do when a row is refused."),
        "workers/help/pekerja",
        reads_personal_data,
        pages=("web:workers", "web:worker_new", "web:worker_import"),
    ),
]
