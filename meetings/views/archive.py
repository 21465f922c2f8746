"""Past meetings from the meeting archive (meetings:archive-import): choose the folder's logs and their
kind, see what each becomes, then import the new ones (meetings.services.archive)."""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from meetings.models import Kind
from meetings.permissions import PREPARES_MEETINGS
from meetings.services.archive import MAX_LOGS, archive_import, archive_preview
from members.permissions import secretariat_required

SESSION_KEY = "archive_import"
MAX_LOG_BYTES = 1_000_000


class MultipleLogsInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class LogsField(forms.FileField):
    """Several files at once (Django's documented pattern for <input type=file multiple>)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("widget", MultipleLogsInput(attrs={"multiple": True, "accept": ".txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: object, initial: object = None) -> list:
        single = super().clean
        return [single(d, initial) for d in data] if isinstance(data, list | tuple) else [single(data, initial)]


class ArchiveForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices, label="Kind of meeting", help_text="Every log of the folder.")
    logs = LogsField(
        label="Meeting-bot logs",
        help_text=f"The folder's .log.txt files (select them all), in UTF-8, at most {MAX_LOGS}.",
    )

    def clean_logs(self) -> list[tuple[str, str]]:
        files = []
        for upload in self.cleaned_data["logs"]:
            if upload.size > MAX_LOG_BYTES:
                raise ValidationError(f"{upload.name} is larger than 1 MB: is it a meeting-bot log?")
            try:
                files.append((upload.name, upload.read().decode("utf-8-sig")))
            except UnicodeDecodeError as error:
                raise ValidationError(f"{upload.name} is not UTF-8 text.") from error
        return files


@require_http_methods(["GET", "POST"])
@secretariat_required(reason=PREPARES_MEETINGS)
def archive_import_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "digest" in request.POST:
        return _import(request)
    form = ArchiveForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        files, kind = form.cleaned_data["logs"], form.cleaned_data["kind"]
        try:
            logs = archive_preview(files=files, by=request.user)
        except ValidationError as error:
            form.add_error("logs", error)
        else:
            digest = hashlib.sha256(json.dumps([kind, files]).encode()).hexdigest()
            request.session[SESSION_KEY] = {"digest": digest, "files": files, "kind": kind}
            context.update(_preview(logs, digest, kind))
    return render(request, "meetings/archive_import.html", context)


def _preview(logs: list, digest: str, kind: str) -> dict:
    return {
        "logs": logs,
        "digest": digest,
        "kind_label": Kind(kind).label,
        "new": sum(1 for log in logs if log.state == "new"),
        "refused": [log for log in logs if log.state == "refused"],
    }


def _import(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(SESSION_KEY) or {}
    if stored.get("digest") != request.POST["digest"]:
        messages.error(request, "That preview is no longer the one on file: choose the logs again. Nothing was saved.")
        return redirect("meetings:archive-import")
    files = [tuple(pair) for pair in stored["files"]]
    try:
        logs = archive_import(files=files, kind=stored["kind"], by=request.user)
    except ValidationError as error:
        messages.error(request, f"Nothing was imported: {' '.join(error.messages)}")
        return redirect("meetings:archive-import")
    del request.session[SESSION_KEY]
    created = [log for log in logs if log.state == "created"]
    skipped = len(logs) - len(created)
    messages.success(
        request,
        f"Imported {len(created)} past meeting{'s' if len(created) != 1 else ''} with draft minutes"
        f"{f'; {skipped} already imported' if skipped else ''}. Publish each one's minutes from its page.",
    )
    return redirect("meetings:index")
