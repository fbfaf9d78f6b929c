"""The API of programs: one router, added to the NinjaAPI by `config/urls.py`, composed of one
router per sub-resource (each with its schemas beside its handlers)."""

from ninja import Router

from lindungi.programs.api import (
    batches,
    candidates,
    endings,
    enrolments,
    programs,
    sponsors,
    year,
)

router = Router()
for part in (sponsors, programs, candidates, endings, enrolments, batches, year):
    router.add_router("", part.router)
