"""A URLconf for the tests of error reporting: the portal's own URLs plus a page and a task that fail."""

import time

from celery import shared_task
from django.http import HttpRequest, HttpResponse
from django.urls import path

from lcoo_portal.urls import urlpatterns as portal_urlpatterns


def boom(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("the test's deliberate error")


def slow(request: HttpRequest) -> HttpResponse:
    time.sleep(0.05)
    return HttpResponse("slow but fine", content_type="text/plain")


@shared_task(name="lcoo_portal.tests.failing_task")
def failing_task() -> None:
    raise LookupError("the test task's deliberate error")


urlpatterns = [path("boom", boom), path("slow", slow), *portal_urlpatterns]
