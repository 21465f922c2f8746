"""Every form that takes a time zone offers the searchable list of zones and refuses a name that is no zone."""

from django.urls import reverse

from members.forms import CompanyCreateForm, CompanyProfileForm, ProfileForm


def test_every_zone_field_uses_the_searchable_list():
    for form, name in [
        (ProfileForm(), "time_zone"),
        (CompanyProfileForm(), "hq_time_zone"),
        (CompanyCreateForm(), "hq_time_zone"),
    ]:
        widget = form.fields[name].widget
        assert widget.input_type == "text" and widget.attrs["list"] == "zone-list", (form, name)
        assert "common zones come first" in form.fields[name].help_text


def test_the_profile_page_renders_the_list_it_points_to(client_for, member_user):
    html = client_for(member_user).get(reverse("profile")).content.decode()
    assert 'list="zone-list"' in html and '<datalist id="zone-list">' in html
    assert '<option value="Europe/Paris">' in html


def test_a_typed_name_that_is_no_zone_is_refused_and_nothing_changes(client_for, member_user):
    response = client_for(member_user).post(
        reverse("profile"), {"display_name": "Member", "time_zone": "Mars/Olympus", "irc_nick": ""}
    )
    assert response.status_code == 200
    assert "Mars/Olympus is not one of the available choices" in response.content.decode()
    member_user.refresh_from_db()
    assert str(member_user.time_zone) == "UTC"
