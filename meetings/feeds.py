"""An Atom feed of published agendas and minutes (django.contrib.syndication)."""

from dataclasses import dataclass
from datetime import datetime

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
    title = "LCOO meetings: agendas and minutes"
    subtitle = "Agendas published ahead and minutes open to all."

    def link(self) -> str:
        return reverse("meetings:index")

    def items(self) -> list[Entry]:
        agendas = Meeting.objects.agenda_published().order_by("-agenda_published_at").prefetch_related("agenda_items")
        minutes = (
            Minutes.objects.filter(published_at__isnull=False)
            .select_related("meeting")
            .prefetch_related("meeting__decisions")
            .order_by("-published_at")
        )
        entries = [Entry(m, "agenda", m.agenda_published_at) for m in agendas[:ENTRIES]]
        entries += [Entry(m.meeting, "minutes", m.published_at) for m in minutes[:ENTRIES]]
        return sorted(entries, key=lambda e: e.published, reverse=True)[:ENTRIES]

    def item_title(self, item: Entry) -> str:
        if item.what == "agenda" and item.meeting.agenda_is_late_record:
            return f"Agenda (late record, published after the meeting started): {item.meeting.title}"
        return f"{'Agenda' if item.what == 'agenda' else 'Minutes'}: {item.meeting.title}"

    def item_description(self, item: Entry) -> str:
        return render_to_string("meetings/partials/_feed_entry.html", {"entry": item})

    def item_link(self, item: Entry) -> str:
        return f"{item.meeting.get_absolute_url()}#{item.what}"

    def item_guid(self, item: Entry) -> str:
        return f"urn:lcoo-portal:{item.what}:{item.meeting.uid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime:
        return item.published
