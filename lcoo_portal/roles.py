"""What the Secretariat's group may do in the admin: it keeps the records."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

# Every permission on the portal's own models and on the periodic-task schedules, and managing people
# (not groups or permissions).
SECRETARIAT_APPS = ("members", "meetings", "governance", "notifications", "django_celery_beat")
SECRETARIAT_USER_PERMISSIONS = ("view_user", "add_user", "change_user")


def secretariat_grant_permissions(apps) -> None:
    """Give the Secretariat group its permissions; `apps` is a migration's app registry or the live one."""
    for label in (*SECRETARIAT_APPS, "auth"):
        # the installed app config says the app has models; `apps` supplies the models themselves
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    secretariat.permissions.add(*Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS))
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label="members", codename__in=SECRETARIAT_USER_PERMISSIONS)
    )
