from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    """Values every page needs: the portal's name and whether sign-up is open."""
    return {"PORTAL_NAME": "LCOO Portal", "SIGNUP_OPEN": settings.PORTAL_SIGNUP_OPEN}
