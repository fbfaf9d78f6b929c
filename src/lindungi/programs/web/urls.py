"""The pages of programs, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.programs.web import asn, batches, enrolling, enrolments, programs, sponsors

urlpatterns: list[URLPattern] = [
    path("program/", programs.programs, name="programs"),
    path("program/<int:program_id>/", programs.program_detail, name="program"),
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
]
