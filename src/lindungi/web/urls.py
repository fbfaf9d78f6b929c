from django.contrib.auth import views as auth_views
from django.urls import path

from lindungi.web import audit_views, program_views, views, worker_views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("wilayah/", views.regions, name="regions"),
    path("wilayah/cari/", views.regions_search, name="regions_search"),
    path("wilayah/<str:code>/", views.regions, name="region"),
    path("pengguna/", views.users, name="users"),
    path("pengguna/<int:user_id>/", views.user_detail, name="user"),
    path("pekerja/", worker_views.workers, name="workers"),
    path("pekerja/baru/", worker_views.worker_new, name="worker_new"),
    path("pekerja/impor/", worker_views.worker_import, name="worker_import"),
    path("pekerja/duplikat/", worker_views.duplicates, name="duplicates"),
    path("pekerja/impor/<int:job_id>/", worker_views.worker_import_job, name="worker_import_job"),
    path(
        "pekerja/impor/<int:job_id>/laporan/",
        worker_views.worker_import_report,
        name="worker_import_report",
    ),
    path("pekerja/<int:worker_id>/", worker_views.worker_detail, name="worker"),
    path("pekerja/<int:worker_id>/ubah/", worker_views.worker_edit, name="worker_edit"),
    path("pekerja/<int:worker_id>/tampilkan/", worker_views.worker_reveal, name="worker_reveal"),
    path("program/", program_views.programs, name="programs"),
    path("program/<int:program_id>/", program_views.program_detail, name="program"),
    path("program/<int:program_id>/pilih/", program_views.program_enrol, name="program_enrol"),
    path("kepesertaan/", program_views.enrolments, name="enrolments"),
    path(
        "kepesertaan/verifikasi/",
        program_views.enrolment_verification,
        name="enrolment_verification",
    ),
    path("kepesertaan/kirim/", program_views.batches, name="batches"),
    path("kepesertaan/kirim/<int:batch_id>/berkas/", program_views.batch_file, name="batch_file"),
    path(
        "kepesertaan/kirim/<int:batch_id>/berita-acara/",
        program_views.batch_handover,
        name="batch_handover",
    ),
    path("kepesertaan/konfirmasi/", program_views.confirmations, name="confirmations"),
    path("sponsor/", program_views.sponsors, name="sponsors"),
    path("sponsor/<int:sponsor_id>/", program_views.sponsor_detail, name="sponsor"),
    path("asn/", program_views.asn, name="asn"),
    path("simulasi-iuran/", views.contribution_simulation, name="simulasi_iuran"),
    path("simulasi-manfaat/", views.benefit_simulation, name="simulasi_manfaat"),
    path("audit/", audit_views.audit, name="audit"),
    path("tentang/", views.about, name="about"),
]
