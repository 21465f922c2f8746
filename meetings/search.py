"""Full-text search over published agendas and minutes: PostgreSQL's ranked search on stored vectors
(GIN-indexed generated columns, migration 0002) with highlighted snippets; a plain match on SQLite, with
snippets built in Python (kernel.snippets).

Four queries a page whatever the size of the archive: agenda items, decisions, action items, minutes
summaries, each a page at a time. Confidential board items are searched only for those who may see
them (`visible_to`), and an agenda item's discussion only once its minutes are published.
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL

from kernel.markdown import MARK_START, MARK_STOP
from kernel.snippets import first_snippet
from meetings.models import ActionItem, AgendaItem, Decision, Minutes, published_minutes_q
from members.models import User

PAGE_SIZE = 20


@dataclass
class Results:
    agenda_items: list[AgendaItem]
    decisions: list[Decision]
    action_items: list[ActionItem]
    minutes: list[Minutes]
    page: int = 1
    has_next: bool = False

    @property
    def count(self) -> int:
        return len(self.agenda_items) + len(self.decisions) + len(self.action_items) + len(self.minutes)


def websearch_tamed(query: str) -> str:
    """The query with each run of punctuation holding several dashes reduced to one "-": PostgreSQL
    reads every dash as NOT, and a hundred nested NOTs fail with "tsquery stack too small"."""
    return re.sub(r'[^\w"]+', lambda run: run.group() if run.group().count("-") <= 1 else " -", query)


def _matches(table: str, column: str, query: str) -> RawSQL:
    sql = f"{table}.{column} @@ websearch_to_tsquery('english'::regconfig, %s)"
    return RawSQL(sql, [query], output_field=BooleanField())  # noqa: S611 (names are ours; the query is a parameter)


def _rank(table: str, column: str, query: str) -> RawSQL:
    sql = f"ts_rank({table}.{column}, websearch_to_tsquery('english'::regconfig, %s))"
    return RawSQL(sql, [query], output_field=FloatField())  # noqa: S611 (names are ours; the query is a parameter)


def _headline(field: str, query: str) -> SearchHeadline:
    return SearchHeadline(
        field,
        SearchQuery(query, search_type="websearch", config="english"),
        config="english",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=30,
        min_words=12,
    )


def _page(queryset: QuerySet, page: int) -> tuple[list, bool]:
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _plain(queryset: QuerySet, query: str, *fields: str) -> QuerySet:
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return queryset.filter(condition).order_by("-meeting__starts_at", "pk")


def search_meetings(query: str, user: User | AnonymousUser, page: int = 1) -> Results:
    published = published_minutes_q("meeting__minutes__")  # an item's discussion is public with the minutes
    items = AgendaItem.objects.visible_to(user).of_published_agenda()
    decisions = Decision.objects.visible_to(user).of_published_minutes()
    actions = ActionItem.objects.visible_to(user).of_published_minutes()
    minutes = Minutes.objects.published()
    if connection.vendor == "postgresql":
        query = websearch_tamed(query)
        item_table, text = AgendaItem._meta.db_table, "search_text"
        items = (
            items.filter(
                _matches(item_table, "search_public", query)
                | (published & _matches(item_table, "search_discussion", query))
            )
            .annotate(
                rank=_rank(item_table, "search_public", query)
                + Case(When(published, then=_rank(item_table, "search_discussion", query)), default=Value(0.0)),
                snippet=Case(
                    When(published, then=_headline("discussion", query)),
                    default=_headline("description", query),
                    output_field=TextField(),
                ),
            )
            .order_by("-rank", "-meeting__starts_at", "pk")
        )

        def ranked(queryset: QuerySet, model: type[Decision | ActionItem | Minutes], snippet_field: str) -> QuerySet:
            table = model._meta.db_table
            return (
                queryset.filter(_matches(table, text, query))
                .annotate(rank=_rank(table, text, query), snippet=_headline(snippet_field, query))
                .order_by("-rank", "-meeting__starts_at", "pk")
            )

        decisions = ranked(decisions, Decision, "text")
        actions = ranked(actions, ActionItem, "text")
        minutes = ranked(minutes, Minutes, "summary")
    else:
        items = _plain(
            items.annotate(
                public_discussion=Case(
                    When(published, then=F("discussion")), default=Value(""), output_field=TextField()
                )
            ),
            query,
            "title",
            "description",
            "public_discussion",
        )
        decisions = _plain(decisions, query, "text")
        actions = _plain(actions, query, "text")
        minutes = _plain(minutes, query, "summary", "next_session")
    pages = [
        _page(items.select_related("meeting"), page),
        _page(decisions.select_related("meeting"), page),
        _page(actions.select_related("meeting", "owner", "company"), page),
        _page(minutes.select_related("meeting"), page),
    ]
    results = Results(*(rows for rows, _more in pages), page=page, has_next=any(more for _rows, more in pages))
    if connection.vendor != "postgresql":  # PostgreSQL's headlines are annotated above; elsewhere, built here
        for item in results.agenda_items:  # the discussion only where its minutes are published
            item.snippet = first_snippet(query, item.public_discussion, item.description)
        for record in results.minutes:
            record.snippet = first_snippet(query, record.summary, record.next_session)
    return results
