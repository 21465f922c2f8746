"""Account pages (sign-in, password, MFA, profile) in the site's layout and sentence case; "contact us"
goes to the Secretariat."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/password/change/", "Change password"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accounts/email/", "Email addresses"),
        ("/accounts/profile/", "Your profile"),
    ],
)
def test_account_pages_use_the_sites_layout_and_sentence_case(client_for, member_user, url, heading):
    html = client_for(member_user).get(url).content.decode()
    assert heading in html
    assert 'class="site-header"' in html and 'aria-label="Account"' in html
    assert heading.title() not in html or heading.title() == heading


def test_the_password_reset_page_links_contact_us_to_the_secretariat(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "office@lcoo.example"
    html = client.get("/accounts/password/reset/").content.decode()
    assert "<h1>Reset your password</h1>" in html
    assert '<a href="mailto:office@lcoo.example">Contact us</a>' in html


def test_the_sign_in_page_reads_in_sentence_case(client):
    html = client.get("/accounts/login/").content.decode()
    assert "<h1>Sign in</h1>" in html and "Sign In" not in html
