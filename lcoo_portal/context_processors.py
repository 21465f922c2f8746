from django.conf import settings
from django.http import HttpRequest

from members.permissions import is_secretariat


def portal(request: HttpRequest) -> dict:
    """Values every page needs: the portal's name, whether sign-up is open, the viewer's standing."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": "LCOO Portal",
        "SIGNUP_OPEN": settings.PORTAL_SIGNUP_OPEN,
        "viewer_is_secretariat": bool(user and is_secretariat(user)),
    }
