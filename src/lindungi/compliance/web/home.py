"""The home page's Inpres 2/2021 queues: for the regency's readers the tasks due and the
agreements to renew; for the prosecutor's office its referral cases by step. Each count is a
link to the list filtered to exactly those rows."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindungi.compliance.models import ReferralStep
from lindungi.compliance.permissions import (
    reads_referred_employers_only,
    reads_region,
    reads_tasks,
)
from lindungi.compliance.selectors import (
    TASK_DUE_DAYS,
    agreements_expiring,
    referral_counts,
    tasks_due,
)
from lindungi.core.scopes import Scope
from lindungi.web.parts import HomeCard, QueueItem, queue_card


def cards(scope: Scope) -> list[HomeCard]:
    if scope.region_codes is not None and not scope.region_codes:
        return []
    if reads_referred_employers_only(scope):
        return queue_card(9, _("Referrals to the prosecutor"), _referrals(scope), "referrals")
    items: list[QueueItem] = []
    if reads_tasks(scope):
        due = tasks_due(scope=scope).count()
        items.append(
            QueueItem(
                "tasks_due",
                due,
                ngettext("Inpres task due", "Inpres tasks due", due),
                reverse("web:inpres_tasks") + "?due=1",
                note=_("not done, late or due within %(days)s days") % {"days": TASK_DUE_DAYS},
            )
        )
    if reads_region(scope):
        expiring = agreements_expiring(scope=scope).count()
        items.append(
            QueueItem(
                "agreements_expiring",
                expiring,
                ngettext("agreement to renew", "agreements to renew", expiring),
                reverse("web:inpres_agreements") + "?expiring=1",
            )
        )
    return queue_card(9, _("Inpres 2/2021"), items, "inpres")


def _referrals(scope: Scope) -> list[QueueItem]:
    labels = dict(ReferralStep.choices)
    return [
        QueueItem(
            f"referrals_{step}",
            count,
            labels[step],
            reverse("web:inpres_referrals") + f"?step={step}",
        )
        for step, count in referral_counts(scope=scope).items()
    ]
