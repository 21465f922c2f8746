"""What every app's views share: a service called with its refusal or success as a message, a safe
`next` address and the name of a download."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify


def error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message."""
    return " ".join(error.messages)


def form_errors_text(form: Form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def message_refusal(request: HttpRequest, error: ValidationError, prefix: str = "") -> None:
    """Show a service's refusal as an error message, after `prefix` ("Nothing changed: ") when given."""
    messages.error(request, f"{prefix}{error_text(error)}")


def run_service(request: HttpRequest, act: Callable[[], object], *, success: str, prefix: str = "") -> bool:
    """Call a service: its refusal becomes an error message (after `prefix`), else `success` a success
    message. Whether it acted."""
    try:
        act()
    except ValidationError as error:
        message_refusal(request, error, prefix)
        return False
    messages.success(request, success)
    return True


def safe_next_url(request: HttpRequest, url: str, fallback: str) -> str:
    """`url` when it stays on this site (a path on this host, never `//host` or `/\\host`), else `fallback`.

    Only an absolute path counts: `redirect()` would take any other word for a view name to reverse."""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if url.startswith("/") and allowed:
        return url
    return fallback


def download_name(stem: str) -> str:
    """A download's file name, starting with the coalition's short name (PORTAL_COALITION_SHORT_NAME):
    `lcoo-compliance-2026-12-07.csv` for the LCOO, `oif-compliance-…` for a coalition that adopts the portal."""
    return f"{slugify(settings.PORTAL_COALITION_SHORT_NAME)}-{stem}"


def attachment(response: HttpResponse, stem: str) -> HttpResponse:
    """Mark the response as a download named `download_name(stem)`."""
    response["Content-Disposition"] = f'attachment; filename="{download_name(stem)}"'
    return response
