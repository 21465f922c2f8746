"""With the broker down, an act that queues mail still succeeds: its rows are committed as pending and the
sweeper sends them once the broker answers; the log says so. The Celery app is pointed at a closed port."""

import logging
import socket

import pytest
from celery import current_app
from django.urls import reverse

from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from members.models import Affiliation
from notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def broker_down():
    app = current_app._get_current_object()
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.broker_transport_options = f"redis://127.0.0.1:{closed_port()}/0", {}
    app._pool = None
    app.__dict__.pop("amqp", None)
    yield
    app.conf.broker_url, app.conf.broker_transport_options = saved
    app._pool = None
    app.__dict__.pop("amqp", None)


def test_publishing_an_agenda_with_the_broker_down_succeeds_and_leaves_the_mail_for_the_sweeper(
    broker_down, client_for, secretariat, coordinator, company, django_capture_on_commit_callbacks, caplog
):
    meeting = MeetingFactory(agenda_published_at=None)
    AgendaItemFactory(meeting=meeting, title="Roll call")
    Affiliation.objects.get_or_create(user=secretariat, company=company)
    url = reverse("meetings:agenda-publish", args=[meeting.pk])
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        page = client_for(secretariat).post(url, {"confirm": "yes"})
    assert page.status_code == 302
    meeting.refresh_from_db()
    rows = OutboxMessage.objects.all()
    assert meeting.is_agenda_published and rows.exists()
    assert set(rows.values_list("status", flat=True)) == {OutboxMessage.Status.PENDING}
    assert f"{rows.count()} mail(s) wait in the outbox for the sweeper" in caplog.text
