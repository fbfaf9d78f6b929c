from django.contrib.auth import views as auth_views
from django.urls import path

from lindungi.web import (
    audit_views,
    help,
    imports_views,
    search_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", audit_views.audit, name="audit"),
    path("tentang/", views.about, name="about"),
    path("cari/", search_views.search, name="search"),
    path("bantuan/", help.help_index, name="help"),
    path("bantuan/<slug:topic>/", help.help_topic, name="help_topic"),
    path("impor/", imports_views.imports, name="imports"),
    path(
        "impor/templat/<slug:kind>.<slug:extension>",
        imports_views.import_template,
        name="import_template",
    ),
]
