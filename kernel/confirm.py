"""One way to ask before an irreversible or mail-sending act, without JavaScript.

The page's button posts to the act's URL as before; without a `confirm` field the view answers with
a confirmation page that states the consequence in words ("This e-mails 19 people") and posts the
same fields again with `confirm=yes`. A view reads:

    if not is_confirmed(request):
        return confirm_page(request, title=..., consequences=[...], button=..., cancel_url=...)
    services.the_act(...)

Fields the person must fill in on the way (a reason) come as a Django form, shown on that page. What the
act will publish can be shown as it will appear: `preview` names a template rendered with `preview_context`
(the erratum as the meeting page will show it).
"""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this POST is the second one, sent from the confirmation page."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    button: str,
    cancel_url: str,
    form: Form | None = None,
    danger: bool = True,
    preview: str = "",
    preview_context: dict | None = None,
) -> HttpResponse:
    """The confirmation page: the consequences, what will be published if `preview` names its template,
    the form's fields if any, the other posted fields carried unchanged, and one button that repeats the
    POST with `confirm=yes`."""
    shown = {form[name].html_name for name in form.fields} if form is not None else set()
    carried = [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED and name not in shown
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "consequences": [c for c in consequences if c],
        "preview": render_to_string(preview, preview_context, request=request) if preview else "",
        "button": button,
        "cancel_url": cancel_url,
        "form": form,
        "carried": carried,
        "action": request.path,
        "danger": danger,
        "confirm_field": CONFIRM_FIELD,
        "confirm_value": CONFIRM_VALUE,
    }
    return render(request, "confirm.html", context)


def people(count: int) -> str:
    """ "This e-mails 1 person" / "19 people"."""
    return f"{count} person" if count == 1 else f"{count} people"
