"""An Atom feed of decided motions, each with its result and the head of its record (governance.anchor):
a board member's feed reader keeps a copy of every head outside the portal's database."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from governance.anchor import head_line
from governance.models import Motion

ENTRIES = 50


class DecisionsFeed(Feed):
    feed_type = Atom1Feed
    title = "LCOO board: decided motions"
    subtitle = "Each decision with its result and the head hash of its verifiable record."
    author_name = "LCOO Secretariat"

    def author_link(self) -> str:
        return f"{settings.PORTAL_BASE_URL}/"

    def link(self) -> str:
        return f"{settings.PORTAL_BASE_URL}{reverse('governance:motions')}"

    def feed_url(self) -> str:
        return f"{settings.PORTAL_BASE_URL}{reverse('governance:feed')}"

    def items(self) -> list[Motion]:
        decided = Motion.objects.closed().exclude(log_head="").exclude(closed_at=None)
        return list(decided.order_by("-closed_at", "-pk")[:ENTRIES])

    def item_title(self, item: Motion) -> str:
        return f"{item.get_status_display()}: {item.title}"

    def item_description(self, item: Motion) -> str:
        return f"{item.result_text}\n{head_line(item)}"

    def item_link(self, item: Motion) -> str:
        return f"{settings.PORTAL_BASE_URL}{item.get_absolute_url()}"

    def item_guid(self, item: Motion) -> str:
        return f"urn:lcoo-portal:motion:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Motion) -> object:
        return item.closed_at
