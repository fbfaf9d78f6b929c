"""The demo regency (Kabupaten Sumedang, 32.11) with its Inpres checklist seeded, a prosecutor's
user, and uploads kept in a temporary media folder."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.models import InpresTask
from lindungi.compliance.services import tasks_seed
from lindungi.core.roles import Role
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English (the msgids); the product speaks Indonesian."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def sumedang(db) -> Region:
    return region_get(code="32.11")


@pytest.fixture
def jaksa(demo, make_user):
    return make_user("kejari.sumedang", Role.JAKSA, "32.11")


@pytest.fixture
def tasks(demo, sumedang) -> list[InpresTask]:
    admin = demo["disnaker"]
    return tasks_seed(actor=admin, scope=scope_for_user(admin), region=sumedang)


def pdf_file(name: str = "bukti.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
