"""Pages of single sign-on (issue 20): unlinking an identity, accepting an invitation through a provider."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kernel.view_helpers import message_refusal
from members.models import CompanyInvitation, User
from members.sso import provider_name, social_account_unlink


@require_POST
@login_required
def sso_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(SocialAccount, pk=pk, user=request.user)
    name = provider_name(account)
    try:
        social_account_unlink(account=account, by=request.user, request=request)
    except ValidationError as error:
        message_refusal(request, error, f"{name} was not unlinked: ")
    else:
        messages.success(request, f"{name} is unlinked: it no longer signs you in here.")
    return redirect(reverse("profile") + "#sign-in-identities")


@require_GET
def connections(request: HttpRequest) -> HttpResponse:
    """allauth's own page of linked accounts: the account page's section replaces it (one door to unlink)."""
    return redirect(reverse("profile") + "#sign-in-identities")


@require_POST
def invitation_sso(request: HttpRequest, token: str, provider_id: str) -> HttpResponse:
    """Accept an invitation by signing in with a provider: the invitation's token travels in the flow's
    state, so an account may be created for its address; the person then accepts on the invitation page."""
    invitation = get_object_or_404(CompanyInvitation.objects.pending(), token=token)
    if request.user.is_authenticated or User.objects.filter(email__iexact=invitation.email).exists():
        return redirect(invitation)
    try:
        provider = get_adapter().get_provider(request, provider_id)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    return provider.redirect(
        request, AuthProcess.LOGIN, next_url=invitation.get_absolute_url(), data={"invitation": invitation.token}
    )
