from django.contrib.auth import views as auth_views
from django.urls import path

from lindungi.web import views, worker_views

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
    path("simulasi-iuran/", views.contribution_simulation, name="simulasi_iuran"),
    path("simulasi-manfaat/", views.benefit_simulation, name="simulasi_manfaat"),
    path("tentang/", views.about, name="about"),
]
