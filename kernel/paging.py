"""Lists paginate instead of cutting silently; archives narrow by year."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(request: HttpRequest, queryset: QuerySet | list, per_page: int) -> Page:
    """The requested page (a bad or out-of-range number gives the first or last page)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without the named parameters, for the links of a pager or an archive."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def year_param(request: HttpRequest, years: list[int]) -> int | None:
    """The `year` asked for, when it is one of the archive's years."""
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and int(value) in years else None
