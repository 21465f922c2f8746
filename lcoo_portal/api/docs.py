"""The API's documentation page: drawn by the server from the OpenAPI schema itself (no script, no CDN)."""

import functools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return _ref_name(schema)
    if "allOf" in schema:
        return " & ".join(_type(part) for part in schema["allOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    kind = schema.get("type", "object")
    if "enum" in schema:
        kind += " (" + ", ".join(str(v) for v in schema["enum"] if v not in (None, "")) + ")"
    if schema.get("format"):
        kind += f", {schema['format']}"
    if schema.get("nullable"):
        kind += ", or null"
    return kind


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            response = operation.get("responses", {}).get("200", {})
            body = response.get("content", {}).get("application/json", {}).get("schema", {})
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "returns": _type(body) if body else "",
                }
            )
    return operations


def _components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    components = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        fields = [
            {"name": field, "type": _type(spec), "description": spec.get("description", "")}
            for field, spec in component.get("properties", {}).items()
        ]
        components.append({"name": name, "description": component.get("description", ""), "fields": fields})
    return components


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    """Every endpoint, its parameters and what it returns, field by field, from the live schema."""
    return render(request, "api/docs.html", {**_described(), "schema_url": reverse("api:schema")})


@functools.cache
def _described() -> dict[str, Any]:
    """The schema changes only with the code: described once per process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {"info": schema.get("info", {}), "operations": _operations(schema), "components": _components(schema)}
