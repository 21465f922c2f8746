import functools
import time

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
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
        # what a page that says nothing of itself is described as, to search engines and in shared links
        "PORTAL_DESCRIPTION": f"{settings.PORTAL_COALITION_NAME}: {settings.PORTAL_COALITION_DESCRIPTION}",
        "canonical_url": canonical_url(request),
        "feed_url": f"{settings.PORTAL_BASE_URL}{reverse('meetings:feed')}",
        # called by the template only where it shows the header's count (a signed-in page)
        "waiting_count": functools.partial(waiting_count, request),
    }


# The header's count may lag this long behind what only time changes (a deadline passing, mail failing);
# any change to the record itself (a stance, a ballot, an invitation) moves the public record's version.
WAITING_COUNT_SECONDS = 300


def waiting_count(request: HttpRequest) -> int:
    """How many things wait for the signed-in person: the home page's queue, counted (one truth).

    The home page has built the queue already and counts it; any other page reads the count kept per
    person and version of the public record (a few minutes at most), so the header costs no query there."""
    # the project package's home composes every app; imported here, at call time, as views do
    from kernel.fragments import cached_data
    from lcoo_portal.home import next_steps_for

    if getattr(request, "_next_steps", None) is not None:
        return request._next_steps.waiting
    window = int(time.time() // WAITING_COUNT_SECONDS)
    return cached_data(
        request, request.user, "waiting-count", (request.user.pk, window), lambda: next_steps_for(request).waiting
    )


# The query parameters that choose a different page of the record (the rest only filter or sort a view).
CANONICAL_PARAMETERS = ("page", "year", "kind")


def canonical_url(request: HttpRequest) -> str:
    """The page's address at the configured base URL (never the request's Host), with only the query
    parameters that make it another page."""
    query = [(key, request.GET[key]) for key in CANONICAL_PARAMETERS if request.GET.get(key)]
    return f"{settings.PORTAL_BASE_URL}{request.path}{'?' + urlencode(query) if query else ''}"


@functools.cache
def zone_datalist() -> SafeString:
    """The footer picker's ~400 zone options, rendered once per process (a loop in the template cost
    about a millisecond on every signed-in page)."""
    return format_html_join("", '<option value="{}">', ((zone,) for zone in zone_picker_options()))
