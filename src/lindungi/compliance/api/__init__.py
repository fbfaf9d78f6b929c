"""`/api/v1/compliance/`: the Inpres 2/2021 coordination of a regency — its task checklist with
history and evidence, the coordination team, cooperation agreements, activities with their
measured outcome, employers' BPJS compliance and the referrals of non-compliant employers to the
prosecutor's office (SP1 → SP2 → Datun under an SKK), and the six-monthly report. One module
per sub-resource, each with its schemas beside its handlers; `config/urls.py` adds this router
to the NinjaAPI.

Who reads and writes what is decided by `compliance.permissions`: the prosecutor's office reads
only the referrals (and the employers referred) of its regency; anything else answers 404 or 403.
"""

from ninja import Router

from lindungi.compliance.api import (
    activities,
    agreements,
    documents,
    employers,
    referrals,
    report,
    tasks,
    team,
)

router = Router()
for part in (documents, tasks, team, agreements, activities, employers, referrals, report):
    router.add_router("", part.router)
