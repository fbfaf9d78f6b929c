"""The API of regions: one router, added to the NinjaAPI by `config/urls.py`."""

from ninja import Router

from lindungi.regions.api import regions

router = Router()
router.add_router("", regions.router)
