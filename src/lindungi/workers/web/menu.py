"""The worker registry's entries in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import MenuEntry, MenuGroup
from lindungi.workers.permissions import may_write_workers

ENTRIES = [
    MenuEntry(20, _("Workers"), "web:workers", reads_personal_data, MenuGroup.WORKERS),
    MenuEntry(30, _("Import workers"), "web:worker_import", may_write_workers, MenuGroup.WORKERS),
    MenuEntry(40, _("Possible duplicates"), "web:duplicates", may_write_workers, MenuGroup.WORKERS),
]
