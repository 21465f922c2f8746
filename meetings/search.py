"""Full-text search over published agendas and minutes: PostgreSQL's ranked search, a plain match on SQLite.

Four queries whatever the number of meetings: agenda items, decisions, action items, minutes summaries.
Confidential board items are never searched.
"""

from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
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


def _ranked(queryset: QuerySet, query: str, *fields, search_type: str = "websearch") -> QuerySet:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="english")
        search_query = SearchQuery(query, search_type=search_type, config="english")
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


def search_meetings(query: str) -> Results:
    """Web-search syntax ("quoted phrases", -excluded words); a query PostgreSQL cannot parse (thousands
    of nested operators make "tsquery stack too small") is searched again as plain words."""
    try:
        with transaction.atomic():
            return _search(query, "websearch")
    except DatabaseError:
        return _search(query, "plain")


def _search(query: str, search_type: str) -> Results:
    published = Q(meeting__minutes__published_at__isnull=False)
    items = AgendaItem.objects.filter(meeting__agenda_published_at__isnull=False, confidential=False).annotate(
        public_discussion=Case(When(published, then=F("discussion")), default=Value(""), output_field=TextField())
    )
    item_fields = ("title", "description", "public_discussion")
    return Results(
        agenda_items=list(
            _ranked(items, query, *item_fields, search_type=search_type).select_related("meeting")[:LIMIT]
        ),
        decisions=list(
            _ranked(
                Decision.objects.filter(published).exclude(agenda_item__confidential=True),
                query,
                "text",
                search_type=search_type,
            ).select_related("meeting")[:LIMIT]
        ),
        action_items=list(
            _ranked(
                ActionItem.objects.filter(published).exclude(agenda_item__confidential=True),
                query,
                "text",
                search_type=search_type,
            ).select_related("meeting", "owner", "company")[:LIMIT]
        ),
        minutes=list(
            _ranked(
                Minutes.objects.filter(published_at__isnull=False),
                query,
                "summary",
                "next_session",
                search_type=search_type,
            ).select_related("meeting")[:LIMIT]
        ),
    )
