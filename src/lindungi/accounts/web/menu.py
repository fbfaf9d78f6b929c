"""The accounts' entries in the menu: the users of a region, every user's API tokens, and
Django's admin for a superuser."""

from django.utils.translation import gettext_lazy as _

from lindungi.accounts.permissions import may_use_django_admin, reads_users
from lindungi.web.navigation import everyone
from lindungi.web.parts import MenuEntry, MenuGroup

ENTRIES = [
    MenuEntry(360, _("Users"), "web:users", reads_users, MenuGroup.SETTINGS),
    MenuEntry(400, _("API access tokens"), "web:tokens", everyone, MenuGroup.SETTINGS),
    MenuEntry(420, "Django admin", "admin:index", may_use_django_admin, MenuGroup.SETTINGS),
]
