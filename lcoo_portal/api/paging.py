"""Cursor pages: stable under insertions, each view naming its own ordering (ending on a unique field)."""

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 200

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                # opaque, but base64: say so, so that clients (and the schemathesis run) send only what it can be
                parameter["schema"] = {"type": "string", "pattern": "^[A-Za-z0-9+/=]*$"}
        return parameters

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> tuple[str, ...]:
        return tuple(view.ordering)
