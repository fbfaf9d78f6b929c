"""The database checks bill lines and allocations once per statement instead of once per row.

A billing run inserts a million lines in one statement, a payment statement a hundred thousand
allocations; PostgreSQL's foreign keys would check each row once per reference, each check an
index probe and a row lock, which triples a run's time. Instead, after each statement, over the
new rows (a transition table), the database checks what foreign keys check and more:

- a bill line names an existing enrolment and an existing bill *of the line's sponsor*;
- an allocation applies money to an existing regular bill, from an existing payment or credit
  note *of the same sponsor*, and no bill, credit note or payment is ever allocated beyond its
  total (the sum over all its allocations, which no row-level constraint can see);
- deleting a bill, a payment or an enrolment that a line or an allocation names is refused.

PostgreSQL: statement-level triggers with transition tables, each query run with EXECUTE so
that it is planned for that statement's number of rows (a hash join for a run's million, index
probes for a payment's few). SQLite (no transition tables; its row triggers are cheap): the same
checks per row.
"""

from django.db import migrations

# ruff: noqa: S608 - the SQL below is DDL built from this module's own constants

LINE_FAILED = (
    "billline_references: a bill line must name an existing enrolment and an existing bill "
    "of the same sponsor as the line"
)
ALLOCATION_FAILED = (
    "allocation_references: an allocation must apply a payment or a credit note to a regular "
    "bill of the same sponsor"
)
OVER_ALLOCATED = (
    "allocation_within_totals: a bill, a credit note or a payment would be allocated beyond "
    "its amount"
)
IN_USE = "billing_in_use: a bill line or an allocation names this row"

POSTGRES = [
    f"""
    CREATE FUNCTION billing_billline_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        broken bigint;
    BEGIN
        EXECUTE 'SELECT COUNT(*) FROM new_rows n LEFT JOIN billing_bill b '
            'ON b.id = n.bill_id AND b.sponsor_id = n.sponsor_id WHERE b.id IS NULL'
            INTO broken;
        IF broken = 0 THEN
            EXECUTE 'SELECT COUNT(*) FROM new_rows n LEFT JOIN programs_enrolment e '
                'ON e.id = n.enrolment_id WHERE e.id IS NULL'
                INTO broken;
        END IF;
        IF broken > 0 THEN
            RAISE EXCEPTION '{LINE_FAILED}' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION billing_allocation_check() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        broken bigint;
    BEGIN
        EXECUTE 'SELECT COUNT(*) FROM new_rows n '
            'LEFT JOIN billing_bill b ON b.id = n.bill_id AND b.kind = ''regular'' '
            'LEFT JOIN billing_payment p ON p.id = n.payment_id '
            'LEFT JOIN billing_bill c ON c.id = n.credit_id AND c.kind = ''credit'' '
            'WHERE b.id IS NULL '
            'OR (n.payment_id IS NOT NULL AND p.sponsor_id IS DISTINCT FROM b.sponsor_id) '
            'OR (n.credit_id IS NOT NULL AND c.sponsor_id IS DISTINCT FROM b.sponsor_id)'
            INTO broken;
        IF broken > 0 THEN
            RAISE EXCEPTION '{ALLOCATION_FAILED}' USING ERRCODE = 'foreign_key_violation';
        END IF;
        EXECUTE 'SELECT COUNT(*) FROM (SELECT DISTINCT bill_id FROM new_rows) t '
            'JOIN billing_bill b ON b.id = t.bill_id WHERE b.total < '
            '(SELECT SUM(a.amount) FROM billing_allocation a WHERE a.bill_id = t.bill_id)'
            INTO broken;
        IF broken = 0 THEN
            EXECUTE 'SELECT COUNT(*) FROM (SELECT DISTINCT credit_id FROM new_rows '
                'WHERE credit_id IS NOT NULL) t JOIN billing_bill c ON c.id = t.credit_id '
                'WHERE -c.total < (SELECT SUM(a.amount) FROM billing_allocation a '
                'WHERE a.credit_id = t.credit_id)'
                INTO broken;
        END IF;
        IF broken = 0 THEN
            EXECUTE 'SELECT COUNT(*) FROM (SELECT DISTINCT payment_id FROM new_rows '
                'WHERE payment_id IS NOT NULL) t JOIN billing_payment p ON p.id = t.payment_id '
                'WHERE p.amount < (SELECT SUM(a.amount) FROM billing_allocation a '
                'WHERE a.payment_id = t.payment_id)'
                INTO broken;
        END IF;
        IF broken > 0 THEN
            RAISE EXCEPTION '{OVER_ALLOCATED}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION billing_in_use() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        in_use boolean := false;
    BEGIN
        IF TG_TABLE_NAME = 'billing_bill' THEN
            SELECT EXISTS (SELECT 1 FROM old_rows o JOIN billing_billline l ON l.bill_id = o.id)
                OR EXISTS (SELECT 1 FROM old_rows o JOIN billing_allocation a
                           ON a.bill_id = o.id OR a.credit_id = o.id)
                INTO in_use;
        ELSIF TG_TABLE_NAME = 'billing_payment' THEN
            SELECT EXISTS (SELECT 1 FROM old_rows o JOIN billing_allocation a
                           ON a.payment_id = o.id)
                INTO in_use;
        ELSIF TG_TABLE_NAME = 'programs_enrolment' THEN
            SELECT EXISTS (SELECT 1 FROM old_rows o JOIN billing_billline l
                           ON l.enrolment_id = o.id)
                INTO in_use;
        END IF;
        IF in_use THEN
            RAISE EXCEPTION '{IN_USE}' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
    END $$
    """,
    *[
        f"""
        CREATE TRIGGER {name} AFTER {event} ON {table}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()
        """
        for name, event, table, function in [
            ("billline_check_insert", "INSERT", "billing_billline", "billing_billline_check"),
            ("billline_check_update", "UPDATE", "billing_billline", "billing_billline_check"),
            ("allocation_check_insert", "INSERT", "billing_allocation", "billing_allocation_check"),
            ("allocation_check_update", "UPDATE", "billing_allocation", "billing_allocation_check"),
        ]
    ],
    *[
        f"""
        CREATE TRIGGER {name} AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION billing_in_use()
        """
        for name, table in [
            ("billing_bill_in_use", "billing_bill"),
            ("billing_payment_in_use", "billing_payment"),
            ("billing_enrolment_in_use", "programs_enrolment"),
        ]
    ],
]
POSTGRES_REVERSE = [
    "DROP TRIGGER billing_enrolment_in_use ON programs_enrolment",
    "DROP TRIGGER billing_payment_in_use ON billing_payment",
    "DROP TRIGGER billing_bill_in_use ON billing_bill",
    "DROP TRIGGER allocation_check_update ON billing_allocation",
    "DROP TRIGGER allocation_check_insert ON billing_allocation",
    "DROP TRIGGER billline_check_update ON billing_billline",
    "DROP TRIGGER billline_check_insert ON billing_billline",
    "DROP FUNCTION billing_in_use()",
    "DROP FUNCTION billing_allocation_check()",
    "DROP FUNCTION billing_billline_check()",
]

_LINE_BROKEN = """
    NOT EXISTS (SELECT 1 FROM billing_bill b
                WHERE b.id = NEW.bill_id AND b.sponsor_id = NEW.sponsor_id)
    OR NOT EXISTS (SELECT 1 FROM programs_enrolment e WHERE e.id = NEW.enrolment_id)
"""
_ALLOCATION_BROKEN = """
    NOT EXISTS (SELECT 1 FROM billing_bill b WHERE b.id = NEW.bill_id AND b.kind = 'regular')
    OR (NEW.payment_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM billing_payment p JOIN billing_bill b ON b.id = NEW.bill_id
        WHERE p.id = NEW.payment_id AND p.sponsor_id = b.sponsor_id))
    OR (NEW.credit_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM billing_bill c JOIN billing_bill b ON b.id = NEW.bill_id
        WHERE c.id = NEW.credit_id AND c.kind = 'credit' AND c.sponsor_id = b.sponsor_id))
"""
_OVER = """
    (SELECT SUM(amount) FROM billing_allocation WHERE bill_id = NEW.bill_id)
        > (SELECT total FROM billing_bill WHERE id = NEW.bill_id)
    OR (NEW.credit_id IS NOT NULL
        AND (SELECT SUM(amount) FROM billing_allocation WHERE credit_id = NEW.credit_id)
            > -(SELECT total FROM billing_bill WHERE id = NEW.credit_id))
    OR (NEW.payment_id IS NOT NULL
        AND (SELECT SUM(amount) FROM billing_allocation WHERE payment_id = NEW.payment_id)
            > (SELECT amount FROM billing_payment WHERE id = NEW.payment_id))
"""
SQLITE = [
    f"""
    CREATE TRIGGER billline_check_insert BEFORE INSERT ON billing_billline
    WHEN {_LINE_BROKEN} BEGIN SELECT RAISE(ABORT, '{LINE_FAILED}'); END
    """,
    f"""
    CREATE TRIGGER billline_check_update
    BEFORE UPDATE OF bill_id, sponsor_id, enrolment_id ON billing_billline
    WHEN {_LINE_BROKEN} BEGIN SELECT RAISE(ABORT, '{LINE_FAILED}'); END
    """,
    f"""
    CREATE TRIGGER allocation_check_insert BEFORE INSERT ON billing_allocation
    WHEN {_ALLOCATION_BROKEN} BEGIN SELECT RAISE(ABORT, '{ALLOCATION_FAILED}'); END
    """,
    f"""
    CREATE TRIGGER allocation_totals_insert AFTER INSERT ON billing_allocation
    WHEN {_OVER} BEGIN SELECT RAISE(ABORT, '{OVER_ALLOCATED}'); END
    """,
    f"""
    CREATE TRIGGER allocation_check_update BEFORE UPDATE ON billing_allocation
    BEGIN SELECT RAISE(ABORT, '{ALLOCATION_FAILED}'); END
    """,
    f"""
    CREATE TRIGGER billing_bill_in_use BEFORE DELETE ON billing_bill
    WHEN EXISTS (SELECT 1 FROM billing_billline WHERE bill_id = OLD.id)
      OR EXISTS (SELECT 1 FROM billing_allocation WHERE bill_id = OLD.id OR credit_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{IN_USE}'); END
    """,
    f"""
    CREATE TRIGGER billing_payment_in_use BEFORE DELETE ON billing_payment
    WHEN EXISTS (SELECT 1 FROM billing_allocation WHERE payment_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{IN_USE}'); END
    """,
    f"""
    CREATE TRIGGER billing_enrolment_in_use BEFORE DELETE ON programs_enrolment
    WHEN EXISTS (SELECT 1 FROM billing_billline WHERE enrolment_id = OLD.id)
    BEGIN SELECT RAISE(ABORT, '{IN_USE}'); END
    """,
]
SQLITE_REVERSE = [
    f"DROP TRIGGER {name}"
    for name in (
        "billing_enrolment_in_use",
        "billing_payment_in_use",
        "billing_bill_in_use",
        "allocation_check_update",
        "allocation_totals_insert",
        "allocation_check_insert",
        "billline_check_update",
        "billline_check_insert",
    )
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial"), ("programs", "0002_no_double_funding")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
