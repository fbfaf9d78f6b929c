"""The scope proof, generated: every role, every page and API route that names an object, and
an object of another regency. Outside objects are never read, changed or exported: 404 or 403,
never 200, and they stay as they were. New routes join the matrix by themselves; a route whose
parameter names an object this file cannot build fails until one is added to `FOREIGN`."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver

from lindungi.accounts.models import ApiToken, User
from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import token_create
from lindungi.api.api import api
from lindungi.billing.models import (
    Allocation,
    Bill,
    BillingRun,
    BillLine,
    Payment,
    PaymentStatement,
    StatementLine,
)
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.billing.services.statements import statement_import
from lindungi.claims.models import Claim, ClaimDocument
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.reporting import claim_report
from lindungi.compliance.coordination.activities import activity_create
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.coordination.team import member_create
from lindungi.compliance.enforcement import employer_create, referral_open
from lindungi.compliance.models import (
    Activity,
    Agreement,
    Document,
    Employer,
    InpresTask,
    Referral,
    ReferralEvent,
    TaskChange,
    TeamMember,
)
from lindungi.compliance.models import Document as ComplianceDocument
from lindungi.compliance.services import tasks_seed
from lindungi.core.models import AuditEvent
from lindungi.coverage.awards_services import award_compute
from lindungi.demo.seed import LOGINS
from lindungi.programs.models import (
    Enrolment,
    EnrolmentStatus,
    Participation,
    Program,
    Sponsor,
    SubmissionBatch,
)
from lindungi.programs.services.batches import batch_create
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import enrolments_submit, enrolments_verify
from lindungi.programs.services.year import year_open
from lindungi.regions.selectors import region_get
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_start
from lindungi.workers.models import DuplicateCandidate, Worker
from lindungi.workers.services import worker_create
from tests.conftest import client_for

JANUARY_10 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
ROLES = [login.username for login in LOGINS]
# Parameters that name public reference data, the same for everyone (regions).
PUBLIC_PARAMETERS = {
    "code",
    "topic",
    "kind",
    "extension",
}  # a region code, a help topic, an import template: no object of a scope


@pytest.fixture
def foreign(demo, bandung, time_machine, settings, tmp_path):
    """One object of every kind in Kabupaten Bandung (32.04), by the parameter that names it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    time_machine.move_to(JANUARY_10, tick=False)
    admin, village = bandung["admin"], bandung["village"]
    worker = worker_create(
        actor=village,
        scope=scope_for_user(village),
        nik="3204055508900001",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )
    # The same resident registered twice: a pair in Bandung's review queue of possible duplicates.
    twin = worker_create(
        actor=village,
        scope=scope_for_user(village),
        nik="3204055508900002",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )
    candidate = DuplicateCandidate.objects.create(
        first=worker, second=twin, regency_code="32.04", reason="same_name", similarity=1.0
    )
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.04"),
        scheme="desa_100",
        year=2026,
    )
    sponsor = sponsor_create(
        actor=village,
        scope=scope_for_user(village),
        kind="DESA",
        name="Pemerintah Desa Cileunyi Kulon",
        region=region_get(code="32.04.05.2001"),
    )
    (enrolment,) = enrolments_create(
        actor=village,
        scope=scope_for_user(village),
        program=program,
        sponsor=sponsor,
        workers=[worker],
        today=JANUARY_10.date(),
    )
    enrolments_submit(actor=village, scope=scope_for_user(village), enrolments=[enrolment])
    enrolments_verify(
        actor=admin, scope=scope_for_user(admin), enrolments=[enrolment], approve=True
    )
    batch = batch_create(actor=admin, scope=scope_for_user(admin), program=program)
    job = job_start(
        actor=village,
        upload=SimpleUploadedFile("warga.csv", b"nik,nama\n"),
        options=ImportOptions(),
    )
    # Billing: BPJS's answer activates the enrolment (as tests/billing do), January is billed,
    # part paid by hand, and a statement pays the rest and keeps an unknown row.
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=EnrolmentStatus.ACTIVE, kpj="26000000001", bpjs_start_date=F("first_month")
    )
    run = billing_run(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.04"),
        month=dt.date(2026, 1, 1),
    )
    bill = Bill.objects.get(run=run)
    payment = payment_record(
        actor=admin,
        scope=scope_for_user(admin),
        sponsor=sponsor,
        amount=6_800,
        paid_on=JANUARY_10.date(),
        channel="transfer",
    ).payment
    path = tmp_path / "laporan-bandung.csv"
    path.write_text(
        f"No Tagihan,Jumlah,Tanggal\n{bill.number},{bill.total - 6_800},2026-01-09\n"
        "TAG-3204-202601-999999,16800,2026-01-09\n",
        encoding="utf-8",
    )
    statement = statement_import(actor=admin, scope=scope_for_user(admin), path=path).statement
    # Claims: the worker died on 9 January, within the paid month; reported with a document.
    settings.MEDIA_ROOT = tmp_path / "media"
    claim = claim_report(
        actor=village,
        scope=scope_for_user(village),
        worker=worker,
        type="JKM",
        event_date=dt.date(2026, 1, 9),
    )
    document = claim_document_add(
        actor=village,
        scope=scope_for_user(village),
        claim=claim,
        kind="death_certificate",
        file=SimpleUploadedFile("akta.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf"),
    )
    # Inpres 2/2021 coordination: the checklist, an agreement, an activity in the worker's
    # village, and an employer in arrears warned (SP1, with its letter).
    bandung_regency = region_get(code="32.04")
    (task, *_) = tasks_seed(actor=admin, scope=scope_for_user(admin), region=bandung_regency)
    agreement = agreement_create(
        actor=admin,
        scope=scope_for_user(admin),
        region=bandung_regency,
        kind="PKS",
        number="PKS/3204/001/2026",
        title="PKS Cileunyi",
        signed_on=dt.date(2026, 1, 2),
        starts_on=dt.date(2026, 1, 2),
        ends_on=dt.date(2026, 12, 31),
    )
    activity = activity_create(
        actor=admin,
        scope=scope_for_user(admin),
        region=bandung_regency,
        kind="sosialisasi",
        title="Sosialisasi Cileunyi",
        held_on=dt.date(2026, 1, 5),
        villages=[region_get(code="32.04.05.2001")],
    )
    member = member_create(
        actor=admin,
        scope=scope_for_user(admin),
        region=bandung_regency,
        name="Ketua Tim Cileunyi",
        team_role="ketua",
        agency=bandung["agency"],
    )
    employer = employer_create(
        actor=admin,
        scope=scope_for_user(admin),
        region=bandung_regency,
        nib="3204000000001",
        name="PT Cileunyi Makmur",
        status="arrears",
        arrears=5_000_000,
    )
    referral = referral_open(
        actor=admin,
        scope=scope_for_user(admin),
        employer=employer,
        day=dt.date(2026, 1, 8),
        documents=[SimpleUploadedFile("sp1.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")],
    )
    # The program year 2027 opened (the village's draft part of it) and the year's awards.
    year_open(actor=admin, scope=scope_for_user(admin), region=bandung_regency, year=2027)
    participation = Participation.objects.get(sponsor=sponsor)
    award = award_compute(actor=admin, scope=scope_for_user(admin), region="32.04", year=2026)
    return {
        "participation_id": participation.pk,
        "award_id": award.pk,
        "entry_id": award.entries.order_by("pk").values_list("pk", flat=True).first(),
        "user_id": admin.pk,
        "worker_id": worker.pk,
        "job_id": job.pk,
        "program_id": program.pk,
        "sponsor_id": sponsor.pk,
        "enrolment_id": enrolment.pk,
        "batch_id": batch.pk,
        "run_id": run.pk,
        "bill_id": bill.pk,
        "payment_id": payment.pk,
        "statement_id": statement.pk,
        "line": 3,  # the statement's row with an unknown bill number, unresolved
        "agency_id": bandung["agency"].pk,
        "claim_id": claim.pk,
        "document_id": document.pk,
        "task_id": task.pk,
        "agreement_id": agreement.pk,
        "activity_id": activity.pk,
        "member_id": member.pk,
        "employer_id": employer.pk,
        "referral_id": referral.pk,
        # The referral's SP1 letter: a compliance document (claims' documents are `document_id`).
        "file_id": ComplianceDocument.objects.get(region_id="32.04").pk,
        "token_id": _foreign_token(village),
        "candidate_id": candidate.pk,
    }


def _foreign_token(user) -> int:
    token_create(actor=None, user=user, name="bandung-sync")
    return ApiToken.objects.get(user=user, name="bandung-sync").pk


def _snapshot() -> list[tuple]:
    """What must never change when an outsider calls: the foreign objects' fields."""
    return [
        tuple(
            User.objects.filter(region__code__startswith="32.04")
            .values_list("pk", "is_active", "password", "must_change_password")
            .order_by("pk")
        ),
        tuple(
            ApiToken.objects.filter(user__region__code__startswith="32.04")
            .values_list()
            .order_by("pk")
        ),
        tuple(
            Worker.objects.filter(village__code__startswith="32.04.").values_list().order_by("pk")
        ),
        tuple(DuplicateCandidate.objects.filter(regency_code="32.04").values_list().order_by("pk")),
        tuple(Program.objects.filter(region_id="32.04").values_list().order_by("pk")),
        tuple(
            Sponsor.objects.filter(region__code__startswith="32.04").values_list().order_by("pk")
        ),
        tuple(
            Enrolment.objects.filter(sponsor__region__code__startswith="32.04")
            .values_list()
            .order_by("pk")
        ),
        tuple(SubmissionBatch.objects.filter(region_id="32.04").values_list().order_by("pk")),
        tuple(BillingRun.objects.filter(region_id="32.04").values_list().order_by("pk")),
        tuple(
            Bill.objects.filter(sponsor__region__code__startswith="32.04")
            .values_list()
            .order_by("pk")
        ),
        tuple(
            BillLine.objects.filter(sponsor__region__code__startswith="32.04")
            .values_list()
            .order_by("bill_id", "enrolment_id", "month", "kind")
        ),
        tuple(
            Payment.objects.filter(sponsor__region__code__startswith="32.04")
            .values_list()
            .order_by("pk")
        ),
        tuple(
            Allocation.objects.filter(bill__sponsor__region__code__startswith="32.04")
            .values_list()
            .order_by("pk")
        ),
        tuple(PaymentStatement.objects.filter(region_id="32.04").values_list().order_by("pk")),
        tuple(
            StatementLine.objects.filter(statement__region_id="32.04").values_list().order_by("pk")
        ),
        tuple(Claim.objects.filter(region__code__startswith="32.04").values_list().order_by("pk")),
        tuple(
            ClaimDocument.objects.filter(claim__region__code__startswith="32.04")
            .values_list()
            .order_by("pk")
        ),
        *(
            tuple(model.objects.filter(region_id="32.04").values_list().order_by("pk"))
            for model in (
                InpresTask,
                Agreement,
                Activity,
                TeamMember,
                Employer,
                Referral,
                Document,
            )
        ),
        tuple(TaskChange.objects.filter(task__region_id="32.04").values_list().order_by("pk")),
        tuple(
            ReferralEvent.objects.filter(referral__region_id="32.04").values_list().order_by("pk")
        ),
    ]


def _web_routes() -> list[tuple[str, list[str]]]:
    """(route with <params>, the parameter names) of every page that names an object."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                names = re.findall(r"<(?:\w+:)?(\w+)>", route)
                if (
                    names
                    and not set(names) <= PUBLIC_PARAMETERS
                    and not route.lstrip("^").startswith(("api/", "django-admin/"))
                ):
                    found.append((route, names))

    walk(get_resolver().url_patterns, "")
    return found


def _api_routes() -> list[tuple[str, str, list[str]]]:
    """(method, path with {params}, the parameter names) of every API operation on an object."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        names = re.findall(r"\{(\w+)\}", path)
        if not names or set(names) <= PUBLIC_PARAMETERS:
            continue
        found.extend((method.upper(), path, names) for method in operations)
    return found


def _fill(route: str, names: list[str], objects: dict[str, int]) -> str:
    missing = [name for name in names if name not in objects]
    assert not missing, f"{route}: add a foreign object for {missing} to the `foreign` fixture"
    for name in names:
        route = re.sub(rf"<(?:\w+:)?{name}>|\{{{name}\}}", str(objects[name]), route)
    return "/" + route.lstrip("/")


def test_the_matrix_covers_every_route_that_names_an_object():
    assert len(_web_routes()) >= 11
    assert len(_api_routes()) >= 12
    assert len(_api_operations_naming_objects()) >= 5


@pytest.mark.parametrize("username", ROLES)
def test_no_role_reads_or_changes_another_regencys_objects_through_a_page(foreign, demo, username):
    client = client_for(demo[username])
    before = _snapshot()
    exports_before = AuditEvent.objects.filter(action__endswith=".export").count()
    for route, names in _web_routes():
        url = _fill(route, names, foreign)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"reason": "x", "purpose": "x"})
            assert response.status_code in {403, 404, 405}, (
                username,
                method,
                url,
                response.status_code,
            )
    assert _snapshot() == before
    assert AuditEvent.objects.filter(action__endswith=".export").count() == exports_before


@pytest.mark.parametrize("username", ROLES)
def test_no_role_reads_or_changes_another_regencys_objects_through_the_api(foreign, demo, username):
    client = client_for(demo[username])
    before = _snapshot()
    for method, path, names in _api_routes():
        url = "/api/v1" + _fill(path, names, foreign)
        call = getattr(client, method.lower())
        response = (
            call(url, {"purpose": "audit"})
            if method == "GET"
            else call(url, data={}, content_type="application/json")
        )
        # 422 only when the body is refused before the object is looked up: nothing was read.
        assert response.status_code in {403, 404, 405, 422}, (
            username,
            method,
            url,
            response.status_code,
        )
        if response.status_code == 422:
            assert "Warga Bandung" not in response.content.decode()
    assert _snapshot() == before


FOREIGN_NAMES = ("Warga Bandung", "Cileunyi", "32.04.")


def _schema_of(reference: dict, components: dict) -> dict:
    while "$ref" in reference:
        reference = components[reference["$ref"].rsplit("/", 1)[-1]]
    return reference


def _value(name: str, prop: dict, objects: dict[str, int], components: dict) -> object:
    prop = _schema_of(prop, components)
    if name in objects:
        return objects[name]
    if name.endswith("_ids") and name[:-1] in objects:
        return [objects[name[:-1]]]
    if "enum" in prop:
        return prop["enum"][0]
    if "anyOf" in prop:
        return _value(name, prop["anyOf"][0], objects, components)
    return {"integer": 1, "boolean": False, "array": [], "number": 1}.get(prop.get("type"), "x")


def _api_operations_naming_objects() -> list[tuple[str, str, str, list[str]]]:
    """(method, path, where, names) of operations that take an object's id in the query string
    or the JSON body (lists and filters that could otherwise leak or change foreign rows)."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, operations in schema["paths"].items():
        if re.search(r"\{(\w+)\}", path):
            continue  # covered above, by the path
        for method, operation in operations.items():
            query = [
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter["in"] == "query" and parameter["name"].endswith("_id")
            ]
            if query:
                found.append((method.upper(), path, "query", query))
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                properties = _schema_of(body["schema"], components).get("properties", {})
                named = [name for name in properties if name.endswith(("_id", "_ids"))]
                if named:
                    found.append((method.upper(), path, "body", named))
    return found


@pytest.mark.parametrize("username", ROLES)
def test_no_role_reaches_another_regencys_objects_by_naming_them_in_a_request(
    foreign, demo, username
):
    client = client_for(demo[username])
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    before = _snapshot()
    for method, path, where, names in _api_operations_naming_objects():
        url = "/api/v1" + path
        if where == "query":
            for name in names:
                if name not in foreign:
                    continue
                response = client.get(url, {name: foreign[name]})
                assert response.status_code in {404, 422, 200}, (username, url, name)
                text = response.content.decode()
                assert not any(word in text for word in FOREIGN_NAMES), (username, url, name)
            continue
        operation = schema["paths"][path][method.lower()]
        body_schema = _schema_of(
            operation["requestBody"]["content"]["application/json"]["schema"], components
        )
        body = {
            name: _value(name, prop, foreign, components)
            for name, prop in body_schema.get("properties", {}).items()
        }
        response = getattr(client, method.lower())(url, body, content_type="application/json")
        assert response.status_code in {403, 404, 409, 422}, (username, url, response.status_code)
        assert not any(word in response.content.decode() for word in FOREIGN_NAMES)
    assert _snapshot() == before
