"""Stored files of the Inpres records: task evidence, signed agreements, warning letters, SKKs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.regions.models import Region


def document_path(document: "Document", filename: str) -> str:
    """Under the regency, named by the content hash (the uploader's name is kept apart)."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"compliance/{document.region_id}/{document.sha256[:32]}.{extension}"


class Document(models.Model):
    """A checked file (PDF, JPEG or PNG; `core.uploads.check_upload`) that tasks, agreements and
    referral steps point to."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("compliance document")
        verbose_name_plural = _("compliance documents")

    def __str__(self) -> str:
        return self.original_name
