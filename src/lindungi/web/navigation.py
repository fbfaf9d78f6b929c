"""The menu. Each domain app contributes its entries (`<app>/web/menu.py`, a list `ENTRIES` of
`MenuEntry`), each entry asking its app's `permissions.py` whether the reader sees it and naming
the task it serves (`MenuGroup`); the shell only collects them (`parts.app_modules`), groups them
by task, orders them by position and renders them. The shell's own entries are the home page,
the list of the reader's imports, the audit trail, help and the about page, and the link to the
API's documentation, last.

A reader sees each task as one disclosure (`<details>`: a drop-down on a wide screen, a section of
the drawer on a phone) unless only one of its links is theirs: then that link stands alone."""

from dataclasses import dataclass, replace
from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lindungi.core.scopes import Scope
from lindungi.web.parts import MenuEntry, MenuGroup, app_modules, import_kinds


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
    MenuEntry(10, _("Home"), "web:home", everyone, MenuGroup.HOME),
    MenuEntry(385, _("My imports"), "web:imports", makes_imports, MenuGroup.WORKERS),
    MenuEntry(390, _("Audit trail"), "web:audit", reads_audit_trail, MenuGroup.SETTINGS),
    MenuEntry(405, _("Help"), "web:help", everyone, MenuGroup.SETTINGS),
    MenuEntry(410, _("About"), "web:about", everyone, MenuGroup.SETTINGS),
)

# Short names, to scan at a glance.
GROUP_LABELS: dict[MenuGroup, str | Promise] = {
    MenuGroup.HOME: _("Home"),
    MenuGroup.WORKERS: _("Workers"),
    MenuGroup.PROGRAMS: _("Programs"),
    MenuGroup.ENROLMENT: _("Enrolment"),
    MenuGroup.BILLING: _("Bills"),
    MenuGroup.CLAIMS: _("Claims"),
    MenuGroup.COVERAGE: _("Coverage"),
    MenuGroup.INPRES: _("Inpres"),
    MenuGroup.SETTINGS: _("Settings"),
}


@cache
def entries() -> tuple[MenuEntry, ...]:
    """The shell's entries and every app's, in menu order."""
    collected = list(SHELL_ENTRIES)
    for module in app_modules("menu"):
        collected += module.ENTRIES
    return tuple(sorted(collected, key=lambda entry: entry.position))


def items_for(scope: Scope) -> list[MenuEntry]:
    return [entry for entry in entries() if entry.visible(scope)]


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Section:
    """One task of a reader's menu and its links, in order."""

    group: MenuGroup
    label: str
    links: tuple[Link, ...]


def sections_for(scope: Scope) -> list[Section]:
    """The reader's menu by task, in `MenuGroup` order (the API's documentation last, under
    settings), with URLs reversed and labels in the active language. Tasks with no link for
    the reader are left out."""
    links: dict[MenuGroup, list[Link]] = {group: [] for group in MenuGroup}
    for entry in items_for(scope):
        links[entry.group].append(Link(reverse(entry.url_name), str(entry.label)))
    links[MenuGroup.SETTINGS].append(Link(reverse("api:openapi-view"), "API"))
    return [
        Section(group, str(GROUP_LABELS[group]), tuple(found))
        for group, found in links.items()
        if found
    ]


def menu_html(scope: Scope) -> SafeString:
    """The menu's top-level `<li>` items for a reader, in the active language: a lone link, or
    a task's `<details>` with its links. Every page shows it and it only changes with the role,
    the language and the deployment's URL prefix, so it is built once per combination
    (reversing ~40 URL names per request was a tenth of the worker list's time under load,
    BENCHMARKS.md)."""
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
    return SafeString("".join(_section_html(section) for section in sections_for(scope)))


def _section_html(section: Section) -> SafeString:
    if len(section.links) == 1:
        (link,) = section.links
        return format_html(
            '<li data-menu-group="{}"><a href="{}">{}</a></li>', section.group, link.url, link.label
        )
    return format_html(
        '<li data-menu-group="{}"><details><summary>{}</summary><ul>{}</ul></details></li>',
        section.group,
        section.label,
        format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((link.url, link.label) for link in section.links)
        ),
    )
