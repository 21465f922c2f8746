"""Meetings with their published agendas, minutes, decisions, action items and roll call by company.

Drafts and confidential board items reach only those the meeting pages show them to: the same
`Meeting.objects.visible_to`, `visible_to` on agenda items, decisions and action items, and
`meetings.permissions.minutes_for_viewer`.
"""

from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import serializers

from lcoo_portal.api.base import ModelSerializer, PageUrlField, PersonField, RecordViewSet, UTCDateTimeField
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Erratum, Kind, Meeting, Minutes
from meetings.permissions import minutes_for_viewer
from meetings.rollcall import roll_call


class MeetingSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    page_url = PageUrlField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    ends_at = UTCDateTimeField(read_only=True)
    series = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    minutes_published_at = UTCDateTimeField(source="published_minutes.published_at", read_only=True, allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "uid",
            "url",
            "page_url",
            "kind",
            "kind_label",
            "series",
            "title",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "place",
            "place_url",
            "status",
            "cancel_reason",
            "agenda_published_at",
            "minutes_published_at",
        ]


class AgendaItemSerializer(ModelSerializer):
    presenter = serializers.SerializerMethodField()
    presenter_company = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "position",
            "title",
            "presenter",
            "presenter_company",
            "minutes_allotted",
            "description",
            "confidential",
            "discussion",
        ]

    def get_presenter(self, item: AgendaItem) -> str:
        return str(item.presenter) if item.presenter_id else item.presenter_name


class MinutesSerializer(ModelSerializer):
    class Meta:
        model = Minutes
        fields = ["summary", "next_session", "next_meeting", "published_at"]


class DecisionSerializer(ModelSerializer):
    class Meta:
        model = Decision
        fields = ["id", "position", "agenda_item", "text"]


class ActionItemSerializer(ModelSerializer):
    owner = serializers.CharField(source="owner_label", read_only=True)
    company = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = ["id", "position", "agenda_item", "text", "owner", "company", "due_on", "status", "closed_at"]


class AttendanceGroupSerializer(serializers.Serializer):
    company = serializers.CharField(allow_null=True, help_text="The company's slug; null for people without one.")
    people = serializers.ListField(child=serializers.CharField())


class RollCallSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.SlugField(), help_text="Member companies present (slugs).")
    absent = serializers.ListField(child=serializers.SlugField(), help_text="Member companies absent (slugs).")
    seats = serializers.IntegerField(allow_null=True, help_text="Board meetings: the seats held at the start.")
    seats_present = serializers.IntegerField(allow_null=True)
    quorum = serializers.BooleanField(allow_null=True)


class ErratumSerializer(ModelSerializer):
    by = PersonField()

    class Meta:
        model = Erratum
        fields = ["part", "correction", "reason", "by", "at"]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(source="api_agenda", many=True, read_only=True)
    minutes = MinutesSerializer(source="api_minutes", read_only=True, allow_null=True)
    decisions = DecisionSerializer(source="api_decisions", many=True, read_only=True)
    action_items = ActionItemSerializer(source="api_action_items", many=True, read_only=True)
    attendance = AttendanceGroupSerializer(source="api_attendance", many=True, read_only=True)
    roll_call = RollCallSerializer(source="api_roll_call", read_only=True, allow_null=True)
    errata = ErratumSerializer(source="api_errata", many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "agenda",
            "minutes",
            "decisions",
            "action_items",
            "attendance",
            "roll_call",
            "errata",
        ]


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 time at any offset, compared in UTC (PostgreSQL refuses offsets beyond ±15:59)."""

    def filter(self, qs: QuerySet, value: datetime | None) -> QuerySet:
        if value is not None:
            try:
                value = value.astimezone(UTC)
            except OverflowError:  # beyond year 1 or 9999 once in UTC: before or after every meeting
                value = (datetime.min if value.year < 5000 else datetime.max).replace(tzinfo=UTC)
        return super().filter(qs, value)


class MeetingFilter(filters.FilterSet):
    starts_after = UTCDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = UTCDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    kind = filters.ChoiceFilter(choices=Kind.choices)
    status = filters.ChoiceFilter(choices=Meeting.Status.choices)

    class Meta:
        model = Meeting
        fields = ["kind", "status", "starts_after", "starts_before"]


def _attendance_groups(attendances: list[Attendance]) -> list[dict[str, Any]]:
    """Attendees under their company (people without one last), as the minutes list them."""
    groups: dict[str | None, list[str]] = {}
    for attendance in attendances:
        groups.setdefault(attendance.company.slug if attendance.company else None, []).append(str(attendance))
    return [
        {"company": slug, "people": people}
        for slug, people in sorted(groups.items(), key=lambda g: (g[0] is None, g[0] or ""))
    ]


class MeetingViewSet(RecordViewSet):
    """Meetings whose agenda is published (drafts too for the Secretariat), filtered by kind and dates."""

    filterset_class = MeetingFilter
    ordering = ("-starts_at", "-id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        return Meeting.objects.visible_to(self.request.user).listed().select_related("series")

    def prepare(self, rows: list[Any]) -> None:
        if self.action != "retrieve":
            return
        user = self.request.user
        for meeting in rows:
            minutes = minutes_for_viewer(user, meeting)
            meeting.api_agenda = list(
                AgendaItem.objects.visible_to(user)
                .filter(meeting=meeting)
                .select_related("presenter", "presenter_company")
            )
            meeting.api_minutes = minutes
            meeting.api_errata = list(meeting.errata.select_related("by"))
            meeting.api_decisions, meeting.api_action_items, meeting.api_attendance = [], [], []
            meeting.api_roll_call = None
            if minutes is None:
                continue
            attendances = list(meeting.attendances.select_related("user", "company"))
            meeting.api_decisions = list(Decision.objects.visible_to(user).filter(meeting=meeting))
            meeting.api_action_items = list(
                ActionItem.objects.visible_to(user).filter(meeting=meeting).select_related("owner", "company")
            )
            meeting.api_attendance = _attendance_groups(attendances)
            roll = roll_call(meeting, attendances)
            meeting.api_roll_call = {
                "present": [c.slug for c in roll.present],
                "absent": [c.slug for c in roll.absent],
                "seats": roll.seats,
                "seats_present": roll.seats_present,
                "quorum": roll.quorum if roll.seats is not None else None,
            }
