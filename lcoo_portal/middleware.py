"""Input refused at the edge, before any view or database sees it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RefuseNulBytesMiddleware:
    """Answer 400 to a request whose address, query or form carries a NUL character.

    No field of the portal has a use for it, PostgreSQL cannot store it in text, and a browser never
    sends one from a form: it is refused rather than stripped, so nothing is saved that the person
    did not see."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            return HttpResponseBadRequest(
                "The request contains a NUL character (\\0), which no page accepts.", content_type="text/plain"
            )
        return self.get_response(request)


def _carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for query in sources:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False
