"""API tokens expire: existing tokens get 90 days from their creation."""

from datetime import timedelta

import django.utils.timezone
from django.db import migrations, models


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.update(expires_at=models.F("created_at") + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_jaksa")]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
