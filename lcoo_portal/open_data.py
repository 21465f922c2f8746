"""The open-data archive: the whole public record in one zip of JSON and CSV files, with a README of
the files and their fields and a SHA-256 manifest (`SHA256SUMS`, which `sha256sum -c` checks).

The archive is made of the API's own answers to a visitor: every endpoint's list, and each meeting's
and motion's detail (agenda, minutes, decisions, action items, roll call; rules, result, recorded
ballots and the record), so it holds the same data as the API — never more. Each JSON file holds an
endpoint's objects; each CSV file one kind of row, nested lists becoming files of their own with the
parent's id (`meetings-decisions.csv` has a `meeting` column). The view that serves it is cached per
version of the public record, so the archive is rebuilt when the record changes, and not otherwise.
"""

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django.views.decorators.http import require_GET

from kernel.public_record import public_record_view
from kernel.validation import csv_cell
from kernel.view_helpers import attachment, download_name
from lcoo_portal.api.urls import router

# Endpoints whose detail holds more than their list: the archive keeps the detail of each object.
DETAILED = {"meeting", "motion"}


def _visitor_request(path: str) -> HttpRequest:
    base = urlsplit(settings.PORTAL_BASE_URL)
    request = RequestFactory().get(path, HTTP_HOST=base.netloc, secure=base.scheme == "https")
    request.user = AnonymousUser()
    return request


def _answer(viewset: type, action: str, path: str, **kwargs: Any) -> Any:
    """What the API answers a visitor, without the rate limits meant for clients."""
    view = viewset.as_view({"get": action}, throttle_classes=())
    response = view(_visitor_request(path), **kwargs)
    if response.status_code != 200:
        raise RuntimeError(f"The API answered {response.status_code} for {path}")
    # a visitor's answer may come kept and rendered (lcoo_portal/api/visitors.py): read the JSON a client
    # reads, whichever way it came, so the archive is the same either way
    if hasattr(response, "render"):  # DRF's Response, built now; a kept answer is bytes already
        response.render()
    return json.loads(response.content)


def _all(viewset: type, prefix: str) -> Iterator[dict]:
    path = f"/api/v1/{prefix}/"
    while path:
        data = _answer(viewset, "list", path)
        yield from data["results"]
        path = data.get("next") and urlsplit(data["next"])._replace(scheme="", netloc="").geturl()


# What a nested table calls the id of the row holding it: the endpoint's own name for one object
PARENT_COLUMN = {prefix.replace("/", "-"): basename.replace("-", "_") for prefix, _, basename in router.registry}


def record_collect() -> dict[str, list[dict]]:
    """Every object of every endpoint, as the API gives a visitor (details where they hold more)."""
    collected = {}
    for prefix, viewset, basename in router.registry:
        rows = list(_all(viewset, prefix))
        if basename in DETAILED:
            rows = [_answer(viewset, "retrieve", f"/api/v1/{prefix}/{row['id']}/", pk=row["id"]) for row in rows]
        collected[prefix.replace("/", "-")] = rows
    return collected


def _tables(name: str, parent: str, rows: list[dict]) -> dict[str, list[dict]]:
    """A CSV table for the rows' own values, and one for each list of objects they hold (its first column,
    named `parent`, the holding row's id)."""
    tables: dict[str, list[dict]] = {name: []}
    for row in rows:
        flat = {}
        for key, value in row.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                tables.setdefault(f"{name}-{key}", []).extend({parent: row.get("id"), **v} for v in value)
            elif isinstance(value, dict | list):
                flat[key] = json.dumps(value, sort_keys=True, ensure_ascii=False)
            else:
                flat[key] = value
        tables[name].append(flat)
    return tables


def _csv(rows: list[dict]) -> bytes:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        cells = [row.get(column) for column in columns]
        writer.writerow(
            [csv_cell(json.dumps(c) if isinstance(c, dict | list) else "" if c is None else c) for c in cells]
        )
    return out.getvalue().encode()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return "" if value is None else value


def _readme(files: dict[str, bytes], tables: dict[str, list[dict]], made_at: str) -> bytes:
    lines = [
        f"# {settings.PORTAL_BASE_URL}: the public record, {made_at}",
        "",
        "Every file holds what the portal's API (/api/v1/, documented at /api/v1/schema/) gives a visitor:",
        "the JSON files one endpoint's objects each, the CSV files one kind of row each (a list inside an",
        "object becomes a file of its own whose first column is the object's id). Times are UTC (ISO 8601).",
        "`SHA256SUMS` lists each file's SHA-256: check the archive with `sha256sum -c SHA256SUMS`.",
        "",
        "## Files and their fields",
        "",
    ]
    for name in sorted(files):
        table = tables.get(name.removesuffix(".csv")) if name.endswith(".csv") else None
        fields = sorted({key for row in table for key in row}) if table else []
        detail = f" ({len(table)} rows): {', '.join(fields)}" if table else ""
        lines.append(f"- `{name}`{detail}")
    return ("\n".join(lines) + "\n").encode()


def open_data_archive() -> bytes:
    """The zip of the public record (see the module's docstring)."""
    collected = record_collect()
    files: dict[str, bytes] = {}
    tables: dict[str, list[dict]] = {}
    for name, rows in collected.items():
        files[f"{name}.json"] = json.dumps(rows, indent=1, sort_keys=True, ensure_ascii=False).encode()
        tables.update(_tables(name, PARENT_COLUMN[name], rows))
    for name, rows in tables.items():
        files[f"{name}.csv"] = _csv(rows)
    made_at = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    files["README.md"] = _readme(files, tables, made_at)
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))
    folder, buffer = download_name("open-data"), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(f"{folder}/{name}", data)
        archive.writestr(f"{folder}/SHA256SUMS", manifest)
    return buffer.getvalue()


def _open_data(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(open_data_archive(), content_type="application/zip")
    attachment(response, "open-data.zip")
    return response


open_data = require_GET(public_record_view(_open_data))  # the method first: the cache answers any method
