"""The pages of accounts, included by `config/urls.py` under the `web` namespace."""

from django.urls import URLPattern, path

from lindungi.accounts.web import tokens, users

urlpatterns: list[URLPattern] = [
    path("pengguna/", users.users, name="users"),
    path("pengguna/<int:user_id>/", users.user_detail, name="user"),
    path("akun/token/", tokens.tokens, name="tokens"),
    path("akun/token/<int:token_id>/cabut/", tokens.token_revoke_view, name="token_revoke"),
]
