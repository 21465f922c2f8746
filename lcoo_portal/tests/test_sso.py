"""Single sign-on through a real OpenID Connect provider (issue 20): django-oauth-toolkit in its own process
(e2e/idp), reached over HTTP by allauth's client; the browser's part is played by the test client at the
portal and a `requests` session at the provider."""

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from lcoo_portal.sso_config import socialaccount_providers
from members.models import Affiliation, CompanyInvitation, User
from members.services import company_invitation_create
from members.sso import social_account_unlink
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROVIDER_ID = "testid"
CLIENT_ID = "lcoo-portal-tests"
CLIENT_SECRET = "lcoo-portal-tests-secret"
CALLBACK = f"http://testserver/accounts/oidc/{PROVIDER_ID}/login/callback/"


class SSO:
    """The portal configured for the test provider, and the steps of a sign-in through it."""

    def __init__(self, idp, settings) -> None:
        self.idp = idp
        self.settings = settings
        self.configure()

    def configure(self, *, trust_email: bool = False, trust_mfa: bool = False) -> None:
        self.settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
            [
                {
                    "id": PROVIDER_ID,
                    "name": "Test ID",
                    "issuer": self.idp.issuer,
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "trust_email": trust_email,
                    "trust_mfa": trust_mfa,
                }
            ]
        )

    def start(self, client: Client, **params: str) -> str:
        """Press the button: the provider's authorisation URL the portal sends the browser to."""
        url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
        response = client.post(f"{url}?{urlencode(params)}" if params else url)
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith(self.idp.url)
        return response["Location"]

    def at_provider(self, email: str, authorize_url: str, **claims) -> str:
        """The person signs in at the provider, which sends them back: the callback URL."""
        username = self.idp.person(email, **claims)
        return self.idp.authorize(self.idp.session_for(username), authorize_url)

    def sign_in(self, client: Client, email: str, **claims):
        """The whole round trip; the portal's answer to the callback."""
        return client.get(self.at_provider(email, self.start(client), **claims))


@pytest.fixture
def sso(identity_provider, settings) -> SSO:
    identity_provider.client(CLIENT_ID, CLIENT_SECRET, [CALLBACK])
    return SSO(identity_provider, settings)


def person(email: str, **kwargs) -> User:
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def signed_in_as(client: Client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def message_texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refused_by_the_flow(response) -> bool:
    return response.status_code == 401 and b"Single sign-on failed" in response.content


# --- the flow ---------------------------------------------------------------------------------------------


def test_the_authorisation_request_carries_pkce_state_and_a_nonce(sso, client):
    params = parse_qs(urlsplit(sso.start(client)).query)
    assert params["response_type"] == ["code"]
    assert params["code_challenge_method"] == ["S256"] and params["code_challenge"][0]
    assert len(params["state"][0]) >= 16
    assert len(params["nonce"][0]) >= 32
    assert set(params["scope"][0].split()) >= {"openid", "email"}
    # each sign-in its own nonce
    assert parse_qs(urlsplit(sso.start(client)).query)["nonce"] != params["nonce"]


def test_the_callback_is_the_portals_own_view():
    from django.urls import resolve

    from members import sso as sso_module

    assert resolve(urlsplit(CALLBACK).path).func is sso_module.callback


def test_a_linked_identity_signs_its_person_in(sso, client):
    ada = person("ada@example.org")
    response = sso.sign_in(client, "ada@example.org")
    SocialAccount.objects.filter(user=ada).delete()  # nothing linked yet: the first sign-in was refused
    assert signed_in_as(client) is None
    assert "not trusted to prove" in " ".join(message_texts(response))
    sso.configure(trust_email=True)
    response = sso.sign_in(Client(), "ada@example.org")
    assert response.status_code == 302
    account = SocialAccount.objects.get(user=ada)
    assert account.provider == PROVIDER_ID
    # the next time, by the identity alone, whatever the address now says
    sso.configure(trust_email=False)
    other = Client()
    assert sso.sign_in(other, "ada@example.org", email_verified=False).status_code == 302
    assert signed_in_as(other) == ada


def test_an_expired_id_token_is_refused(sso, client):
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    response = sso.sign_in(client, "ada@example.org", id_token_seconds=-120)
    assert refused_by_the_flow(response)
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=ada).exists()


def test_an_id_token_altered_after_signing_is_refused(sso, client):
    """allauth would skip the signature of a token from the token endpoint; the portal checks it."""
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    response = sso.sign_in(client, "ada@example.org", tamper=True)
    assert refused_by_the_flow(response)
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=ada).exists()


def test_a_state_is_used_once(sso, client):
    sso.configure(trust_email=True)
    person("ada@example.org")
    authorize_url = sso.start(client)
    username = sso.idp.person("ada@example.org")
    session = sso.idp.session_for(username)
    first = sso.idp.authorize(session, authorize_url)
    second = sso.idp.authorize(session, authorize_url)  # a fresh, valid code for the same state
    assert parse_qs(urlsplit(first).query)["state"] == parse_qs(urlsplit(second).query)["state"]
    assert client.get(first).status_code == 302
    assert refused_by_the_flow(client.get(second))


def test_an_id_token_with_another_sign_ins_nonce_is_refused(sso, client):
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    first = urlsplit(sso.start(client))
    second = urlsplit(sso.start(client))
    params = parse_qs(second.query)
    params["nonce"] = parse_qs(first.query)["nonce"]
    forged = urlunsplit(second._replace(query=urlencode(params, doseq=True)))
    response = client.get(sso.at_provider("ada@example.org", forged))
    assert refused_by_the_flow(response)
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.filter(user=ada).exists()


# --- linking without takeover -----------------------------------------------------------------------------


def test_a_trusted_provider_s_verified_address_links_the_existing_account(sso, client):
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    response = sso.sign_in(client, "Ada@Example.org")
    assert response.status_code == 302
    assert signed_in_as(client) == ada
    assert SocialAccount.objects.filter(user=ada, provider=PROVIDER_ID).count() == 1
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("trust_email", "email_verified", "why"),
    [
        (True, False, "Test ID has not verified ada@example.org"),
        (False, True, "Test ID is not trusted to prove that ada@example.org is yours"),
    ],
)
def test_an_address_the_portal_cannot_trust_links_nothing_and_creates_nothing(
    sso, client, trust_email, email_verified, why
):
    sso.configure(trust_email=trust_email)
    ada = person("ada@example.org")
    response = sso.sign_in(client, "ada@example.org", email_verified=email_verified)
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert any(why in text for text in message_texts(response))
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    assert list(User.objects.all()) == [ada]


def test_without_an_invitation_no_account_is_created(sso, client):
    sso.configure(trust_email=True)
    response = sso.sign_in(client, "stranger@example.org")
    assert response["Location"] == reverse("account_login")
    assert any("by invitation only" in text for text in message_texts(response))
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_with_sign_up_open_an_account_is_created(sso, client, settings):
    settings.PORTAL_SIGNUP_OPEN = True
    sso.configure(trust_email=True)
    assert sso.sign_in(client, "newcomer@example.org").status_code == 302
    newcomer = User.objects.get(email="newcomer@example.org")
    assert signed_in_as(client) == newcomer
    assert SocialAccount.objects.filter(user=newcomer).exists()


def test_an_invitation_is_accepted_by_signing_in_with_the_provider(sso, client, company, coordinator):
    invitation = company_invitation_create(company=company, email="new.hire@example.org", role="", by=coordinator)
    page = client.get(invitation.get_absolute_url())
    assert b"Sign in with Test ID" in page.content
    response = client.post(reverse("members:invitation-sso", args=[invitation.token, PROVIDER_ID]))
    assert response.status_code == 302
    # the provider does not even vouch for the address: the invitation's link proved it
    back = sso.at_provider("new.hire@example.org", response["Location"], email_verified=False)
    response = client.get(back)
    assert response.status_code == 302 and response["Location"] == invitation.get_absolute_url()
    newcomer = User.objects.get(email="new.hire@example.org")
    assert signed_in_as(client) == newcomer
    assert EmailAddress.objects.get(user=newcomer).verified
    assert SocialAccount.objects.filter(user=newcomer, provider=PROVIDER_ID).exists()
    assert not Affiliation.objects.filter(user=newcomer).exists()  # nothing accepted before they say so
    client.post(invitation.get_absolute_url())
    assert Affiliation.objects.current().filter(user=newcomer, company=company).exists()


def test_an_invitation_s_link_does_not_open_an_account_for_another_address(sso, client, company, coordinator):
    invitation = company_invitation_create(company=company, email="new.hire@example.org", role="", by=coordinator)
    response = client.post(reverse("members:invitation-sso", args=[invitation.token, PROVIDER_ID]))
    response = client.get(sso.at_provider("intruder@example.org", response["Location"]))
    assert response["Location"] == reverse("account_login")
    assert not User.objects.filter(email__in=["intruder@example.org", "new.hire@example.org"]).exists()
    assert CompanyInvitation.objects.get().accepted_at is None


# --- the second factor ------------------------------------------------------------------------------------


@pytest.fixture
def board_member_with_totp(board_member):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    EmailAddress.objects.create(user=board_member, email=board_member.email, verified=True, primary=True)
    TOTP.activate(board_member, generate_totp_secret())
    return board_member


@pytest.mark.parametrize(
    ("trust_mfa", "amr"),
    [(False, ["pwd", "otp"]), (True, ["pwd"]), (True, [])],
)
def test_a_board_representative_still_gives_the_portal_s_second_factor(
    sso, client, board_member_with_totp, trust_mfa, amr
):
    sso.configure(trust_email=True, trust_mfa=trust_mfa)
    response = sso.sign_in(client, board_member_with_totp.email, amr=amr)
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_as(client) is None


def test_a_provider_trusted_for_the_second_factor_that_used_one_is_enough(sso, client, board_member_with_totp):
    sso.configure(trust_email=True, trust_mfa=True)
    response = sso.sign_in(client, board_member_with_totp.email, amr=["pwd", "otp"])
    assert response.status_code == 302 and response["Location"] != reverse("mfa_authenticate")
    assert signed_in_as(client) == board_member_with_totp


@pytest.mark.parametrize(("trust_mfa", "sent_to_set_up"), [(True, False), (False, True)])
def test_a_board_representative_without_a_factor_is_sent_to_set_one_up_unless_the_provider_vouched(
    sso, client, board_member, settings, trust_mfa, sent_to_set_up
):
    settings.PORTAL_REQUIRE_MFA = True
    EmailAddress.objects.create(user=board_member, email=board_member.email, verified=True, primary=True)
    sso.configure(trust_email=True, trust_mfa=trust_mfa)
    sso.sign_in(client, board_member.email, amr=["mfa"])
    assert signed_in_as(client) == board_member
    response = client.get(reverse("meetings:index"))
    assert (response.status_code == 302 and response["Location"] == reverse("mfa_index")) is sent_to_set_up
    # a later password sign-in in the same browser does not inherit the provider's word
    client.logout()
    client.force_login(board_member)
    assert client.get(reverse("meetings:index"))["Location"] == reverse("mfa_index")


# --- linked identities on the account page ----------------------------------------------------------------


def test_a_signed_in_person_links_an_identity_from_the_account_page(sso, client):
    ada = person("ada@example.org")
    client.force_login(ada)
    page = client.get(reverse("profile"))
    assert b"Link Test ID" in page.content
    # another address, not even verified: being signed in here is the proof
    response = client.get(
        sso.at_provider(
            "ada.lovelace@corp.example",
            sso.start(client, process="connect", next=reverse("profile")),
            email_verified=False,
        )
    )
    assert response.status_code == 302
    assert SocialAccount.objects.get().user == ada
    assert b"ada.lovelace@corp.example" in client.get(reverse("profile")).content
    # and it signs her in from now on
    other = Client()
    assert sso.sign_in(other, "ada.lovelace@corp.example", email_verified=False).status_code == 302
    assert signed_in_as(other) == ada


def test_an_identity_linked_to_someone_else_is_not_moved(sso, client, settings):
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    sso.sign_in(Client(), "ada@example.org")
    bob = person("bob@example.org")
    client.force_login(bob)
    client.get(sso.at_provider("ada@example.org", sso.start(client, process="connect")))
    assert SocialAccount.objects.get().user == ada


@pytest.fixture
def linked(sso):
    """Ada, with a password and one linked identity."""
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    sso.sign_in(Client(), "ada@example.org")
    return ada, SocialAccount.objects.get(user=ada)


def test_an_identity_is_unlinked_while_a_password_remains(linked, client):
    ada, account = linked
    client.force_login(ada)
    response = client.post(reverse("sso-unlink", args=[account.pk]), follow=True)
    assert "Test ID is unlinked" in response.content.decode()
    assert not SocialAccount.objects.exists()


def test_the_only_way_to_sign_in_is_not_unlinked(linked, client, settings):
    ada, account = linked
    ada.set_unusable_password()
    ada.save()
    client.force_login(ada)
    assert b"Your only way to sign in" in client.get(reverse("profile")).content
    response = client.post(reverse("sso-unlink", args=[account.pk]), follow=True)
    assert "was not unlinked" in response.content.decode()
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_a_password_does_not_count_once_the_password_form_is_off(linked, settings):
    ada, account = linked
    settings.PORTAL_PASSWORD_FORM = False
    with pytest.raises(ValidationError):
        social_account_unlink(account=account, by=ada)
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_nobody_unlinks_another_person_s_identity(linked, client):
    _ada, account = linked
    bob = person("bob@example.org")
    client.force_login(bob)
    assert client.post(reverse("sso-unlink", args=[account.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        social_account_unlink(account=account, by=bob)
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_unlinking_is_a_post_for_the_signed_in(linked, client):
    ada, account = linked
    url = reverse("sso-unlink", args=[account.pk])
    assert client.post(url).status_code == 302 and "login" in client.post(url)["Location"]
    client.force_login(ada)
    assert client.get(url).status_code == 405
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_allauths_page_of_linked_accounts_leads_to_the_account_page(client):
    assert client.get("/accounts/3rdparty/")["Location"].startswith(reverse("profile"))


# --- the sign-in page -------------------------------------------------------------------------------------


def test_the_sign_in_page_offers_the_provider_beside_the_password_form(sso, client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Test ID" in page
    assert 'name="password"' in page


def test_with_the_password_form_off_no_password_signs_in(sso, client, settings):
    settings.PORTAL_PASSWORD_FORM = False
    person("ada@example.org")
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Test ID" in page
    assert 'name="password"' not in page
    response = client.post(
        reverse("account_login"), {"login": "ada@example.org", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "Sign-in with a password is turned off here" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_admin_shows_identities_and_unlinks_none_even_for_the_superuser(linked, superuser, client_for):
    _ada, account = linked
    client = client_for(superuser)
    assert client.get(reverse("admin:socialaccount_socialaccount_changelist")).status_code == 200
    url = reverse("admin:socialaccount_socialaccount_delete", args=[account.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert SocialAccount.objects.filter(pk=account.pk).exists()
    with pytest.raises(NoReverseMatch):
        reverse("admin:socialaccount_socialapp_add")


def test_the_invitation_button_is_a_post_and_needs_a_pending_invitation(sso, client, company, coordinator):
    invitation = company_invitation_create(company=company, email="new.hire@example.org", role="", by=coordinator)
    url = reverse("members:invitation-sso", args=[invitation.token, PROVIDER_ID])
    assert client.get(url).status_code == 405
    assert client.post(reverse("members:invitation-sso", args=["no-such-token", PROVIDER_ID])).status_code == 404
    assert client.post(reverse("members:invitation-sso", args=[invitation.token, "nope"])).status_code == 404


def test_an_unknown_provider_s_callback_is_not_found(client):
    assert client.get("/accounts/oidc/nope/login/callback/?code=x&state=y").status_code == 404


@pytest.mark.parametrize(("other_provider", "allowed"), [(PROVIDER_ID, True), ("no-longer-configured", False)])
def test_another_identity_counts_while_its_provider_is_configured(linked, other_provider, allowed):
    ada, account = linked
    ada.set_unusable_password()
    ada.save()
    SocialAccount.objects.create(user=ada, provider=other_provider, uid="another-subject")
    if allowed:
        social_account_unlink(account=account, by=ada)
        assert not SocialAccount.objects.filter(pk=account.pk).exists()
    else:
        with pytest.raises(ValidationError):
            social_account_unlink(account=account, by=ada)


def test_an_account_s_other_verified_address_is_linked_like_its_sign_in_address(sso, client):
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    EmailAddress.objects.create(user=ada, email="ada@corp.example", verified=True, primary=False)
    assert sso.sign_in(client, "ada@corp.example").status_code == 302
    assert signed_in_as(client) == ada
    assert SocialAccount.objects.get().user == ada


def test_following_the_button_s_address_asks_before_leaving_for_the_provider(sso, client):
    url = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    page = client.get(url)
    assert page.status_code == 200
    assert b"Test ID" in page.content and b'method="post"' in page.content


def test_a_sign_in_cancelled_at_the_provider_signs_nobody_in(sso, client):
    state = parse_qs(urlsplit(sso.start(client)).query)["state"][0]
    response = client.get(CALLBACK, {"error": "access_denied", "state": state}, follow=True)
    assert response.status_code == 200
    assert b"cancel" in response.content.lower()
    assert signed_in_as(client) is None


# --- the security history ---------------------------------------------------------------------------------


def kinds(user: User) -> list[str]:
    from members.models import SecurityEvent

    return list(SecurityEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_linking_by_address_and_signing_in_are_in_the_security_history(sso, client):
    sso.configure(trust_email=True)
    ada = person("ada@example.org")
    sso.sign_in(client, "ada@example.org")
    assert kinds(ada) == ["sso_linked", "sso_sign_in"]
    sso.sign_in(Client(), "ada@example.org")
    assert kinds(ada) == ["sso_linked", "sso_sign_in", "sso_sign_in"]
    page = client.get(reverse("account-security")).content.decode()
    assert "Single sign-on identity linked (Test ID)" in page
    assert "Signed in through single sign-on (Test ID)" in page


def test_a_refusal_is_in_the_history_of_the_account_it_was_about(sso, client):
    ada = person("ada@example.org")
    sso.sign_in(client, "ada@example.org", email_verified=False)
    from members.models import SecurityEvent

    [event] = SecurityEvent.objects.filter(user=ada)
    assert event.kind == "sso_refused"
    assert "Test ID has not verified ada@example.org" in event.detail


def test_linking_from_the_account_page_and_unlinking_are_in_the_history(sso, client):
    ada = person("ada@example.org")
    client.force_login(ada)
    client.get(sso.at_provider("ada@corp.example", sso.start(client, process="connect")))
    assert kinds(ada) == ["sso_linked"]
    client.post(reverse("sso-unlink", args=[SocialAccount.objects.get().pk]))
    assert kinds(ada) == ["sso_linked", "sso_unlinked"]


def test_an_account_created_through_an_invitation_records_its_identity(sso, client, company, coordinator):
    invitation = company_invitation_create(company=company, email="new.hire@example.org", role="", by=coordinator)
    response = client.post(reverse("members:invitation-sso", args=[invitation.token, PROVIDER_ID]))
    client.get(sso.at_provider("new.hire@example.org", response["Location"]))
    assert kinds(User.objects.get(email="new.hire@example.org")) == ["sso_linked", "sso_sign_in"]


def test_a_board_representative_without_a_password_sets_up_a_factor_right_after_signing_in(
    sso, client, board_member, settings
):
    """Enrolling a factor asks for the password again (lcoo_portal/mfa.py); a fresh single sign-on is the
    proof for an account that has no password."""
    settings.PORTAL_REQUIRE_MFA = True
    board_member.set_unusable_password()
    board_member.save()
    EmailAddress.objects.create(user=board_member, email=board_member.email, verified=True, primary=True)
    sso.configure(trust_email=True)
    sso.sign_in(client, board_member.email)
    assert signed_in_as(client) == board_member
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
