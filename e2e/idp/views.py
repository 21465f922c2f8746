"""The test's controls: create a person with the claims it wants, register the portal as a client.
Guarded by a token only the fixture knows."""

import json
import os

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from e2e.idp.models import Profile


def _allowed(request: HttpRequest) -> bool:
    return request.headers.get("X-Control-Token") == os.environ["IDP_CONTROL_TOKEN"]


@csrf_exempt
@require_POST
def person(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    user, _ = User.objects.update_or_create(username=data["username"], defaults={"email": data["email"]})
    user.set_password(data["password"])
    user.save()
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "email_verified": data.get("email_verified", True),
            "amr": data.get("amr", []),
            "id_token_seconds": data.get("id_token_seconds", 300),
            "tamper": data.get("tamper", False),
        },
    )
    return JsonResponse({"sub": str(user.pk)})


@csrf_exempt
@require_POST
def client(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    application = Application.objects.filter(client_id=data["client_id"]).first() or Application(
        client_id=data["client_id"]
    )
    application.name = data["client_id"]
    application.client_secret = data["client_secret"]
    application.client_type = Application.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    application.redirect_uris = " ".join(data["redirect_uris"])
    application.algorithm = Application.RS256_ALGORITHM
    application.skip_authorization = True
    application.save()
    return JsonResponse({"client_id": application.client_id})
