"""The sitemap of the public record: the pages a visitor reads without signing in (meetings with a
published agenda, motions past their draft, companies, the charter and its versions, the roadmap).
Addresses are built on `PORTAL_BASE_URL`, never on the request's Host header."""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from governance.models import CharterVersion, Motion
from meetings.models import Meeting
from members.models import Company


class PortalSitemap(Sitemap):
    """A sitemap whose addresses start with the configured base URL."""

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.PORTAL_BASE_URL).netloc

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.PORTAL_BASE_URL).scheme


class PagesSitemap(PortalSitemap):
    """The public record's standing pages."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "home",
            "members:directory",
            "meetings:index",
            "meetings:subscribe",
            "governance:index",
            "governance:motions",
            "governance:charter",
            "governance:roadmap",
            "governance:teams",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class MeetingsSitemap(PortalSitemap):
    def items(self) -> QuerySet[Meeting]:
        return Meeting.objects.visible_to(AnonymousUser()).order_by("pk")

    def lastmod(self, meeting: Meeting) -> datetime:
        return meeting.updated_at


class MotionsSitemap(PortalSitemap):
    def items(self) -> QuerySet[Motion]:
        return Motion.objects.visible_to(AnonymousUser()).order_by("pk")


class CompaniesSitemap(PortalSitemap):
    def items(self) -> QuerySet[Company]:
        return Company.objects.order_by("pk")


class CharterVersionsSitemap(PortalSitemap):
    def items(self) -> QuerySet[CharterVersion]:
        return CharterVersion.objects.order_by("number")

    def location(self, version: CharterVersion) -> str:
        return reverse("governance:charter-version", args=[version.number])


SITEMAPS = {
    "pages": PagesSitemap,
    "meetings": MeetingsSitemap,
    "motions": MotionsSitemap,
    "companies": CompaniesSitemap,
    "charter": CharterVersionsSitemap,
}
