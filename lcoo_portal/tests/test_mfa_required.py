"""A second factor where the stakes are (issue 10, finding 9): with PORTAL_REQUIRE_MFA on, the
Secretariat, staff, board representatives and alternates and the board's officers set up an
authenticator app or a passkey before they can act."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from members.models import Company
from members.services import role_assign

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def require_mfa(settings):
    settings.PORTAL_REQUIRE_MFA = True


def sent_to_set_up_mfa(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("mfa_index")


@pytest.mark.parametrize("who", ["secretariat", "board_member", "chair", "superuser", "unseated_board_member"])
def test_people_in_office_without_a_second_factor_are_sent_to_set_one_up(require_mfa, who, persona, client_for):
    client = client_for(persona(who))
    assert sent_to_set_up_mfa(client.get(reverse("meetings:index")))
    assert sent_to_set_up_mfa(client.get("/admin/" if who in {"secretariat", "superuser"} else "/"))
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "set up an authenticator app or a passkey" in page.content.decode()


def test_an_officer_without_a_board_seat_is_asked_too(require_mfa, chair, client_for):
    from members.models import RoleAssignment
    from members.services import role_end

    role_end(assignment=RoleAssignment.objects.get(user=chair), by=None)
    assert sent_to_set_up_mfa(client_for(chair).get("/"))


def test_an_alternate_is_asked_too(require_mfa, company, member_user, client_for):
    from members.models import Affiliation

    Affiliation.objects.create(user=member_user, company=company)
    role_assign(company=company, user=member_user, role="board_alternate", by=None)
    assert sent_to_set_up_mfa(client_for(member_user).get("/"))


@pytest.mark.parametrize("who", ["member_user", "coordinator", "other_coordinator"])
def test_people_without_office_are_not_asked(require_mfa, who, persona, client_for):
    assert client_for(persona(who)).get(reverse("meetings:index")).status_code == 200


def test_until_then_a_post_acts_on_nothing(require_mfa, secretariat, client_for):
    response = client_for(secretariat).post(
        reverse("members:new"), {"name": "Comcast", "hq_time_zone": "UTC", "operator_kind": "multi_cloud"}
    )
    assert sent_to_set_up_mfa(response)
    assert not Company.objects.filter(name="Comcast").exists()


def test_the_set_up_pages_and_sign_out_stay_open(require_mfa, secretariat, client_for):
    client = client_for(secretariat)
    assert client.get(reverse("mfa_index")).status_code == 200
    assert not sent_to_set_up_mfa(client.get(reverse("mfa_activate_totp")))
    assert not sent_to_set_up_mfa(client.get(reverse("mfa_add_webauthn")))
    assert client.get(reverse("healthz")).status_code == 200
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_an_authenticator_app_lets_them_act(require_mfa, secretariat, client_for):
    TOTP.activate(secretariat, generate_totp_secret())
    assert client_for(secretariat).get(reverse("meetings:index")).status_code == 200


def test_a_passkey_lets_them_act(require_mfa, board_member, client_for):
    Authenticator.objects.create(user=board_member, type=Authenticator.Type.WEBAUTHN, data={"name": "Laptop"})
    assert client_for(board_member).get(reverse("meetings:index")).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(require_mfa, board_member, client_for):
    Authenticator.objects.create(user=board_member, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert sent_to_set_up_mfa(client_for(board_member).get("/"))


def test_nobody_is_asked_with_the_setting_off(settings, secretariat, client_for):
    settings.PORTAL_REQUIRE_MFA = False
    assert client_for(secretariat).get(reverse("meetings:index")).status_code == 200


def _setting(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"PORTAL_REQUIRE_MFA", "DEBUG"}}
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr


def test_the_requirement_is_on_in_production_and_off_for_the_demo():
    assert _setting("PORTAL_REQUIRE_MFA", DEBUG="false") == "True"
    assert _setting("PORTAL_REQUIRE_MFA", DEBUG="true") == "False"
    assert _setting("PORTAL_REQUIRE_MFA", DEBUG="true", PORTAL_REQUIRE_MFA="true") == "True"


def test_passkeys_are_offered_beside_authenticator_apps_and_recovery_codes(client, settings):
    assert set(settings.MFA_SUPPORTED_TYPES) == {"totp", "webauthn", "recovery_codes"}
    assert settings.MFA_PASSKEY_LOGIN_ENABLED
    page = client.get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in page
    assert reverse("mfa_login_webauthn") in page
