"""The API of workers: one router, added to the NinjaAPI by `config/urls.py`, composed of the
registry (`/workers`) and imports (`/workers/import`, `/jobs`)."""

from ninja import Router

from lindungi.workers.api import imports, registry

router = Router()
router.add_router("", registry.router)
router.add_router("", imports.router)
