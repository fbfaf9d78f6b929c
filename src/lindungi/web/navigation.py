"""The menu. Each domain app contributes its entries (`<app>/web/menu.py`, a list `ENTRIES` of
`MenuEntry`), each entry asking its app's `permissions.py` whether the reader sees it; the shell
only collects them (`parts.app_modules`), orders them by position and renders them. The shell's
own entries are the home page, the list of imports, the audit trail and the about page, and the
link to the API's documentation, last."""

from dataclasses import replace
from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lindungi.core.scopes import Scope
from lindungi.web.parts import MenuEntry, app_modules, import_kinds


def everyone(scope: Scope) -> bool:
    """Every signed-in reader, the prosecutor's office too."""
    return True


def reads_personal_data(scope: Scope) -> bool:
    """Every reader whose work reads personal data (everyone but the prosecutor's office)."""
    return scope.reads_personal_data


def reads_audit_trail(scope: Scope) -> bool:
    return scope.may_audit


def makes_imports(scope: Scope) -> bool:
    """Whether the reader may make any kind of import that an app offers (`import_kinds`)."""
    return any(kind.may_import(scope) for kind in import_kinds().values())


SHELL_ENTRIES = (
    MenuEntry(10, _("Home"), "web:home", everyone),
    MenuEntry(385, _("My imports"), "web:imports", makes_imports),
    MenuEntry(390, _("Audit trail"), "web:audit", reads_audit_trail),
    MenuEntry(410, _("About"), "web:about", everyone),
)


@cache
def entries() -> tuple[MenuEntry, ...]:
    """The shell's entries and every app's, in menu order."""
    collected = list(SHELL_ENTRIES)
    for module in app_modules("menu"):
        collected += module.ENTRIES
    return tuple(sorted(collected, key=lambda entry: entry.position))


def items_for(scope: Scope) -> list[MenuEntry]:
    return [entry for entry in entries() if entry.visible(scope)]


def menu_html(scope: Scope) -> SafeString:
    """The menu's `<li>` links for a reader, in the active language. Every page shows it and it
    only changes with the role, the language and the deployment's URL prefix, so it is built
    once per combination (reversing ~40 URL names per request was a tenth of the worker list's
    time under load, BENCHMARKS.md)."""
    return _menu_html(_role_only(scope), get_language(), get_script_prefix(), get_urlconf())


def _role_only(scope: Scope) -> Scope:
    """The scope without what differs between two readers of the same role."""
    return replace(
        scope,
        user_id=None,
        agency_id=None,
        region_codes=None if scope.region_codes is None else (),
    )


@cache
def _menu_html(scope: Scope, language: str | None, prefix: str, urlconf: str | None) -> SafeString:
    links = [(reverse(entry.url_name), str(entry.label)) for entry in items_for(scope)]
    links.append((reverse("api:openapi-view"), "API"))
    return format_html_join("", '<li><a href="{}">{}</a></li>', links)
