from django.db import migrations, models


def mark_chosen_zones(apps, schema_editor) -> None:
    """A person whose zone is not the default chose it: they are not asked again."""
    User = apps.get_model("members", "User")
    User.objects.exclude(time_zone="UTC").update(time_zone_chosen=True)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_create_role_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="time_zone_chosen",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_chosen_zones, migrations.RunPython.noop),
    ]
