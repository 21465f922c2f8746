"""The first run of a new installation: the operator's account and the first Secretariat member.

Neither account gets a password here: each gets a link to set their own (the password-reset token,
valid for PASSWORD_RESET_TIMEOUT, three days by default), so no password passes through a terminal or
a shell history. With PORTAL_REQUIRE_MFA on (the default with DEBUG off) both are sent to set up a second
factor at their first sign-in, before anything else opens.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from members.models import RoleGroup, User
from members.services import set_password_url


@transaction.atomic
def first_accounts_create(
    *, operator_email: str, operator_name: str, secretariat_email: str, secretariat_name: str
) -> dict[str, tuple[User, str]]:
    """Create the operator (superuser) and the first Secretariat member (staff, in the Secretariat group),
    each with a verified address and a link to set a password. Refused once the installation has an
    operator: from then on people are added through the portal and the admin."""
    existing = User.objects.filter(is_superuser=True).values_list("email", flat=True).first()
    if existing:
        raise ValidationError(
            f"This installation already has an operator ({existing}); add people through the portal and the admin."
        )
    operator_email, secretariat_email = operator_email.strip().lower(), secretariat_email.strip().lower()
    for email in (operator_email, secretariat_email):
        validate_email(email)
    if operator_email == secretariat_email:
        raise ValidationError(
            "The operator and the Secretariat need two accounts: the operator's runs the installation, the "
            "Secretariat's the coalition's records."
        )
    if User.objects.filter(Q(email__iexact=operator_email) | Q(email__iexact=secretariat_email)).exists():
        raise ValidationError("An account with one of these addresses exists already.")
    operator = _account(operator_email, operator_name, is_staff=True, is_superuser=True)
    clerk = _account(secretariat_email, secretariat_name, is_staff=True)
    clerk.groups.add(Group.objects.get_or_create(name=RoleGroup.SECRETARIAT)[0])
    return {"operator": (operator, set_password_url(operator)), "secretariat": (clerk, set_password_url(clerk))}


def _account(email: str, name: str, **flags: bool) -> User:
    user = User(email=email, display_name=name.strip(), **flags)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user
