"""The API of compliance: one router, added to the NinjaAPI by `config/urls.py`."""

from ninja import Router

router = Router()
