import functools

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from members.models import zone_picker_options
from members.permissions import is_secretariat


def portal(request: HttpRequest) -> dict:
    """Values every page needs: the portal's name, whether sign-up is open, the viewer's standing."""
    user = getattr(request, "user", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "SIGNUP_OPEN": settings.PORTAL_SIGNUP_OPEN,
        "viewer_is_secretariat": bool(user and is_secretariat(user)),
        "PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL,
        "ZONE_DATALIST": zone_datalist() if user and user.is_authenticated else "",
    }


@functools.cache
def zone_datalist() -> SafeString:
    """The footer picker's ~400 zone options, rendered once per process (a loop in the template cost
    about a millisecond on every signed-in page)."""
    return format_html_join("", '<option value="{}">', ((zone,) for zone in zone_picker_options()))
