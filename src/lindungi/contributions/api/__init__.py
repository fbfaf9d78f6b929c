"""The API of contributions: one router, added to the NinjaAPI by `config/urls.py`."""

from ninja import Router

from lindungi.contributions.api import calculator

router = Router()
router.add_router("", calculator.router)
