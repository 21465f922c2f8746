"""The Secretariat keeps the records but does not decide: view everything of the portal's apps, change only
what the admin routes through the services. Frozen here; lcoo_portal/roles.py holds the live list and a
test keeps the two equal."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("members", "meetings", "governance", "notifications", "django_celery_beat")

SECRETARIAT_PERMISSIONS = [
    ("django_celery_beat", "view_clockedschedule"),
    ("django_celery_beat", "view_crontabschedule"),
    ("django_celery_beat", "view_intervalschedule"),
    ("django_celery_beat", "view_periodictask"),
    ("django_celery_beat", "view_periodictasks"),
    ("django_celery_beat", "view_solarschedule"),
    ("governance", "view_ballot"),
    ("governance", "view_candidate"),
    ("governance", "view_charterversion"),
    ("governance", "view_historicalballot"),
    ("governance", "view_historicalroadmapitem"),
    ("governance", "view_motion"),
    ("governance", "view_motionlogentry"),
    ("governance", "view_motiontransition"),
    ("governance", "view_objection"),
    ("governance", "view_officerterm"),
    ("governance", "view_roadmapentry"),
    ("governance", "view_roadmapitem"),
    ("governance", "view_roadmapquarter"),
    ("governance", "view_roadmapvector"),
    ("meetings", "view_actionitem"),
    ("meetings", "view_agendaitem"),
    ("meetings", "view_attendance"),
    ("meetings", "view_decision"),
    ("meetings", "view_historicalactionitem"),
    ("meetings", "view_historicalagendaitem"),
    ("meetings", "view_historicalmeeting"),
    ("meetings", "view_historicalminutes"),
    ("meetings", "view_meeting"),
    ("meetings", "view_minutes"),
    ("meetings", "view_rotationslot"),
    ("meetings", "view_series"),
    ("members", "add_roleassignment"),
    ("members", "change_affiliation"),
    ("members", "change_company"),
    ("members", "change_roleassignment"),
    ("members", "change_user"),
    ("members", "view_affiliation"),
    ("members", "view_company"),
    ("members", "view_historicalaffiliation"),
    ("members", "view_historicalcompany"),
    ("members", "view_historicalroleassignment"),
    ("members", "view_membershiptransition"),
    ("members", "view_roleassignment"),
    ("members", "view_team"),
    ("members", "view_teammembership"),
    ("members", "view_user"),
    ("notifications", "view_announcement"),
    ("notifications", "view_listaddress"),
    ("notifications", "view_meetingsubscription"),
    ("notifications", "view_outboxmessage"),
    ("notifications", "view_preference"),
]


def _permissions(apps):
    for label in (*APPS, "auth"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    return Group.objects.get_or_create(name="Secretariat")[0], Permission.objects.select_related("content_type")


def limit(apps, schema_editor) -> None:
    secretariat, permissions = _permissions(apps)
    wanted = set(SECRETARIAT_PERMISSIONS)
    secretariat.permissions.set([p for p in permissions if (p.content_type.app_label, p.codename) in wanted])


def widen(apps, schema_editor) -> None:
    """Back to 0001: every permission on the portal's models and the schedules, and managing people."""
    secretariat, permissions = _permissions(apps)
    secretariat.permissions.set(
        [
            p
            for p in permissions
            if p.content_type.app_label in APPS
            or (p.content_type.app_label == "members" and p.codename in {"view_user", "add_user", "change_user"})
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("lcoo_portal", "0001_grant_secretariat_permissions")]

    operations = [migrations.RunPython(limit, widen)]
