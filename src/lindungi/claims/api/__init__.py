"""The API of claims: one router, added to the NinjaAPI by `config/urls.py`, composed of one
router per sub-resource: the claims (`claims`), their steps (`workflow`), their documents
(`documents`), what they paid to families (`figures`) and the public benefit calculator
(`benefits`)."""

from ninja import Router

from lindungi.claims.api import benefits, claims, documents, figures, workflow

router = Router()
for part in (claims, figures, workflow, documents, benefits):
    router.add_router("", part.router)
