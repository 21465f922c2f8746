"""Publishing an agenda delivers exactly one mail to each subscriber and list, through a real worker on
Redis (or on the SQLite leg `make run`'s filesystem broker) and a real SMTP server."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from meetings.models import Meeting
from notifications import handlers
from notifications.models import Announcement, OutboxMessage
from notifications.services.transport import outbox_sweep
from notifications.tests.smtp import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def publish_agenda(title: str = "General meeting") -> Meeting:
    """What the meetings service does: publish, and emit in the same transaction."""
    with transaction.atomic():
        meeting = Meeting.objects.create(
            kind="general",
            title=title,
            starts_at=timezone.now().replace(microsecond=0) + timedelta(days=5),
            duration_minutes=60,
            place="Video conference",
            agenda_published_at=timezone.now(),
        )
        handlers.agenda_published(meeting=meeting)
    return meeting


def all_sent() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def expected_addresses(community) -> set[str]:
    return {person.email for person in community["people"]} | {community["list"].address}


def test_publishing_an_agenda_delivers_exactly_one_mail_to_each_subscriber_and_list(
    community, smtp, worker, fast_outbox
):
    with worker():
        publish_agenda()
        assert wait_until(lambda: smtp.accepted >= 6 and all_sent(), timeout=30)
    copies = smtp.copies_by_recipient()
    assert set(copies) == expected_addresses(community)
    assert set(copies.values()) == {1}
    assert "outsider@example.org" not in copies
    assert OutboxMessage.objects.filter(status="sent").count() == 6
    # an hour later (the clock moved through the sweeper's `now`) nothing is due again
    assert outbox_sweep(now=timezone.now() + timedelta(hours=1)) == 0


def test_the_mail_has_text_html_the_ics_the_unsubscribe_header_and_the_recipients_time(
    community, smtp, worker, fast_outbox
):
    tokyo = community["people"][2]
    with worker():
        meeting = publish_agenda()
        assert wait_until(lambda: smtp.accepted >= 6, timeout=30)
    message = next(m for m in smtp.messages if m["To"] == tokyo.email)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    local = timezone.localtime(meeting.starts_at, tokyo.time_zone)
    assert f"{local:%H:%M} JST" in text and f"{local:%H:%M} JST" in html
    assert "/notifications/unsubscribe/" in text
    assert message["List-Unsubscribe"].strip().startswith("<http")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    ics = [part for part in message.iter_attachments() if part.get_filename() == "meeting.ics"]
    assert ics and f"UID:{meeting.uid}@lcoo-portal" in ics[0].get_content()
    list_copy = next(m for m in smtp.messages if m["To"] == community["list"].address)
    assert list_copy["List-Unsubscribe"] is None


def test_a_second_emit_of_the_same_event_creates_nothing_new(community, smtp, worker, fast_outbox):
    with worker():
        meeting = publish_agenda()
        with transaction.atomic():
            handlers.agenda_published(meeting=meeting)
        assert wait_until(lambda: smtp.accepted >= 6 and all_sent(), timeout=30)
    assert Announcement.objects.count() == 1
    assert OutboxMessage.objects.count() == 6
    assert set(smtp.copies_by_recipient().values()) == {1}


def test_a_rolled_back_publication_writes_and_sends_nothing(community, smtp, worker, fast_outbox):
    with worker(), pytest.raises(RuntimeError), transaction.atomic():
        Meeting.objects.create(kind="general", title="Never", starts_at=timezone.now(), duration_minutes=60)
        handlers.agenda_published(meeting=Meeting.objects.get(title="Never"))
        raise RuntimeError("the publishing service failed after emitting")
    assert not OutboxMessage.objects.exists()
    assert smtp.accepted == 0
