from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="ballot", old_name="receipt", new_name="receipt_hash"),
        migrations.AlterField(
            model_name="ballot",
            name="receipt_hash",
            field=models.CharField(
                help_text="SHA-256 of the receipt shown once to the voter; the receipt is not kept.",
                max_length=64,
                unique=True,
            ),
        ),
        migrations.RenameField(model_name="historicalballot", old_name="receipt", new_name="receipt_hash"),
        migrations.AlterField(
            model_name="historicalballot",
            name="receipt_hash",
            field=models.CharField(
                db_index=True,
                help_text="SHA-256 of the receipt shown once to the voter; the receipt is not kept.",
                max_length=64,
            ),
        ),
    ]
