"""Who reads the API: the session, or a person's own token (`Authorization: Bearer lcoo_…`); how often."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from lcoo_portal.api.visitors import rate_window, visitor_lookup, window_count
from members.models import PersonalAccessToken, User
from members.services import access_token_user

REFUSED = "The token is unknown, revoked or expired."


class AccessTokenAuthentication(BaseAuthentication):
    """A personal access token: its SHA-256 is looked up; a revoked or expired token is refused (401)."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, PersonalAccessToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword:
            return None
        if len(words) != 2:
            raise AuthenticationFailed("Send the token as `Authorization: Bearer <token>`.")
        found = access_token_user(words[1].decode(errors="replace"))
        if found is None:
            raise AuthenticationFailed(REFUSED)
        return found

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ReadOnly(BasePermission):
    """Tokens are scoped read-only, and so is the API: no method that could change anything."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method, "The API is read-only.")
        return True


class _Throttle(BaseThrottle):
    """A count per reader and per window of the rate's period, in the shared cache: one small counter per
    window rather than DRF's list of every request's time, which grows with the rate and is read and
    written whole at every request."""

    scope = ""

    def ident(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        ident = self.ident(request)
        window = None if ident is None else rate_window(self.scope, ident)
        if window is None:
            return True
        self.retry_after = window.retry_after
        return window_count(window.key, window.period + 1) <= window.limit

    def wait(self) -> float:
        return self.retry_after


class PerAddressThrottle(BaseThrottle):
    """Visitors, per address: the same fixed window as `_Throttle`, counted in the one round trip that also
    fetches the visitor's kept answer (lcoo_portal/api/visitors.py), or already counted by the middleware that
    serves kept answers before DRF: one count per request either way."""

    retry_after = 0.0

    def allow_request(self, request: Request, view: Any) -> bool:
        if request.user.is_authenticated:
            return True
        window = visitor_lookup(request._request).window
        if window is None or window.count is None:  # no rate set, or the cache did not answer
            return True
        self.retry_after = window.retry_after
        return window.count <= window.limit

    def wait(self) -> float:
        return self.retry_after


class PerReaderThrottle(_Throttle):
    """Signed-in readers: per token, or per person for the session."""

    scope = "reader"

    def ident(self, request: Request) -> str | None:
        if not request.user.is_authenticated:
            return None
        token = request.auth if isinstance(request.auth, PersonalAccessToken) else None
        return f"token-{token.pk}" if token is not None else f"user-{request.user.pk}"


class AccessTokenScheme(OpenApiAuthenticationExtension):
    """The token as the schema describes it: a bearer token in the Authorization header."""

    target_class = AccessTokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Bearer")  # noqa: S106
