"""The first run: one command makes the operator and the first Secretariat member and says what comes next."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from members.models import RoleGroup, User
from members.permissions import is_secretariat

pytestmark = pytest.mark.django_db


def run(**options: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("create_operator", stdout=out, **options)
    return out.getvalue()


def test_it_creates_both_accounts_and_prints_their_links_and_the_second_factor_step(settings):
    settings.PORTAL_REQUIRE_MFA = True
    out = run(operator_email="Ops@Example.org", secretariat_email="clerk@example.org", secretariat_name="Clerk")
    operator, clerk = User.objects.get(email="ops@example.org"), User.objects.get(email="clerk@example.org")
    assert operator.is_superuser and operator.is_staff and not operator.has_usable_password()
    assert clerk.is_staff and not clerk.is_superuser and is_secretariat(clerk)
    assert clerk.groups.filter(name=RoleGroup.SECRETARIAT).exists()
    assert operator.emailaddress_set.get().verified and clerk.emailaddress_set.get().verified
    assert "second factor" in out and "/accounts/2fa/" in out and "requires it" in out
    assert "/healthz" in out
    links = re.findall(r"https?://\S+/accounts/password/reset/key/\S+", out)
    assert len(links) == 2


def test_the_printed_link_lets_the_operator_choose_a_password_and_sign_in(settings):
    out = run(operator_email="ops@example.org", secretariat_email="clerk@example.org")
    link = re.search(r"operator:\s+(\S+)", out).group(1).removeprefix(settings.PORTAL_BASE_URL)
    client = Client()
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(form_url, {"password1": "a-long-new-passphrase-42", "password2": "a-long-new-passphrase-42"})
    assert response.status_code == 302
    assert User.objects.get(email="ops@example.org").check_password("a-long-new-passphrase-42")


def test_a_second_run_is_refused_and_changes_nothing(superuser):
    with pytest.raises(CommandError, match="already has an operator"):
        run(operator_email="ops@example.org", secretariat_email="clerk@example.org")
    assert not User.objects.filter(email__in=["ops@example.org", "clerk@example.org"]).exists()


@pytest.mark.parametrize(
    ("operator", "clerk", "message"),
    [("not-an-address", "clerk@example.org", "valid email"), ("same@example.org", "same@example.org", "two accounts")],
)
def test_bad_input_is_refused_with_a_clear_message_and_changes_nothing(operator, clerk, message):
    with pytest.raises(CommandError, match=message):
        run(operator_email=operator, secretariat_email=clerk)
    assert not User.objects.exists()
