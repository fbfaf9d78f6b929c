"""The crawl: every page, download and API list each demo role can reach, read once by two
readers — one for personal data, one for language.

Starting from the home page and every page and API list that takes no parameter, the crawl
follows the links it finds (GET only, a few objects per kind of page) and reads every answer —
HTML, JSON, CSV, Excel, PDF.

- Privacy: a full NIK or a full phone number of the registry. A role that may not reveal
  personal data never meets one; a role that may reveal meets one only where it asked for it (a
  reveal, the edit form, a download its work needs), and then the answer left an audit event.
- Language (issue 19): what a person sees on an Indonesian page — its visible text and the
  `title`, `placeholder`, `aria-label`, `alt` and button labels, not its markup, scripts or
  hidden values — holds no English word, identifier, internal file name or unformatted number
  (`tests/language.py`). Downloads are read the same way.

The walk is slow (about 80 s), so it runs once per test process and both readers share it."""

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from pypdf import PdfReader

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.models import AuditEvent
from lindungi.demo.seed import LOGINS
from lindungi.workers.models import Worker
from tests.conftest import client_for
from tests.downloads import shown_download
from tests.language import findings, shown_text

pytestmark = pytest.mark.django_db

ROLES = [login.username for login in LOGINS] + ["admin"]
HREF = re.compile(r"""(?:href|hx-get)\s*=\s*["']([^"'#]+)["']""")
DIGITS = re.compile(r"(?<!\d)\+?\d{9,16}(?!\d)")
# Addresses a crawl must not open: signing out ends the session being crawled; the admin site
# is Django's own (superuser only, read-only for domain objects and audited on its own).
SKIPPED = ("/keluar/", "/django-admin/", "/static/", "/i18n/", "/api/v1/docs")
PER_KIND = 2  # objects read per kind of page (URL name and query keys): the shapes, not all rows
LIMIT = 400  # addresses read per role at most


def _text(body: bytes, content_type: str) -> str:
    """What a person (or a program) reading the answer sees, as text."""
    if body.startswith(b"PK"):  # an Excel workbook: its strings and its sheets' cells
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return " ".join(
                book.read(name).decode("utf-8", "replace")
                for name in book.namelist()
                if name.endswith(".xml")
            )
    if body.startswith(b"%PDF"):
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return unescape(body.decode("utf-8", "replace"))


def _kind(path: str, query: str) -> tuple[str, tuple[str, ...]]:
    """Which page an address shows, whatever object it names: one crawl per kind and shape."""
    try:
        name = resolve(path).view_name
    except Resolver404:
        name = path
    return name, tuple(sorted(key for key, _ in parse_qsl(query)))


def _starts() -> list[str]:
    """Every web page and API list that needs no parameter (the menu may not link them all)."""
    found = []

    def walk(patterns: list, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and "<" not in route and "(" not in route:
                found.append("/" + (prefix + route).lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return [url for url in found if not url.startswith(SKIPPED) and "openapi" not in url]


def _personal(text: str, niks: set[str], phones: set[str]) -> set[str]:
    return {
        match.lstrip("+")
        for match in DIGITS.findall(text)
        if match.lstrip("+") in niks or match.lstrip("+") in phones
    }


@dataclass(frozen=True)
class Answer:
    """One answer the crawl read, as each reader needs it."""

    role: str
    url: str
    status: int
    content_type: str
    text: str  # everything in it, markup included (the privacy reader)
    shown: str  # what a person sees of it (the language reader)
    recorded: bool  # the answer left an audit event

    @property
    def is_page(self) -> bool:
        """A page a person reads (the API's answers are for programs, in English)."""
        return "html" in self.content_type and not self.url.startswith("/api/")

    @property
    def is_download(self) -> bool:
        return not self.url.startswith("/api/") and not any(
            kind in self.content_type for kind in ("html", "json")
        )


def _crawl(client, role: str, starts: list[str]) -> list[Answer]:
    """Every answer one role's crawl read."""
    queue, seen, kinds, read = list(starts), set(), Counter(), []
    while queue and len(read) < LIMIT:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc or url in seen or parts.path.startswith(SKIPPED):
            continue
        seen.add(url)
        kind = _kind(parts.path, parts.query)
        if kinds[kind] >= PER_KIND:
            continue
        kinds[kind] += 1
        events = AuditEvent.objects.count()
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        text = _text(body, content_type)
        html = body.decode("utf-8", "replace") if "html" in content_type else ""
        shown = shown_text(html) if html else shown_download(parts.path, body)
        recorded = AuditEvent.objects.count() > events
        read.append(Answer(role, url, response.status_code, content_type, text, shown, recorded))
        if html:
            queue.extend(unescape(href) for href in HREF.findall(html))
        elif "json" in content_type and isinstance(items := response.json(), dict):
            # An API list names its objects: read the first ones' own addresses too.
            for item in (items.get("items") or [])[:PER_KIND]:
                if isinstance(item, dict) and "id" in item:
                    queue.append(f"{parts.path.rstrip('/')}/{item['id']}")
    return read


_WALKED: list[list[Answer]] = []


def _walk(users: dict) -> list[Answer]:
    """Every role's answers, read once per test process (the demo and the clock are the same
    for every test that asks: `demo_billed`)."""
    if not _WALKED:
        starts = ["/", *_starts()]
        _WALKED.append(
            [answer for role in ROLES for answer in _crawl(client_for(users[role]), role, starts)]
        )
    return _WALKED[0]


def _language(answers: list[Answer]) -> list[tuple[str, str, list[str]]]:
    """(role, address, findings) of every answer that shows something not Indonesian."""
    found = []
    for answer in answers:
        if problems := findings(answer.shown):
            found.append((answer.role, answer.url, problems))
    return found


def test_no_page_or_download_hands_out_a_nik_or_phone_without_a_recorded_reveal(demo_billed):
    niks = set(Worker.objects.values_list("nik", flat=True))
    phones = {phone for phone in Worker.objects.values_list("phone", flat=True) if phone}
    assert niks and phones
    may_reveal = {role: scope_for_user(demo_billed[role]).may_reveal for role in ROLES}
    errors, leaks, reads = [], [], Counter()
    for answer in _walk(demo_billed):
        reads[answer.role] += 1
        if answer.status >= 500:
            errors.append((answer.role, answer.url, answer.status))
        found = _personal(answer.text, niks, phones)
        if found and (not may_reveal[answer.role] or not answer.recorded):
            leaks.append((answer.role, answer.url, sorted(found)[:3]))

    assert min(reads.values()) > 20, reads
    assert errors == []
    assert leaks == []


def test_every_page_of_every_role_reads_in_indonesian_with_indonesian_formats(demo_billed):
    answers = _walk(demo_billed)
    pages = [answer for answer in answers if answer.is_page]
    assert len({answer.role for answer in pages}) == len(ROLES)

    assert _language(pages) == []


def test_every_download_of_every_role_reads_in_indonesian(demo_billed):
    downloads = [answer for answer in _walk(demo_billed) if answer.is_download]
    assert downloads
    found = _language(downloads)
    assert found == []
