"""The domain apps, from the ground up as the import contracts layer them
(docs/architecture.md): `config/urls.py` includes their pages and API routers in this order and
the shell (`web/`) collects their menu entries and home-page cards from them."""

DOMAIN_APPS = (
    "regions",
    "accounts",
    "contributions",
    "workers",
    "programs",
    "billing",
    "coverage",
    "claims",
    "compliance",
)
