"""What every endpoint shares: times in UTC, page URLs, and the visitors' conditional answers and CORS."""

from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.db import models
from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from lcoo_portal.api.visitors import VARY, conditional, visitor_headers, visitor_keep, visitor_lookup


class UTCDateTimeField(serializers.DateTimeField):
    """Every time in UTC, whatever the reader's zone: the same data for every reader."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(*args, **kwargs)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's page on the portal (its `get_absolute_url`), as an absolute address."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


class PersonField(serializers.CharField):
    """A person as the pages name them (their display name, never their address)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only endpoint of the public record.

    A visitor's answer is the same for every visitor until the public record changes: it carries an ETag
    and a Last-Modified from the record's version, a matching conditional request gets 304, the data is
    kept in the cache like the visitors' pages, and any origin may read it (CORS, without credentials).
    A signed-in reader's answer is private to them and never cached.
    """

    ordering: tuple[str, ...] = ("id",)

    def prepare(self, rows: list[Any]) -> None:
        """Attach what the serializer needs to a page of rows, in a constant number of queries."""

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.prepare(page)
        return page

    def get_object(self) -> Any:
        obj = super().get_object()
        self.prepare([obj])
        return obj

    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._answer(request, lambda: super(RecordViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self._answer(request, lambda: super(RecordViewSet, self).retrieve(request, *args, **kwargs))

    def _answer(self, request: Request, build: Callable[[], Response]) -> HttpResponseBase:
        if request.user.is_authenticated:
            response = build()
            patch_cache_control(response, private=True, no_cache=True)
            return response
        # the version, the kept answer and the address's count: one round trip, shared with the throttle and
        # with the middleware that serves kept answers before DRF (lcoo_portal/api/visitors.py)
        lookup = visitor_lookup(request._request)
        response = conditional(request._request, lookup)
        if response is None:
            if lookup.kept is not None:
                response = HttpResponse(lookup.kept, content_type="application/json")
            else:
                response = build()
                if response.status_code == 200:
                    # kept rendered, so a visitor's repeated answer is neither queried nor encoded again
                    visitor_keep(lookup, JSONRenderer().render(response.data))
        visitor_headers(response, lookup)
        return response

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, VARY)
        if not request.user.is_authenticated:
            response["Access-Control-Allow-Origin"] = "*"
        return response
