"""What search engines read first: robots.txt opens the public record and closes the pages that are
people's own (accounts, the admin, mail delivery, invitations, search results); the sitemap lists the
public record (lcoo_portal/sitemaps.py)."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from kernel.public_record import public_record_view
from lcoo_portal.sitemaps import SITEMAPS

# Address prefixes no crawler needs: sign-in and account pages, the admin, the Secretariat's mail
# delivery, invitation links (each a secret), search results (endless, and the pages they find are listed).
CLOSED_TO_CRAWLERS = ("/accounts/", "/admin/", "/notifications/", "/members/invitations/", "/meetings/search/")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in CLOSED_TO_CRAWLERS), "Allow: /", ""]
    lines.append(f"Sitemap: {settings.PORTAL_BASE_URL}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _sitemap(request: HttpRequest) -> HttpResponse:
    response = sitemap(request, sitemaps=SITEMAPS)
    response.render()  # a TemplateResponse: the public record's cache stores content, not a template
    return response


sitemap_xml = require_GET(public_record_view(_sitemap))
