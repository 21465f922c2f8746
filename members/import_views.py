"""The directory as CSV (members:directory-csv) and the Secretariat's import of it (members:import):
upload, a preview that says row by row what will change, then saving (members.imports)."""

import csv
import hashlib
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kernel.validation import csv_cell
from kernel.view_helpers import attachment
from members.imports import COLUMNS, MAX_BYTES, directory_export_rows, directory_import, directory_rows_read
from members.models import Company
from members.permissions import secretariat_required

SESSION_KEY = "directory_import"


class DirectoryFileForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text=f"UTF-8, with a header line: {', '.join(COLUMNS)}.")


@require_GET
def directory_csv(request: HttpRequest) -> HttpResponse:
    """The directory as the page shows it to this reader: e-mail addresses only for people signed in."""
    companies = Company.objects.with_people().order_by("name")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    attachment(response, f"directory-{stamp}.csv")
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for row in directory_export_rows(companies, with_email=request.user.is_authenticated):
        writer.writerow([csv_cell(cell) for cell in row])
    return response


@secretariat_required
@require_http_methods(["GET", "POST"])
def directory_import_view(request: HttpRequest) -> HttpResponse:
    """Upload shows the preview; "Import" saves what the preview showed (the same rows, kept in the
    session under their digest, so what is saved is what was previewed)."""
    if request.method == "POST" and "digest" in request.POST:
        return _save(request)
    form = DirectoryFileForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": COLUMNS, "max_kb": MAX_BYTES // 1000}
    if request.method == "POST" and form.is_valid():
        try:
            rows = directory_rows_read(form.cleaned_data["file"].read())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            outcomes, _ = directory_import(rows=rows, by=request.user, dry_run=True)
            digest = hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()
            request.session[SESSION_KEY] = {"digest": digest, "rows": rows, "name": form.cleaned_data["file"].name}
            context.update(_preview(outcomes, digest, form.cleaned_data["file"].name))
    return render(request, "members/directory_import.html", context)


def _preview(outcomes: list, digest: str, name: str) -> dict:
    refused = [o for o in outcomes if o.state == "refused"]
    return {
        "outcomes": outcomes,
        "digest": digest,
        "file_name": name,
        "refused": refused,
        "changes": sum(1 for o in outcomes if o.state == "changes"),
        "mails": sum(1 for o in outcomes for a in o.actions if a.endswith("(mail)")),
    }


def _save(request: HttpRequest) -> HttpResponse:
    stored = request.session.get(SESSION_KEY) or {}
    if stored.get("digest") != request.POST["digest"]:
        messages.error(request, "That preview is no longer the one on file: upload the file again. Nothing was saved.")
        return redirect("members:import")
    exclude = {int(line) for line in request.POST.getlist("exclude") if line.isdigit()}
    outcomes, saved = directory_import(rows=stored["rows"], by=request.user, exclude=exclude, dry_run=False)
    if not saved:
        context = {"form": DirectoryFileForm(), "columns": COLUMNS, "max_kb": MAX_BYTES // 1000}
        context.update(_preview(outcomes, stored["digest"], stored["name"]))
        messages.error(request, "Nothing was saved: some rows are refused. Exclude them, or correct the file.")
        return render(request, "members/directory_import.html", context)
    del request.session[SESSION_KEY]
    changed = sum(1 for o in outcomes if o.state == "changes")
    rows = "1 row" if changed == 1 else f"{changed} rows"
    messages.success(request, f"Imported {stored['name']}: {rows} changed the directory.")
    return redirect("members:directory")
