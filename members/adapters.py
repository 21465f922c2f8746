from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed unless PORTAL_SIGNUP_OPEN says otherwise: the Secretariat invites people."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.PORTAL_SIGNUP_OPEN
