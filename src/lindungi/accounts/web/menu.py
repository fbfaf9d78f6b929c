"""The accounts' entries in the menu: the users of a region, and every user's API tokens."""

from django.utils.translation import gettext_lazy as _

from lindungi.accounts.permissions import reads_users
from lindungi.web.navigation import MenuEntry, everyone

ENTRIES = [
    MenuEntry(360, _("Users"), "web:users", reads_users),
    MenuEntry(400, _("API access tokens"), "web:tokens", everyone),
]
