import pytest
from django.test import Client, override_settings
from django.urls import path


@pytest.mark.django_db
def test_home_page_links_to_every_section(client: Client):
    html = client.get("/").content.decode()
    for href in ['href="/members/"', 'href="/meetings/"', 'href="/governance/"', 'href="/accounts/login/']:
        assert href in html


@pytest.mark.django_db
def test_unknown_url_gets_a_styled_404(client: Client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"portal.css" in response.content


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gets_a_styled_500_without_a_stack_trace():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"RuntimeError" not in response.content


def test_only_the_secretariat_sees_the_mail_delivery_link(client_for, secretariat, member_user):
    assert b"Mail delivery" in client_for(secretariat).get("/").content
    assert b"Mail delivery" not in client_for(member_user).get("/").content
    assert b"Mail delivery" not in client_for(None).get("/").content


def test_account_pages_link_to_mail_preferences(client_for, member_user):
    assert b'href="/notifications/preferences/"' in client_for(member_user).get("/accounts/profile/").content


def test_the_secretariat_sees_the_portals_records_in_the_admin_but_changes_only_through_services(
    client_for, secretariat, member_user
):
    assert secretariat.has_perm("members.change_company")
    assert secretariat.has_perm("meetings.view_meeting")
    assert not secretariat.has_perm("meetings.change_meeting")
    assert secretariat.has_perm("governance.view_motion")
    assert secretariat.has_perm("django_celery_beat.view_periodictask")
    assert not secretariat.has_perm("django_celery_beat.change_periodictask")
    assert not secretariat.has_perm("auth.change_permission")
    response = client_for(secretariat).get("/admin/")
    assert b"Companies" in response.content and b"Meetings" in response.content
