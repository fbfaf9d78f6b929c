"""The API of accounts: one router, added to the NinjaAPI by `config/urls.py`."""

from ninja import Router

from lindungi.accounts.api import users

router = Router()
router.add_router("", users.router)
