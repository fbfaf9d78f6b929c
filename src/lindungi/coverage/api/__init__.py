"""The API of coverage: one router, added to the NinjaAPI by `config/urls.py`, composed of one
router per sub-resource (figures, rankings, budget plan, public figures, snapshots, imports,
matching), each with its schemas beside its handlers. The operation ids are those the routes had
under `lindungi.api.coverage` and `lindungi.api.matching`, so that generated clients keep them."""

from ninja import Router

from lindungi.coverage.api import (
    awards,
    budget,
    figures,
    imports,
    matching,
    public,
    rankings,
    snapshots,
)

router = Router()
for part in (matching, figures, rankings, budget, public, snapshots, imports):
    router.add_router("", part.router)
router.add_router("", awards.router)
