"""Full-text search over published agendas and minutes: PostgreSQL's ranked search, a plain match on SQLite.

Four queries whatever the number of meetings: agenda items, decisions, action items, minutes summaries.
Confidential board items are searched only for those who may see them.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Q, QuerySet, TextField, Value, When

from meetings.models import ActionItem, AgendaItem, Decision, Minutes

LIMIT = 50


@dataclass
class Results:
    agenda_items: list[AgendaItem]
    decisions: list[Decision]
    action_items: list[ActionItem]
    minutes: list[Minutes]

    @property
    def count(self) -> int:
        return len(self.agenda_items) + len(self.decisions) + len(self.action_items) + len(self.minutes)


def websearch_tamed(query: str) -> str:
    """The query with each run of punctuation holding several dashes reduced to one "-": PostgreSQL
    reads every dash as NOT, and a hundred nested NOTs fail with "tsquery stack too small"."""
    return re.sub(r'[^\w"]+', lambda run: run.group() if run.group().count("-") <= 1 else " -", query)


def _ranked(queryset: QuerySet, query: str, *fields) -> QuerySet:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="english")
        search_query = SearchQuery(websearch_tamed(query), search_type="websearch", config="english")
        return (
            queryset.annotate(rank=SearchRank(vector, search_query))
            .filter(rank__gt=0)
            .order_by("-rank", "-meeting__starts_at")
        )
    condition = Q()
    for field in fields:
        name = field if isinstance(field, str) else field.name
        condition |= Q(**{f"{name}__icontains": query})
    return queryset.filter(condition).order_by("-meeting__starts_at")


def search_meetings(query: str, user) -> Results:
    published = Q(meeting__minutes__published_at__isnull=False)
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting__agenda_published_at__isnull=False)
        .annotate(
            public_discussion=Case(When(published, then=F("discussion")), default=Value(""), output_field=TextField())
        )
    )
    item_fields = ("title", "description", "public_discussion")
    return Results(
        agenda_items=list(_ranked(items, query, *item_fields).select_related("meeting")[:LIMIT]),
        decisions=list(
            _ranked(Decision.objects.visible_to(user).filter(published), query, "text").select_related("meeting")[
                :LIMIT
            ]
        ),
        action_items=list(
            _ranked(ActionItem.objects.visible_to(user).filter(published), query, "text").select_related(
                "meeting", "owner", "company"
            )[:LIMIT]
        ),
        minutes=list(
            _ranked(
                Minutes.objects.filter(published_at__isnull=False), query, "summary", "next_session"
            ).select_related("meeting")[:LIMIT]
        ),
    )
