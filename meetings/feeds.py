"""An Atom feed of published agendas and minutes (django.contrib.syndication)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from meetings.models import Meeting, Minutes

ENTRIES = 30


@dataclass
class Entry:
    meeting: Meeting
    what: str  # "agenda" or "minutes"
    published: datetime


class PublishedFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Agendas published ahead and minutes open to all."

    def title(self) -> str:
        return f"{settings.PORTAL_COALITION_SHORT_NAME} meetings: agendas and minutes"

    # RFC 4287: every entry has an author, here given once for the feed.
    def author_name(self) -> str:
        return f"{settings.PORTAL_COALITION_SHORT_NAME} Secretariat"

    def author_link(self) -> str:
        return f"{settings.PORTAL_BASE_URL}/"

    def link(self) -> str:
        return f"{settings.PORTAL_BASE_URL}{reverse('meetings:index')}"

    def feed_url(self) -> str:
        return f"{settings.PORTAL_BASE_URL}{reverse('meetings:feed')}"

    def items(self) -> list[Entry]:
        agendas = Meeting.objects.agenda_published().order_by("-agenda_published_at").prefetch_related("agenda_items")
        minutes = (
            Minutes.objects.published()
            .select_related("meeting")
            .prefetch_related("meeting__decisions")
            .order_by("-published_at")
        )
        entries = [Entry(m, "agenda", m.agenda_published_at) for m in agendas[:ENTRIES]]
        entries += [Entry(m.meeting, "minutes", m.published_at) for m in minutes[:ENTRIES]]
        return sorted(entries, key=lambda e: e.published, reverse=True)[:ENTRIES]

    def item_title(self, item: Entry) -> str:
        if item.what == "agenda" and item.meeting.agenda_is_late_record:
            title = f"Agenda (late record, published after the meeting started): {item.meeting.title}"
        else:
            title = f"{'Agenda' if item.what == 'agenda' else 'Minutes'}: {item.meeting.title}"
        return f"Cancelled — {title}" if item.meeting.status == Meeting.Status.CANCELLED else title

    def item_description(self, item: Entry) -> str:
        return render_to_string("meetings/partials/_feed_entry.html", {"entry": item})

    def item_link(self, item: Entry) -> str:
        return f"{settings.PORTAL_BASE_URL}{item.meeting.get_absolute_url()}#{item.what}"

    def item_guid(self, item: Entry) -> str:
        return f"urn:lcoo-portal:{item.what}:{item.meeting.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime:
        """An agenda's entry is updated when its meeting changes after publication (moved, cancelled), so
        feed readers show it again; published minutes are final."""
        if item.what == "agenda":
            return max(item.published, item.meeting.updated_at)
        return item.published
