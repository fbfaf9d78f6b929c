"""The pages of workers, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.workers.web import duplicates, imports, registry

urlpatterns: list[URLPattern] = [
    path("pekerja/", registry.workers, name="workers"),
    path("pekerja/baru/", registry.worker_new, name="worker_new"),
    path("pekerja/impor/", imports.worker_import, name="worker_import"),
    path("pekerja/duplikat/", duplicates.duplicates, name="duplicates"),
    path(
        "pekerja/duplikat/<int:candidate_id>/tampilkan/",
        duplicates.duplicate_reveal,
        name="duplicate_reveal",
    ),
    path("pekerja/impor/<int:job_id>/", imports.worker_import_job, name="worker_import_job"),
    path(
        "pekerja/impor/<int:job_id>/laporan/",
        imports.worker_import_report,
        name="worker_import_report",
    ),
    path("pekerja/<int:worker_id>/", registry.worker_detail, name="worker"),
    path("pekerja/<int:worker_id>/ubah/", registry.worker_edit, name="worker_edit"),
    path("pekerja/<int:worker_id>/tampilkan/", registry.worker_reveal, name="worker_reveal"),
]
