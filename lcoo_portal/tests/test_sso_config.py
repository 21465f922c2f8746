"""The OpenID Connect providers from the environment (issue 20): lcoo_portal/sso_config.py and its check."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from kernel.checks import check_sign_in_remains
from lcoo_portal.sso_config import oidc_providers_from_env, provider_origins, socialaccount_providers

ONE = {
    "OIDC_NAME": "OpenInfra ID",
    "OIDC_ISSUER": "https://id.openinfra.dev/",
    "OIDC_CLIENT_ID": "lcoo",
    "OIDC_CLIENT_SECRET": "s3cret",
}


def test_nothing_set_means_no_provider():
    assert oidc_providers_from_env({}) == []
    assert socialaccount_providers([])["openid_connect"]["APPS"] == []


def test_the_four_variables_name_one_provider_trusting_nothing_by_default():
    [provider] = oidc_providers_from_env(ONE)
    assert provider == {
        "id": "sso",
        "name": "OpenInfra ID",
        "issuer": "https://id.openinfra.dev",
        "client_id": "lcoo",
        "client_secret": "s3cret",
        "trust_email": False,
        "trust_mfa": False,
    }


def test_the_trusts_are_switched_on_by_their_variables():
    [provider] = oidc_providers_from_env({**ONE, "OIDC_TRUST_EMAIL": "true", "OIDC_TRUST_MFA": "1"})
    assert provider["trust_email"] and provider["trust_mfa"]


def test_several_providers_from_json_each_may_override_the_trusts():
    raw = json.dumps(
        [
            {"id": "openinfra", "name": "OpenInfra ID", "issuer": "https://id.openinfra.dev", "client_id": "a",
             "client_secret": "b"},
            {"id": "corp", "name": "Corp SSO", "issuer": "https://sso.corp.example/realms/x", "client_id": "c",
             "client_secret": "d", "trust_email": False},
        ]
    )  # fmt: skip
    providers = oidc_providers_from_env({"OIDC_PROVIDERS": raw, "OIDC_TRUST_EMAIL": "true"})
    assert [(p["id"], p["trust_email"]) for p in providers] == [("openinfra", True), ("corp", False)]
    assert provider_origins(providers) == ["https://id.openinfra.dev", "https://sso.corp.example"]
    apps = socialaccount_providers(providers)["openid_connect"]["APPS"]
    assert [app["provider_id"] for app in apps] == ["openinfra", "corp"]
    assert apps[1]["settings"] == {
        "server_url": "https://sso.corp.example/realms/x",
        "oauth_pkce_enabled": True,
        "trust_email": False,
        "trust_mfa": False,
    }


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        ({**ONE, "OIDC_PROVIDERS": "[]"}, "not both"),
        ({k: v for k, v in ONE.items() if k != "OIDC_CLIENT_SECRET"}, "lacks client_secret"),
        ({"OIDC_PROVIDERS": "{not json"}, "not valid JSON"),
        ({"OIDC_PROVIDERS": '{"id": "x"}'}, "a JSON list of objects"),
        ({"OIDC_PROVIDERS": json.dumps([{"id": "Bad Id", "name": "n", "issuer": "https://x", "client_id": "c",
                                         "client_secret": "s"}])}, "lower-case letters"),
        ({"OIDC_PROVIDERS": json.dumps([{"id": "a", "name": "n", "issuer": "https://x", "client_id": "c",
                                         "client_secret": "s"}] * 2)}, "used twice"),
        ({**ONE, "OIDC_ISSUER": "id.openinfra.dev"}, "http(s) URL"),
    ],
)  # fmt: skip
def test_a_wrong_configuration_stops_start_up_with_a_clear_message(environ, says):
    with pytest.raises(ImproperlyConfigured, match=says.replace("(", r"\(").replace(")", r"\)")):
        oidc_providers_from_env(environ)


def test_the_password_form_is_turned_off_only_with_a_provider(settings):
    settings.PORTAL_PASSWORD_FORM = False
    settings.OIDC_PROVIDERS = []
    assert [error.id for error in check_sign_in_remains()] == ["lcoo.E020"]
    settings.OIDC_PROVIDERS = oidc_providers_from_env(ONE)
    assert check_sign_in_remains() == []
