"""What every endpoint shares: times in UTC, page URLs, and the visitors' conditional answers and CORS."""

import hashlib
from collections.abc import Callable
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.http import HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.public_record import public_record_version


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
        version = public_record_version(request._request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"api:{connection.settings_dict['NAME']}:{version}:{path}"
        etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
        last_modified = version // 1_000_000_000
        not_modified = get_conditional_response(request._request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            response = not_modified
        else:
            # the rendered JSON is kept, so a visitor's repeated answer is neither queried nor encoded again
            content = cache.get(key) if settings.PORTAL_PAGE_CACHE else None
            if content is not None:
                response = HttpResponse(content, content_type="application/json")
            else:
                response = build()
                if response.status_code == 200 and settings.PORTAL_PAGE_CACHE:
                    cache.set(key, JSONRenderer().render(response.data), settings.PORTAL_PAGE_CACHE_SECONDS)
            if response.status_code == 200:
                response["ETag"] = etag
                response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, no_cache=True)
        return response

    def finalize_response(self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if not request.user.is_authenticated:
            response["Access-Control-Allow-Origin"] = "*"
        return response
