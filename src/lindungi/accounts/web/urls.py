"""The pages of accounts, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.accounts.web import password, tokens, users

urlpatterns: list[URLPattern] = [
    path("pengguna/", users.users, name="users"),
    path("pengguna/baru/", users.user_new, name="user_new"),
    path("pengguna/<int:user_id>/", users.user_detail, name="user"),
    path(
        "pengguna/<int:user_id>/nonaktifkan/",
        users.user_deactivate_view,
        name="user_deactivate",
    ),
    path("pengguna/<int:user_id>/aktifkan/", users.user_reactivate_view, name="user_reactivate"),
    path("pengguna/<int:user_id>/sandi/", users.user_password_view, name="user_password"),
    path("pengguna/<int:user_id>/buka-kunci/", users.user_unlock_view, name="user_unlock"),
    path("akun/sandi/", password.password_change_view, name="password_change"),
    path("akun/token/", tokens.tokens, name="tokens"),
    path("akun/token/<int:token_id>/cabut/", tokens.token_revoke_view, name="token_revoke"),
]
