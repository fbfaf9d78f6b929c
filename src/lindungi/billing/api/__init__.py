"""The API of billing: one router, added to the NinjaAPI by `config/urls.py`, composed from one
module per sub-resource, each with its schemas beside its handlers. The operation ids stay those
of the routes before they moved here (`lindungi_api_billing_…`)."""

from ninja import Router

from lindungi.billing.api import arrears, cofunding, invoices, payments, runs, statements, tpp

router = Router()
router.add_router("", runs.router)
router.add_router("", invoices.router)
router.add_router("", payments.router)
router.add_router("", statements.router)
router.add_router("", tpp.router)
router.add_router("", arrears.router)
router.add_router("", cofunding.router)
