from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workers", "0002_version"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="duplicatecandidate",
            index=models.Index(
                fields=["status", "-similarity", "id"], name="duplicate_queue_order_idx"
            ),
        ),
    ]
