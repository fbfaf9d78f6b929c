"""The database itself refuses to fund a worker twice for the same month.

Every program covers JKK and JKM, so two held enrolments of one worker whose months overlap
would pay for the same benefit and month twice. PostgreSQL: an exclusion constraint over the
month range (btree_gist). SQLite: triggers that abort the insert or update. Rejected and
cancelled enrolments no longer hold their months.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE programs_enrolment ADD CONSTRAINT enrolment_no_double_funding
    EXCLUDE USING gist (worker_id WITH =, daterange(first_month, last_month, '[]') WITH &&)
    WHERE (status NOT IN ('rejected', 'cancelled'))
    """,
]
POSTGRES_REVERSE = [
    "ALTER TABLE programs_enrolment DROP CONSTRAINT enrolment_no_double_funding",
]

_OVERLAP = """
    NEW.status NOT IN ('rejected', 'cancelled') AND EXISTS (
        SELECT 1 FROM programs_enrolment AS held
        WHERE held.worker_id = NEW.worker_id
          AND held.id IS NOT NEW.id
          AND held.status NOT IN ('rejected', 'cancelled')
          AND held.first_month <= NEW.last_month
          AND NEW.first_month <= held.last_month
    )
"""
SQLITE = [
    f"""
    CREATE TRIGGER enrolment_no_double_funding_insert BEFORE INSERT ON programs_enrolment
    WHEN {_OVERLAP}
    BEGIN SELECT RAISE(ABORT, 'enrolment_no_double_funding'); END
    """,
    f"""
    CREATE TRIGGER enrolment_no_double_funding_update
    BEFORE UPDATE OF worker_id, first_month, last_month, status ON programs_enrolment
    WHEN {_OVERLAP}
    BEGIN SELECT RAISE(ABORT, 'enrolment_no_double_funding'); END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER enrolment_no_double_funding_insert",
    "DROP TRIGGER enrolment_no_double_funding_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
