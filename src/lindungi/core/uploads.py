"""Checking an uploaded document (a claim's death certificate, a task's evidence, an SKK) before
it is stored: PDF, JPEG or PNG only, recognised by its first bytes (never by the name or the
type the browser claims), below a size limit, with a safe name and its SHA-256. Pure Python:
the service passes the file's name, declared type and chunks, and turns a refusal into its
message (`UploadRefused.template` % `params`, translated) and rule (`code`).

>>> checked = check_upload(name="../../Akta Kematian (1).PDF", content_type="application/pdf",
...                        chunks=[b"%PDF-1.7\\n", b"rest"], max_bytes=1000)
>>> checked.name, checked.content_type, checked.size
('Akta_Kematian_1.pdf', 'application/pdf', 13)
>>> check_upload(name="foto.pdf", content_type="application/pdf",
...              chunks=[b"MZ\\x90\\x00"], max_bytes=1000)
Traceback (most recent call last):
...
lindungi.core.uploads.UploadRefused: foto.pdf is not a PDF, JPEG or PNG file
"""

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def gettext_noop(template: str) -> str:
    """Marks a message for the catalogue; the service translates `UploadRefused.template`."""
    return template


class UploadRefused(ValueError):
    """A refused file: the rule it broke (`code`: too_large, empty, not_allowed_type,
    name_mismatch, type_mismatch), an English `%(name)s` template and its params."""

    def __init__(self, code: str, template: str, **params: Any) -> None:
        self.code = code
        self.template = template
        self.params = params
        self.message = template % params
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class FileType:
    content_type: str
    magic: bytes
    extensions: tuple[str, ...]  # the first is the one a stored name gets


# What a document may be, and how each kind of file begins.
ALLOWED = (
    FileType("application/pdf", b"%PDF-", ("pdf",)),
    FileType("image/jpeg", b"\xff\xd8\xff", ("jpg", "jpeg")),
    FileType("image/png", b"\x89PNG\r\n\x1a\n", ("png",)),
)
# What a client sends when it does not know the type: the first bytes decide alone.
UNDECLARED = ("", "application/octet-stream")
MAGIC_LENGTH = max(len(kind.magic) for kind in ALLOWED)
UPLOAD_NAME = re.compile(r"[^\w.\- ]")


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    name: str  # sanitised, with the extension of its real type
    content_type: str  # the real type, from the first bytes
    size: int
    sha256: str


def detect(head: bytes) -> FileType | None:
    """The allowed type a file's first bytes announce, if any.

    >>> detect(b"\\x89PNG\\r\\n\\x1a\\n...").content_type
    'image/png'
    >>> detect(b"GIF89a") is None
    True
    """
    return next((kind for kind in ALLOWED if head.startswith(kind.magic)), None)


def safe_name(name: str, max_length: int = 100) -> str:
    """The file name without any directory, in plain letters, digits, dots, dashes and
    underscores (what every file system and a download header accept).

    >>> safe_name("C:\\\\Users\\\\x\\\\Surat Keterangan Dokter.jpeg")
    'Surat_Keterangan_Dokter.jpeg'
    >>> safe_name("..")
    'document'
    """
    base = re.split(r"[\\/]", name)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name)
    cleaned = re.sub(r"_*\._*", ".", cleaned)
    cleaned = re.sub(r"_+", "_", cleaned).strip("._-")
    if not cleaned:
        return "document"
    stem, dot, extension = cleaned.rpartition(".")
    if not dot:
        return cleaned[:max_length]
    return f"{stem[: max_length - len(extension) - 1]}.{extension.lower()}"


def upload_name(name: str | None, default: str) -> str:
    """An uploaded table's own name, without folders or odd characters: what it is saved under
    for reading, so that every message names the file as its owner knows it.

    >>> upload_name("C:\\\\Users\\\\ops\\\\Rekening Koran (Nov).xlsx", "statement.csv")
    'Rekening Koran _Nov_.xlsx'
    >>> upload_name("../..", "statement.csv")
    'statement.csv'
    """
    cleaned = UPLOAD_NAME.sub("_", re.split(r"[\\/]", name or "")[-1])[-100:]
    return cleaned if cleaned.strip("._ ") else default


def check_upload(
    *, name: str, content_type: str, chunks: Iterable[bytes], max_bytes: int
) -> CheckedUpload:
    """Read the file once: its type from the first bytes, which its name and declared type must
    agree with; its size, refused beyond `max_bytes` (reading stops there); its SHA-256."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    shown = safe_name(name)
    for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise UploadRefused(
                "too_large",
                gettext_noop("%(name)s is larger than the limit of %(limit)s MB"),
                name=shown,
                limit=round(max_bytes / (1024 * 1024), 1),
            )
        if len(head) < MAGIC_LENGTH:
            head += chunk[: MAGIC_LENGTH - len(head)]
        digest.update(chunk)
    if size == 0:
        raise UploadRefused("empty", gettext_noop("%(name)s is empty"), name=shown)
    real = detect(head)
    if real is None:
        raise UploadRefused(
            "not_allowed_type", gettext_noop("%(name)s is not a PDF, JPEG or PNG file"), name=shown
        )
    _, dot, extension = shown.rpartition(".")
    if not dot or extension not in real.extensions:
        raise UploadRefused(
            "name_mismatch",
            gettext_noop(
                "%(name)s is a %(real)s file but its name says otherwise: rename it to .%(ext)s"
            ),
            name=shown,
            real=real.extensions[0].upper(),
            ext=real.extensions[0],
        )
    declared = content_type.split(";")[0].strip().lower()
    if declared not in UNDECLARED and declared != real.content_type:
        raise UploadRefused(
            "type_mismatch",
            gettext_noop("%(name)s is a %(real)s file but was sent as %(declared)s"),
            name=shown,
            real=real.extensions[0].upper(),
            declared=declared,
        )
    return CheckedUpload(
        name=shown, content_type=real.content_type, size=size, sha256=digest.hexdigest()
    )
