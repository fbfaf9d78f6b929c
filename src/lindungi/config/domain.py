"""The domain apps, from the ground up as the import contracts layer them
(docs/architecture.md): each serves its own pages (`<app>/web/urls.py`) and API (`<app>/api`)."""

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
