"""Writing rate versions: a new version starts on a later day; the past never changes."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _

from lindungi.contributions.models import Confidence, RateVersion
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, ValidationFailed


@transaction.atomic
def rate_version_add(
    *,
    actor: AbstractUser | None,
    key: str,
    value: Any,
    berlaku_mulai: dt.date,
    rule: str,
    source: str = "",
    confidence: str = Confidence.HIGH,
) -> RateVersion:
    """Add a version of `key` in force from `berlaku_mulai`; the open version before it now
    ends the day before. A version may not start on or before the latest existing one."""
    if confidence not in Confidence.values:
        raise ValidationFailed(_("Confidence must be H, M or L"), field="confidence")
    if not rule.strip():
        raise ValidationFailed(_("Name the rule (regulation and article)"), field="rule")
    versions = RateVersion.objects.select_for_update().filter(key=key).order_by("berlaku_mulai")
    latest = versions.last()
    if latest is None:
        raise ValidationFailed(_("Unknown rate %(key)s") % {"key": key}, field="key")
    if berlaku_mulai <= latest.berlaku_mulai:
        raise Conflict(
            _(
                "A new version of %(key)s must start after %(date)s, when the latest one "
                "starts: results for past days never change"
            )
            % {"key": key, "date": latest.berlaku_mulai.isoformat()},
            code="rate.not_after_latest",
            field="berlaku_mulai",
        )
    if latest.berlaku_sampai is not None and berlaku_mulai <= latest.berlaku_sampai:
        raise Conflict(
            _("%(key)s is already set until %(date)s")
            % {"key": key, "date": latest.berlaku_sampai.isoformat()},
            code="rate.already_set",
            field="berlaku_mulai",
        )
    if latest.berlaku_sampai is None:
        latest.berlaku_sampai = berlaku_mulai - dt.timedelta(days=1)
        latest.save(update_fields=["berlaku_sampai"])
    version = RateVersion.objects.create(
        key=key,
        value=value,
        berlaku_mulai=berlaku_mulai,
        rule=rule,
        source=source,
        confidence=confidence,
        created_by_id=actor.pk if actor is not None else None,
    )
    audit_record(
        actor=actor,
        action=Action.RATE_ADD,
        object_type="rate_version",
        object_id=version.pk,
        details={"key": key, "value": value, "berlaku_mulai": berlaku_mulai.isoformat()},
    )
    return version
