"""The privacy crawl: every page, download and API list each demo role can reach, read for
personal data.

Starting from the home page and every page and API list that takes no parameter, the crawl
follows the links it finds (GET only, a few objects per kind of page) and reads every answer —
HTML, JSON, CSV, Excel, PDF — for a full NIK or a full phone number of the registry. A role that
may not reveal personal data never meets one; a role that may reveal meets one only where it
asked for it (a reveal, the edit form, a download its work needs), and then the answer left an
audit event."""

import io
import re
import zipfile
from collections import Counter
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


def _crawl(client, starts: list[str]) -> list[tuple[str, int, str, bool]]:
    """(address, status, text, recorded an audit event) for every answer read."""
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
        read.append((url, response.status_code, text, AuditEvent.objects.count() > events))
        if "html" in content_type:
            queue.extend(unescape(href) for href in HREF.findall(body.decode("utf-8", "replace")))
        elif "json" in content_type and isinstance(items := response.json(), dict):
            # An API list names its objects: read the first ones' own addresses too.
            for item in (items.get("items") or [])[:PER_KIND]:
                if isinstance(item, dict) and "id" in item:
                    queue.append(f"{parts.path.rstrip('/')}/{item['id']}")
    return read


def test_no_page_or_download_hands_out_a_nik_or_phone_without_a_recorded_reveal(demo_billed):
    niks = set(Worker.objects.values_list("nik", flat=True))
    phones = {phone for phone in Worker.objects.values_list("phone", flat=True) if phone}
    assert niks and phones
    starts = ["/", *_starts()]
    errors, leaks, reads = [], [], Counter()
    for username in ROLES:
        user = demo_billed[username]
        may_reveal = scope_for_user(user).may_reveal
        for url, status, text, recorded in _crawl(client_for(user), starts):
            reads[username] += 1
            if status >= 500:
                errors.append((username, url, status))
            found = _personal(text, niks, phones)
            if found and (not may_reveal or not recorded):
                leaks.append((username, url, sorted(found)[:3]))

    assert min(reads.values()) > 20, reads
    assert errors == []
    assert leaks == []
