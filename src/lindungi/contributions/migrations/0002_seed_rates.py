"""Seed the rate tables from data/rates-2026-11.json (the regulations in force in November 2026).

Later versions are added with `lindungi rates add` (or a migration with a new file), never by
editing that file: this migration must give the same table on every database.
"""

from django.db import migrations

from lindungi.contributions.seed import SEED_FILE, read_seed_rows


def seed(apps, schema_editor):
    rate_version = apps.get_model("contributions", "RateVersion")
    rate_version.objects.bulk_create(rate_version(**row) for row in read_seed_rows(SEED_FILE))


def unseed(apps, schema_editor):
    apps.get_model("contributions", "RateVersion").objects.filter(created_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("contributions", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
