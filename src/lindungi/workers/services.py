"""Writing single workers (the bulk path is `importing/`): checked like an imported row."""

from datetime import date
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, PermissionDenied, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.versioning import saved_changed, version_checked
from lindungi.regions.codes import province_of
from lindungi.regions.models import Level, Region
from lindungi.workers import nik as nik_rules
from lindungi.workers.importing.columns import FIELDS
from lindungi.workers.importing.messages import describe
from lindungi.workers.models import Category, DuplicateCandidate, Worker
from lindungi.workers.naming import normalise_name
from lindungi.workers.permissions import may_reveal, may_write_workers
from lindungi.workers.search import search_parse

# A declared monthly income beyond this is a typing error (and beyond the column's 64 bits).
MAX_INCOME = 10**12

# Every field of a worker but the NIK, which never changes.
EDITABLE = tuple(field for field in FIELDS if field != "nik")


def _checked(scope: Scope, worker: Worker) -> None:
    """The import's rules for one row: NIK, its agreement with birth date and sex, village."""
    if not may_write_workers(scope):
        raise PermissionDenied(_("Your role cannot add workers"), code="worker.write_denied")
    try:
        parsed = nik_rules.parse(worker.nik)
    except nik_rules.InvalidNik as error:
        raise ValidationFailed(
            describe("nik", f"nik_{error.rule}"), code="worker.nik_invalid", field="nik"
        ) from error
    worker.nik = parsed.nik
    for field in nik_rules.mismatches(parsed, birth_date=worker.birth_date, sex=worker.sex):
        raise ValidationFailed(
            describe(field, "nik_mismatch"), code="worker.nik_mismatch", field=field
        )
    village: Region = worker.village
    if village.level != Level.VILLAGE or not village.is_active:
        raise ValidationFailed(
            describe("village", "unknown_village"), code="worker.village_unknown", field="village"
        )
    if not scope.covers_region(village.code):
        raise ValidationFailed(
            describe("village", "out_of_scope"), code="worker.village_out_of_scope", field="village"
        )
    if not worker.name.strip():
        raise ValidationFailed(
            describe("name", "required"), code="worker.name_missing", field="name"
        )
    if worker.desil is not None and not 1 <= worker.desil <= 10:
        raise ValidationFailed(
            describe("desil", "desil"), code="worker.desil_invalid", field="desil"
        )
    if worker.income is not None and not 0 <= worker.income <= MAX_INCOME:
        raise ValidationFailed(
            describe("income", "number"), code="worker.income_invalid", field="income"
        )
    for field in ("name", "address", "phone", "occupation"):
        column = cast(models.CharField[str, str], Worker._meta.get_field(field))
        if len(getattr(worker, field) or "") > (column.max_length or 0):
            raise ValidationFailed(describe(field, "too_long"), code="worker.too_long", field=field)
    if worker.category not in Category.values:
        raise ValidationFailed(
            describe("category", "category_value"), code="worker.category_invalid", field="category"
        )
    worker.name = " ".join(worker.name.split())
    worker.name_normalised = normalise_name(worker.name)
    worker.province_code = province_of(village.code)


@transaction.atomic
def worker_create(
    *,
    actor: User | None,
    scope: Scope,
    nik: str,
    name: str,
    village: Region,
    birth_date: date | None = None,
    sex: str = "",
    **fields: Any,
) -> Worker:
    """Register one worker. Birth date and sex default to what the NIK encodes."""
    compact = nik_rules.compact(nik)
    try:
        parsed = nik_rules.parse(compact)
    except nik_rules.InvalidNik as error:
        raise ValidationFailed(
            describe("nik", f"nik_{error.rule}"), code="worker.nik_invalid", field="nik"
        ) from error
    now = timezone.now()
    worker = Worker(
        nik=parsed.nik,
        name=name,
        village=village,
        birth_date=birth_date or parsed.birth_date,
        sex=sex or parsed.sex,
        added_by=actor,
        created_at=now,
        updated_at=now,
        **{"category": Category.BPU, **fields},
    )
    _checked(scope, worker)
    if Worker.objects.filter(nik=worker.nik).exists():
        raise Conflict(
            _("A worker with this NIK is already registered"), code="worker.nik_taken", field="nik"
        )
    worker.save()
    audit_record(
        actor=actor,
        action=Action.WORKER_CREATE,
        object_type="worker",
        object_id=worker.pk,
        region_code=village.code,
        details={"fields": sorted(["nik", "name", "village", *fields])},
    )
    return worker


@transaction.atomic
def worker_update(
    *,
    actor: User | None,
    scope: Scope,
    worker: Worker,
    expected_version: int | None = None,
    **changes: Any,
) -> Worker:
    """Change a worker's details (never the NIK); the result must pass the same checks.

    The worker is read again under a lock and only the fields given and changed are written,
    so two people changing different fields at once both keep theirs. With `expected_version`
    (the version an edit form was opened at), an edit of an older version is refused with
    `StaleEdit` and nothing is written (`core/versioning.py`)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be changed: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code="worker.field_not_editable",
        )
    worker = (
        Worker.objects.select_for_update(of=("self",)).select_related("village").get(pk=worker.pk)
    )
    before = {field: str(getattr(worker, field)) for field in changes}
    for field, value in changes.items():
        setattr(worker, field, value)
    _checked(scope, worker)
    version_checked(worker, expected_version)
    after = {field: str(getattr(worker, field)) for field in changes}
    changed = {
        field: [before[field], after[field]] for field in changes if before[field] != after[field]
    }
    if not changed:
        return worker
    worker.updated_at = timezone.now()
    # `_checked` tidies the name and derives these from the village.
    derived = {"name": ["name_normalised"], "village": ["province_code"]}
    written = [extra for field in changed for extra in [field, *derived.get(field, [])]]
    saved_changed(worker, written)
    audit_record(
        actor=actor,
        action=Action.WORKER_UPDATE,
        object_type="worker",
        object_id=worker.pk,
        region_code=worker.village_id,
        details={"changed": changed},
    )
    return worker


@transaction.atomic
def duplicate_decide(
    *, actor: User | None, scope: Scope, candidate: DuplicateCandidate, same_person: bool
) -> DuplicateCandidate:
    """Record an operator's decision on a pair: two people, or one. Nothing is merged: the
    second worker is marked as the same person as the first and keeps its own record."""
    if not may_write_workers(scope):
        raise PermissionDenied(_("Your role cannot change workers"), code="worker.write_denied")
    if candidate.status != DuplicateCandidate.Status.OPEN:
        raise Conflict(_("This pair has already been decided"), code="duplicate.decided")
    candidate.status = (
        DuplicateCandidate.Status.SAME_PERSON
        if same_person
        else DuplicateCandidate.Status.KEPT_BOTH
    )
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    if same_person:
        Worker.objects.filter(pk=candidate.second_id).update(
            duplicate_of_id=candidate.first_id, updated_at=timezone.now()
        )
    audit_record(
        actor=actor,
        action=Action.WORKER_DUPLICATE_DECIDE,
        object_type="duplicate_candidate",
        object_id=candidate.pk,
        region_code=candidate.regency_code,
        details={
            "first": candidate.first_id,
            "second": candidate.second_id,
            "decision": candidate.status,
        },
    )
    return candidate


def workers_reveal(
    *, actor: User | None, scope: Scope, workers: list[Worker], purpose: str
) -> list[Worker]:
    """Allow full NIKs and phone numbers of these workers to be shown, and record it: one
    audit event for the whole list (UU 27/2022: every access to personal data attributable)."""
    if not may_reveal(scope):
        raise PermissionDenied(
            _("Your role sees NIKs and phone numbers masked"), code="worker.reveal_denied"
        )
    if workers:
        audit_record(
            actor=actor,
            action=Action.WORKER_REVEAL,
            object_type="worker",
            object_id=workers[0].pk if len(workers) == 1 else "",
            region_code=workers[0].village_id if len(workers) == 1 else "",
            details={
                "purpose": purpose,
                "count": len(workers),
                "workers": [worker.pk for worker in workers[:1000]],
            },
        )
    return workers


def nik_search_record(*, actor: User | None, scope: Scope, search: str, where: str) -> None:
    """Record a search by NIK (a whole NIK or its masked form: `workers.search`), whoever makes
    it: who looked for which NIK, on which page or operation. The NIK is stored masked."""
    term = search_parse(search)
    if not term.is_nik:
        return
    codes = scope.region_codes or ()
    audit_record(
        actor=actor,
        action=Action.WORKER_SEARCH_NIK,
        object_type="worker",
        region_code=codes[0] if len(codes) == 1 else "",
        details={"nik": term.masked, "where": where},
    )
