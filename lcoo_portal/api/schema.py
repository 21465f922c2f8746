"""The schema states every answer an endpoint gives, refusals included, so a client (and the schemathesis
run) can rely on it."""

from typing import Any

ERRORS = {
    "400": "A filter's value is not valid (the answer names the filter).",
    "401": "The token is unknown, revoked or expired.",
    "404": "No such object for this reader, or a cursor that is not valid.",
    "429": "Too many requests: wait the seconds Retry-After says.",
}
PROBLEM = {
    "type": "object",
    "description": "Why the request was refused: `detail`, or each refused filter with its messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular's post-processing hook: every operation documents its refusals."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    },
                )
            responses.setdefault("304", {"description": "Not modified since the ETag or date the visitor sent."})
    return result
