"""The region list's entry in the menu: every signed-in reader browses it."""

from django.utils.translation import gettext_lazy as _

from lindungi.web.navigation import everyone
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [MenuEntry(350, _("Regions"), "web:regions", everyone, MenuGroup.COVERAGE)]
