"""Single sign-on in a browser (issue 20): the sign-in page's button to the test provider (e2e/idp) and back,
signed in; then the account page lists the identity."""

import copy

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from e2e.conftest import axe_serious_violations
from lcoo_portal.sso_config import provider_origins, socialaccount_providers
from members.tests.factories import UserFactory


@pytest.fixture
def portal_with_provider(identity_provider, live_server, settings, transactional_db):
    providers = [
        {
            "id": "testid",
            "name": "Test ID",
            "issuer": identity_provider.issuer,
            "client_id": "lcoo-portal-e2e",
            "client_secret": "lcoo-portal-e2e-secret",
            "trust_email": True,
            "trust_mfa": False,
        }
    ]
    identity_provider.client(
        "lcoo-portal-e2e", "lcoo-portal-e2e-secret", [f"{live_server.url}/accounts/oidc/testid/login/callback/"]
    )
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(providers)
    # as settings.py composes it from OIDC_*: the button's form is redirected to the provider
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], *provider_origins(providers)]
    settings.CONTENT_SECURITY_POLICY = policy
    return identity_provider


def test_the_sign_in_button_goes_to_the_provider_and_comes_back_signed_in(page, portal_with_provider):
    ada = UserFactory(email="ada@example.org", display_name="Ada Lovelace")
    EmailAddress.objects.create(user=ada, email=ada.email, verified=True, primary=True)
    username = portal_with_provider.person("ada@example.org", email_verified=True)

    page.goto("/accounts/login/")
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Sign in with Test ID").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Test identity provider")
    assert page.url.startswith(portal_with_provider.url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("idp-password")
    page.get_by_role("button", name="Sign in to the provider").click()

    expect(page.get_by_test_id("current-user")).to_have_text("Ada Lovelace")
    assert SocialAccount.objects.get().user == ada

    page.goto("/accounts/profile/")
    identities = page.get_by_test_id("identities")
    expect(identities).to_contain_text("Test ID (ada@example.org)")
    expect(page.get_by_role("button", name="Unlink Test ID")).to_be_visible()
