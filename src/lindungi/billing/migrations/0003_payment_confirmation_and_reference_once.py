"""Payments held for a second officer, and a payment by hand recorded once per sponsor, channel
and reference (issue 16, finding 11).

Before the constraint, a sponsor's repeated references are looked for: recorded money is never
changed by a migration, so the migration stops and names them for a human to settle. On SQLite,
adding the columns rebuilds the payments table, which drops its trigger: it is created again.
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

set_wise = importlib.import_module("lindungi.billing.migrations.0002_set_wise_checks")


def _refuse_repeated_references(apps, schema_editor):
    Payment = apps.get_model("billing", "Payment")
    repeated = (
        Payment.objects.filter(statement__isnull=True)
        .exclude(reference="")
        .values("sponsor_id", "channel", "reference")
        .annotate(count=models.Count("id"))
        .filter(count__gt=1)
        .order_by("sponsor_id")
    )
    found = [
        f"sponsor {row['sponsor_id']} {row['channel']} {row['reference']!r} x{row['count']}"
        for row in repeated[:50]
    ]
    if found:
        raise RuntimeError(
            "These payments repeat a reference of their sponsor and channel; settle them "
            "(e.g. give the later ones their real reference) before migrating: " + "; ".join(found)
        )


# SQLite's triggers that name the payments table: its rebuild fails while they exist (a rename
# checks them) and would drop the one on the table itself.
PAYMENT_TRIGGERS = ("allocation_check_insert", "allocation_totals_insert", "billing_payment_in_use")


def _sqlite_triggers_off(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in PAYMENT_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _sqlite_triggers_on(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    _sqlite_triggers_off(apps, schema_editor)
    for name in PAYMENT_TRIGGERS:
        (statement,) = [sql for sql in set_wise.SQLITE if f"TRIGGER {name} " in sql]
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_set_wise_checks"),
        ("programs", "0002_no_double_funding"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(_refuse_repeated_references, migrations.RunPython.noop),
        migrations.RunPython(_sqlite_triggers_off, _sqlite_triggers_on),
        migrations.AddField(
            model_name="payment",
            name="plausible_up_to",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="plausible up to"),
        ),
        migrations.AddField(
            model_name="payment",
            name="review_note",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                max_length=300,
                verbose_name="reason of the refusal",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="confirmed or refused"),
        ),
        migrations.AddField(
            model_name="payment",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="confirmed or refused by",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="status",
            field=models.CharField(
                choices=[
                    ("counted", "counted"),
                    ("pending", "held for a second officer"),
                    ("refused", "refused by a second officer"),
                ],
                db_default="counted",
                default="counted",
                max_length=7,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["counted", "pending", "refused"])),
                name="payment_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "counted"), ("allocated", 0), _connector="OR"),
                name="payment_only_counted_is_allocated",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("statement__isnull", True),
                    models.Q(("reference", ""), _negated=True),
                    models.Q(("status", "refused"), _negated=True),
                ),
                fields=("sponsor", "channel", "reference"),
                name="payment_reference_once",
            ),
        ),
        migrations.RunPython(_sqlite_triggers_on, _sqlite_triggers_off),
    ]
