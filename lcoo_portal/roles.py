"""What the Secretariat's group may do in the admin: it keeps the records, it does not decide.

It may look at the portal's records; it may change only what the admin routes through the portal's
services (a company's profile and status, giving and ending roles, ending an affiliation, a person's
name and time zone). Never: superuser or staff flags, passwords, groups, permissions, or anything the
board decides. The latest data migration, lcoo_portal/0006, holds a frozen copy of this list.
"""

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions

SECRETARIAT_VIEW_APPS = ("members", "meetings", "governance", "notifications", "django_celery_beat")
# guardian's per-object permission rows are nobody's business in the admin, nor people's security
# history (the addresses and browsers they sign in from: the operator's alone); a person's API tokens
# are theirs alone (seen and revoked on their account page only)
SECRETARIAT_HIDDEN_MODELS = (
    "companyuserobjectpermission",
    "companygroupobjectpermission",
    "securityevent",
    "personalaccesstoken",
)
SECRETARIAT_CHANGES = (
    ("members", "change_user"),
    ("members", "change_company"),
    ("members", "add_roleassignment"),
    ("members", "change_roleassignment"),
    ("members", "change_affiliation"),
)


def secretariat_permission_keys(apps: Apps) -> set[tuple[str, str]]:
    """(app label, codename) of every permission the Secretariat holds, for `apps`' models."""
    keys = set(SECRETARIAT_CHANGES)
    for label in SECRETARIAT_VIEW_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name not in SECRETARIAT_HIDDEN_MODELS:
                keys.add((label, f"view_{model._meta.model_name}"))
    return keys


def secretariat_grant_permissions(apps: Apps) -> None:
    """Set the Secretariat group's permissions to exactly that list (the live registry's models)."""
    for label in (*SECRETARIAT_VIEW_APPS, "auth"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="Secretariat")
    wanted = secretariat_permission_keys(apps)
    secretariat.permissions.set(
        [
            p
            for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
    )
