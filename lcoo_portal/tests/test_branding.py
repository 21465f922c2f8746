"""The coalition's names come from the settings: another coalition runs the portal without editing templates."""

import pytest
from django.core import mail
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import get_template

import lcoo_portal

pytestmark = pytest.mark.django_db

OTHER = {
    "PORTAL_COALITION_NAME": "Open Edge Carriers",
    "PORTAL_COALITION_SHORT_NAME": "OEC",
    "PORTAL_COALITION_DESCRIPTION": "Carriers who run the edge together.",
    "PORTAL_NAME": "OEC Portal",
    "PORTAL_CONTACT_EMAIL": "clerk@oec.example",
}


@pytest.fixture
def other_coalition(settings):
    for name, value in OTHER.items():
        setattr(settings, name, value)


def test_home_and_footer_name_the_configured_coalition(client, other_coalition):
    page = client.get("/").content.decode()
    assert "Open Edge Carriers" in page
    assert "Carriers who run the edge together." in page
    assert "clerk@oec.example" in page
    assert f"OEC Portal {lcoo_portal.__version__}" in page
    assert "Large Contributing" not in page and "LCOO" not in page


def test_the_500_page_names_the_configured_portal(other_coalition):
    page = get_template("500.html").render()
    assert "OEC Portal" in page and "LCOO" not in page


def test_calendars_and_feed_name_the_configured_coalition(client, other_coalition):
    assert b"X-WR-CALNAME:OEC meetings" in client.get("/meetings/calendar.ics").content
    feed = client.get("/meetings/feed/").content.decode()
    assert "OEC meetings" in feed and "OEC Secretariat" in feed and "LCOO" not in feed


def test_mail_templates_name_the_configured_coalition(other_coalition):
    context = {"recipient": None, "company": {"name": "ACME"}, "role_label": "Coordinator", "invited_by": ""}
    for name in ("person_invited.txt", "person_invited.html", "person_invited_subject.txt", "_footer.txt"):
        text = get_template(f"emails/{name}").render(context)
        assert "LCOO" not in text and "Large Contributing" not in text, name
    assert "Open Edge Carriers (OEC)" in get_template("emails/person_invited.txt").render(context)
    assert mail.outbox == []


def test_an_unknown_brand_name_is_a_template_error():
    with pytest.raises(TemplateSyntaxError, match="unknown name"):
        Template('{% brand "slogan" %}').render(Context())
