"""What the domain apps contribute to the shell's pages: each app may have a module of a given
name in its `web` package (`menu` for the menu, `home` for the home page's cards); the shell
imports them in the order of `config.apps.DOMAIN_APPS` and knows nothing else about them.
The apps' modules import the two shapes from here: this module imports no domain app, so that
importing it breaks no layer of the import contracts."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.db.models import Expression, Q
from django.http import HttpRequest
from django.utils.functional import Promise

from lindungi.config.apps import DOMAIN_APPS
from lindungi.core.columns import Column as FileColumn
from lindungi.core.scopes import Scope

if TYPE_CHECKING:
    from lindungi.core.models import ImportRecord


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """Every domain app's `lindungi.<app>.web.<name>` module that exists, in app order."""
    found = []
    for app in DOMAIN_APPS:
        module = f"lindungi.{app}.web.{name}"
        if find_spec(module) is not None:
            found.append(import_module(module))
    return tuple(found)


class MenuGroup(StrEnum):
    """The tasks the menu groups its links by, in the menu's order (the shell names them, in
    `web.navigation`): a reader looks for a task, not for the app that serves it."""

    HOME = "home"
    WORKERS = "workers"  # the registry: list, import, duplicates, an ASN's own workers
    PROGRAMS = "programs"  # who pays: programs, their year, sponsors, what a month costs
    ENROLMENT = "enrolment"  # proposing, verifying, sending to BPJS, endings
    BILLING = "billing"  # bills, payments, statements, arrears, TPP
    CLAIMS = "claims"
    COVERAGE = "coverage"  # figures, rankings, awards, budgets, regions
    INPRES = "inpres"  # the Inpres 2/2021 duties
    SETTINGS = "settings"  # users, audit trail, tokens, about, API


@dataclass(frozen=True)
class MenuEntry:
    """One link of the menu. `position` orders the entries of every app in one list (smaller
    first; the apps space theirs by ten); `group` is the task it serves, under which the menu
    shows it. `visible` is a predicate of the app's permissions: it sees the reader's role and
    rights (`Scope.role`, `can_write`, `may_reveal`, `may_audit`, `reads_personal_data`,
    whether nationwide), never their region or agency, so that the menu is built once per
    role."""

    position: int
    label: str | Promise
    url_name: str
    visible: Callable[[Scope], bool]
    group: MenuGroup


@dataclass(frozen=True)
class HomeCard:
    """One part of the home page: `template` (the app's own, e.g. `billing/_home_dues.html`)
    is included with `card` set to `context`. `position` orders the cards of every app (smaller
    first); `scripts` are static files the card needs (loaded once, deferred)."""

    position: int
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    scripts: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueueItem:
    """One count of a role's work on the home page (`web/_queue.html`): `count` rows wait,
    `url` is the list filtered to exactly those rows. `key` names the queue for tests and
    styles; `note` says a little more (an amount, a date); `capped` means "more than count";
    `of` shows the count as a part of a whole ("63/100")."""

    key: str
    count: int
    label: str | Promise
    url: str
    note: str | Promise = ""
    capped: bool = False
    of: int | None = None  # "63/100": a count of a whole (a quota)


def queue_card(
    position: int, title: str | Promise, items: list[QueueItem], key: str
) -> list[HomeCard]:
    """A card of work queues (`web/_queue.html`); none when the role has no such work."""
    if not items:
        return []
    return [HomeCard(position, "web/_queue.html", {"title": title, "items": items, "key": key})]


@dataclass(frozen=True)
class Panel:
    """A part one app adds to another app's page (programs adds a worker's protection to the
    worker page): `template` is included with `panel` set to `context`. Each app offers its
    panels for a page in `lindungi.<app>.web.<page>_panels`, a function `panel(...)` returning a
    Panel or None; the page gathers them with `panels`."""

    position: int
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)


def panels(page: str, *arguments: Any) -> list[Panel]:
    """The panels the apps add to `page` (e.g. `worker` for the worker page), in order: each
    app's `<page>_panels.panel` answers a panel, a list of them, or None."""
    found: list[Panel] = []
    for module in app_modules(f"{page}_panels"):
        added = module.panel(*arguments)
        if isinstance(added, Panel):
            found.append(added)
        elif added:
            found.extend(added)
    return sorted(found, key=lambda p: p.position)


@dataclass(frozen=True)
class ImportKind:
    """One kind of import an app offers, for the list of imports and the templates: `key` is
    what its records hold as `ImportRecord.kind` (and the template's name), `label` what the
    list calls it, `page` the url name of its import page, `may_import` the app's permission
    predicate, `columns` the importer's own column declaration (the template is written from
    it), `result` the url of one record's own page (a job, a statement) if the reader may open
    it. Each app lists its kinds in `lindungi.<app>.web.import_kinds.KINDS`."""

    key: str
    label: str | Promise
    page: str
    may_import: Callable[[Scope], bool]
    columns: tuple[FileColumn, ...] = ()
    result: Callable[["ImportRecord", Scope], str | None] | None = None


def import_kinds() -> dict[str, ImportKind]:
    """Every app's kinds of import, by key, in app order."""
    return {kind.key: kind for module in app_modules("import_kinds") for kind in module.KINDS}


def cache_key(part: str, scope: Scope) -> str:
    """A cache key for a card's summary of a scope's regions (one per part and region set)."""
    return f"dashboard:{part}:" + ",".join(scope.region_codes or ("*",))


@dataclass(frozen=True)
class Column:
    """A column one app adds to another app's list (programs adds each worker's protection
    status to the worker list), and the list's filter by it. `value()` is one SQL expression
    per row (a subquery), annotated as `key` on the page's rows only; `where(choice)` keeps the
    rows of one choice, as a filter an index can serve; `choices` are its values and labels.
    Each app offers its columns for a list in `lindungi.<app>.web.<list>_columns`, a tuple
    `COLUMNS`; the list gathers them with `columns`."""

    key: str
    label: str | Promise
    value: Callable[[], Expression]
    where: Callable[[str], Q]
    choices: tuple[tuple[str, str | Promise], ...]
    everything: str | Promise  # the filter's option that keeps every row

    def label_of(self, value: str) -> str:
        return str(dict(self.choices).get(value, ""))


def columns(page: str) -> tuple[Column, ...]:
    """The columns the apps add to the list `page` (e.g. `worker` for the worker list)."""
    return tuple(column for module in app_modules(f"{page}_columns") for column in module.COLUMNS)


@dataclass(frozen=True)
class SearchHit:
    """One thing the global search found: what it is called, its page, a little more."""

    label: str
    url: str
    note: str | Promise = ""


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind (workers, bills …) on the global search's page (`/cari/`). Each app
    may offer `lindungi.<app>.web.search.found(request, scope, text)` answering its groups (a
    list, empty when it found nothing or the reader may not search it); `position` orders them,
    `more` is the app's own list with the same search when the group holds only the first."""

    position: int
    title: str | Promise
    hits: list[SearchHit]
    more: str = ""


def search_groups(request: HttpRequest, scope: Scope, text: str) -> list[SearchGroup]:
    """What every app finds for `text` within the reader's scope, in order."""
    found: list[SearchGroup] = []
    for module in app_modules("search"):
        if hasattr(module, "found"):
            found.extend(group for group in module.found(request, scope, text) if group.hits)
    return sorted(found, key=lambda group: group.position)


@dataclass(frozen=True)
class HelpTopic:
    """One help page (`/bantuan/<slug>/`), owned by the app whose task it explains (its module
    `web/help.py`, a list `TOPICS`). The text is the app's template `<template>.<language>.html`
    (`workers/help/pekerja.id.html`, and `.en.html` for English); `pages` are the url names of
    the pages that link to it with `{% help_link "<slug>" %}`; `visible` is the predicate of
    those pages: the help index lists the topics of the reader's work (every signed-in reader
    may open any topic: help holds no data)."""

    position: int
    slug: str
    title: str | Promise
    summary: str | Promise
    template: str
    visible: Callable[[Scope], bool]
    pages: tuple[str, ...] = ()
