"""The public contribution simulation's entry in the menu."""

from django.utils.translation import gettext_lazy as _

from lindungi.web.navigation import reads_personal_data
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(
        370,
        _("Contribution simulation"),
        "web:simulasi_iuran",
        reads_personal_data,
        MenuGroup.PROGRAMS,
    ),
]
