from django.conf import settings
from django.http import HttpRequest

from members.models import zone_picker_options
from members.permissions import is_secretariat


def portal(request: HttpRequest) -> dict:
    """Values every page needs: the portal's name, whether sign-up is open, the viewer's standing."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": "LCOO Portal",
        "SIGNUP_OPEN": settings.PORTAL_SIGNUP_OPEN,
        "viewer_is_secretariat": bool(user and is_secretariat(user)),
        "PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
        "ZONE_OPTIONS": zone_picker_options() if user and user.is_authenticated else (),
    }
