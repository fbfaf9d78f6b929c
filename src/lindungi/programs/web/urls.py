"""The pages of programs, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.programs.web import (
    asn,
    batches,
    endings,
    enrolling,
    enrolments,
    programs,
    sponsors,
    year,
)

urlpatterns: list[URLPattern] = [
    path("program/", programs.programs, name="programs"),
    path("program/<int:program_id>/", programs.program_detail, name="program"),
    path("program/tahun/", year.program_year, name="program_year"),
    path("program/<int:program_id>/pilih/", enrolling.program_enrol, name="program_enrol"),
    path("kepesertaan/", enrolments.enrolments, name="enrolments"),
    path(
        "kepesertaan/verifikasi/",
        enrolments.enrolment_verification,
        name="enrolment_verification",
    ),
    path("kepesertaan/kirim/", batches.batches, name="batches"),
    path("kepesertaan/kirim/<int:batch_id>/berkas/", batches.batch_file, name="batch_file"),
    path(
        "kepesertaan/kirim/<int:batch_id>/berita-acara/",
        batches.batch_handover,
        name="batch_handover",
    ),
    path("kepesertaan/konfirmasi/", batches.confirmations, name="confirmations"),
    path("sponsor/", sponsors.sponsors, name="sponsors"),
    path("sponsor/baru/", sponsors.sponsor_new, name="sponsor_new"),
    path("sponsor/<int:sponsor_id>/", sponsors.sponsor_detail, name="sponsor"),
    path("asn/", asn.asn, name="asn"),
    path("kepesertaan/<int:enrolment_id>/akhiri/", endings.enrolment_end, name="enrolment_end"),
    path("kepesertaan/akhiri/", endings.enrolments_end_many, name="enrolments_end"),
    path("pekerja/<int:worker_id>/meninggal/", endings.worker_death, name="worker_death"),
    path("kepesertaan/meninggal/impor/", endings.deaths_upload, name="deaths_import"),
    path("kepesertaan/nonaktif/", endings.endings, name="endings"),
    path("kepesertaan/nonaktif/<int:file_id>/berkas/", endings.endings_file, name="endings_file"),
]
