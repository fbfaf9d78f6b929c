"""The worker registry's kind of import on the list of imports, with its template."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lindungi.core.models import ImportRecord
from lindungi.core.scopes import Scope
from lindungi.web.parts import ImportKind
from lindungi.workers.importing.columns import COLUMNS
from lindungi.workers.jobs import IMPORT_KIND
from lindungi.workers.permissions import may_write_workers, sees_every_import


def job_page(record: ImportRecord, scope: Scope) -> str | None:
    """The job's page, for whom `jobs.job_get` shows it: its starter (superusers: any)."""
    if not record.object_id.isdigit():
        return None
    if record.started_by_id != scope.user_id and not sees_every_import(scope):
        return None
    return reverse("web:worker_import_job", args=[int(record.object_id)])


KINDS = [
    ImportKind(
        IMPORT_KIND, _("Workers"), "web:worker_import", may_write_workers, COLUMNS, job_page
    ),
]
