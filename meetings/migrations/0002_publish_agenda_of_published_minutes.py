"""Meetings whose minutes were published while their agenda never was: publish the agenda record with
the minutes (the rule `minutes_publish` now applies), so the page no longer answers 404 to what the
feed, the actions page and search link to."""

from django.db import migrations
from django.db.models import F


def publish_agenda_records(apps, schema_editor) -> None:
    Meeting = apps.get_model("meetings", "Meeting")
    Minutes = apps.get_model("meetings", "Minutes")
    for minutes in Minutes.objects.filter(published_at__isnull=False, meeting__agenda_published_at__isnull=True):
        Meeting.objects.filter(pk=minutes.meeting_id).update(
            agenda_published_at=minutes.published_at,
            agenda_published_by=minutes.published_by_id,
            sequence=F("sequence") + 1,
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(publish_agenda_records, migrations.RunPython.noop)]
