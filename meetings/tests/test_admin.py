"""Every meetings model has an admin page: its list, its change form with inlines, its history."""

import pytest
from django.contrib import admin
from django.core import checks
from django.urls import reverse

from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Minutes, Series
from meetings.tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    DecisionFactory,
    RotationSlotFactory,
)

MODELS = [Series, Meeting, AgendaItem, Minutes, Attendance, Decision, ActionItem]


def test_every_meetings_model_is_registered_in_the_admin():
    assert all(admin.site.is_registered(model) for model in MODELS)


def test_the_admin_configuration_passes_the_system_checks():
    errors = [e for e in checks.run_checks(tags=[checks.Tags.admin]) if e.obj.__module__.startswith("meetings")]
    assert errors == []


@pytest.fixture
def rows(held_meeting, company):
    slot = RotationSlotFactory()
    return {
        Series: slot.series,
        Meeting: held_meeting,
        AgendaItem: held_meeting.agenda_items.first(),
        Minutes: held_meeting.minutes,
        Attendance: AttendanceFactory(meeting=held_meeting, company=company),
        Decision: DecisionFactory(meeting=held_meeting),
        ActionItem: ActionItemFactory(meeting=held_meeting),
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_superuser_sees_the_list_the_form_and_the_add_page(model, admin_client, rows):
    meta = model._meta
    obj = rows[model]
    for name, args in [("changelist", []), ("change", [obj.pk]), ("add", [])]:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=args)
        assert admin_client.get(url).status_code == 200, url
    search = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert admin_client.get(search, {"q": "x"}).status_code == 200


@pytest.mark.parametrize("model", [Meeting, AgendaItem, Minutes, ActionItem], ids=lambda m: m.__name__)
def test_models_with_history_show_it_in_the_admin(model, admin_client, rows):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[rows[model].pk])
    assert admin_client.get(url).status_code == 200


def test_the_series_form_has_its_rotation_inline_and_the_meeting_form_its_agenda(admin_client, rows):
    series = admin_client.get(reverse("admin:meetings_series_change", args=[rows[Series].pk])).content.decode()
    meeting = admin_client.get(reverse("admin:meetings_meeting_change", args=[rows[Meeting].pk])).content.decode()
    assert 'name="rotation-TOTAL_FORMS"' in series
    assert 'name="agenda_items-TOTAL_FORMS"' in meeting and "Joining procedure" in meeting


def test_people_without_staff_rights_cannot_open_the_meetings_admin(client_for, member_user):
    response = client_for(member_user).get(reverse("admin:meetings_meeting_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
