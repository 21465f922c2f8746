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


def test_a_person_unlinks_and_links_again_from_the_account_page(page, sign_in, portal_with_provider):
    ada = UserFactory(email="ada@example.org", display_name="Ada Lovelace", password="lcoo-demo-2026")
    EmailAddress.objects.create(user=ada, email=ada.email, verified=True, primary=True)
    username = portal_with_provider.person("ada.lovelace@corp.example", email_verified=False)
    sign_in("ada@example.org")
    expect(page.get_by_test_id("current-user")).to_have_text("Ada Lovelace")

    page.goto("/accounts/profile/")
    expect(page.get_by_text("No identity is linked")).to_be_visible()
    assert axe_serious_violations(page) == []
    page.get_by_role("button", name="Link Test ID").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("idp-password")
    page.get_by_role("button", name="Sign in to the provider").click()

    expect(page.get_by_test_id("identities")).to_contain_text("Test ID (ada.lovelace@corp.example)")
    assert SocialAccount.objects.get().user == ada

    page.get_by_role("button", name="Unlink Test ID").click()
    expect(page.get_by_role("status")).to_contain_text("Test ID is unlinked")
    expect(page.get_by_text("No identity is linked")).to_be_visible()
    assert not SocialAccount.objects.exists()


def test_an_invitation_is_accepted_by_signing_in_with_the_provider(page, portal_with_provider):
    from members.models import Affiliation, RoleAssignment
    from members.services import company_invitation_create, role_assign
    from members.tests.factories import CompanyFactory

    company = CompanyFactory(name="Example Cloud", slug="example-cloud")
    coordinator = UserFactory(email="coordinator@example-cloud.example", display_name="Cora Ordinator")
    Affiliation.objects.create(user=coordinator, company=company)
    role_assign(company=company, user=coordinator, role=RoleAssignment.Role.COORDINATOR, by=None)
    invitation = company_invitation_create(company=company, email="new.hire@example.org", role="", by=coordinator)
    username = portal_with_provider.person("new.hire@example.org", email_verified=False)

    page.goto(invitation.get_absolute_url())
    page.get_by_role("button", name="Sign in with Test ID").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("idp-password")
    page.get_by_role("button", name="Sign in to the provider").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Join Example Cloud")
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("You are now with Example Cloud")
    assert Affiliation.objects.current().filter(user__email="new.hire@example.org", company=company).exists()
