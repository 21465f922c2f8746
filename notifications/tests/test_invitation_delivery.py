"""An invitation is one mail, sent by a real worker through the outbox, whose link sets a password."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from members.models import RoleAssignment, RoleGroup, User
from members.services import person_invite
from members.tests.factories import CompanyFactory, UserFactory
from notifications.models import OutboxMessage
from notifications.tests.smtp import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_an_invitation_is_delivered_once_by_the_worker_and_its_link_sets_a_password(
    smtp, worker, fast_outbox, settings
):
    settings.PORTAL_BASE_URL = "http://testserver"
    company = CompanyFactory(name="AT&T", slug="att")
    inviter = UserFactory(email="secretariat@example.org", display_name="Sam Secretariat")
    # the Secretariat names people directly; anyone else sends an invitation they accept first
    inviter.groups.add(Group.objects.get_or_create(name=RoleGroup.SECRETARIAT)[0])
    with worker():
        user, _, created = person_invite(
            company=company, email="new.person@example.org", role=RoleAssignment.Role.COORDINATOR, by=inviter
        )
        assert wait_until(lambda: smtp.accepted >= 1 and OutboxMessage.objects.filter(status="sent").exists())
    assert created
    assert smtp.copies_by_recipient() == {"new.person@example.org": 1}
    message = smtp.messages[0]
    assert message["Subject"] == "You are now coordinator for AT&T on the LCOO Portal"
    assert message["List-Unsubscribe"] is None, "an invitation is mandatory mail"
    text = message.get_body(("plain",)).get_content()
    assert "Sam Secretariat has named you coordinator for AT&T" in text
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", text).group(1)

    client = Client()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "a-new-long-passphrase-42", "password2": "a-new-long-passphrase-42"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("a-new-long-passphrase-42")
