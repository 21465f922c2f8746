"""Member companies and teams, as the directory, the company pages and the teams page show them."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from lcoo_portal.api.base import ModelSerializer, PageUrlField, PersonField, RecordViewSet
from members.compliance import MET, NOT_MET, UNKNOWN, compliance_evaluate_many
from members.models import Company, MembershipTransition, RoleAssignment, Team, TeamMembership


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    state = serializers.ChoiceField(choices=[MET, NOT_MET, UNKNOWN])
    reason = serializers.CharField()


class ComplianceSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[MET, NOT_MET, UNKNOWN])
    criteria = CriterionSerializer(many=True)


class TransitionSerializer(ModelSerializer):
    by = PersonField()

    class Meta:
        model = MembershipTransition
        fields = ["from_status", "to_status", "at", "by", "reason", "reference"]


class RoleSerializer(ModelSerializer):
    person = PersonField(source="user")

    class Meta:
        model = RoleAssignment
        fields = ["role", "person", "started_at"]


class CompanySerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:company-detail", lookup_field="slug")
    page_url = PageUrlField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    hq_time_zone = serializers.CharField(read_only=True)
    compliance = ComplianceSerializer(source="api_compliance", read_only=True)
    roles = RoleSerializer(source="current_roles", many=True, read_only=True)
    transitions = TransitionSerializer(source="api_transitions", many=True, read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "slug",
            "name",
            "url",
            "page_url",
            "status",
            "status_label",
            "member_since",
            "website",
            "hq_country",
            "hq_time_zone",
            "operator_kind",
            "contributing_ftes",
            "roadmap_ftes",
            "ftes_declared_at",
            "compliance",
            "roles",
            "transitions",
        ]


class CompanyFilter(filters.FilterSet):
    class Meta:
        model = Company
        fields = ["status", "operator_kind"]


SLUG_PATTERN = "[-a-zA-Z0-9_]+"
# the slug as the address takes it, so generated clients (and the schemathesis run) send valid ones
BY_SLUG = extend_schema_view(
    retrieve=extend_schema(
        parameters=[OpenApiParameter("slug", {"type": "string", "pattern": f"^{SLUG_PATTERN}$"}, OpenApiParameter.PATH)]
    )
)


@BY_SLUG
class CompanyViewSet(RecordViewSet):
    """Companies: members, applicants and former members, with the charter's criteria and why."""

    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering = ("name",)

    def get_queryset(self) -> QuerySet[Company]:
        transitions = MembershipTransition.objects.select_related("by")
        return Company.objects.with_people().prefetch_related(
            Prefetch("transitions", queryset=transitions, to_attr="api_transitions")
        )

    def prepare(self, rows: list[Any]) -> None:
        compliance = compliance_evaluate_many(rows)
        for company in rows:
            company.api_compliance = compliance[company.pk]


class TeamMemberSerializer(ModelSerializer):
    person = PersonField(source="user")
    company = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = TeamMembership
        fields = ["person", "company", "is_lead", "joined_at"]


class TeamRoadmapItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TeamSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:team-detail", lookup_field="slug")
    page_url = serializers.SerializerMethodField()
    members = TeamMemberSerializer(source="current_members", many=True, read_only=True)
    roadmap_items = TeamRoadmapItemSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "slug", "name", "url", "page_url", "purpose", "links", "members", "roadmap_items"]

    def get_page_url(self, team: Team) -> str:
        # the teams page lists every team, each under its own anchor
        return self.context["request"].build_absolute_uri(f"{reverse('governance:teams')}#team-{team.slug}")


@BY_SLUG
class TeamViewSet(RecordViewSet):
    """The functional specialty teams with their current members and roadmap items."""

    serializer_class = TeamSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    ordering = ("name",)

    def get_queryset(self) -> QuerySet[Team]:
        memberships = TeamMembership.objects.filter(left_at__isnull=True).select_related("user", "company")
        return Team.objects.prefetch_related(
            Prefetch("memberships", queryset=memberships, to_attr="current_members"), "roadmap_items"
        )
