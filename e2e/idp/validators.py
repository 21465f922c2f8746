import base64
import json
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator

from e2e.idp.models import Profile


def _profile(user) -> Profile:
    return Profile.objects.get_or_create(user=user)[0]


class ClaimsFromProfile(OAuth2Validator):
    """The person's e-mail, `email_verified` and `amr` as the test set them in their profile."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid"}

    def get_additional_claims(self, request) -> dict:
        profile = _profile(request.user)
        claims = {
            "email": request.user.email,
            "email_verified": profile.email_verified,
            "name": request.user.get_full_name() or request.user.username,
        }
        if profile.amr:
            claims["amr"] = profile.amr
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        expiration_time = timezone.now() + timedelta(seconds=_profile(request.user).id_token_seconds)
        claims["exp"] = int(expiration_time.timestamp())
        return claims, max(expiration_time, timezone.now())

    def finalize_id_token(self, id_token, token, token_handler, request) -> str:
        serialized = super().finalize_id_token(id_token, token, token_handler, request)
        if not _profile(request.user).tamper:
            return serialized
        header, payload, signature = serialized.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["email"] = "someone.else@example.org"
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return f"{header}.{payload}.{signature}"
