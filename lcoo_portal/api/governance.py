"""Motions with their result, recorded ballots and record; the charter; the roadmap, the plan."""

import difflib
import itertools
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance import permissions
from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    Motion,
    MotionTransition,
    Objection,
    PlanTask,
    RoadmapEntry,
    RoadmapItem,
    RoadmapQuarter,
)
from governance.record import motion_export
from governance.rules import rules_for
from lcoo_portal.api.base import ModelSerializer, PageUrlField, PersonField, RecordViewSet
from members.models import User


def motions_visible_to(user: User | AnonymousUser) -> QuerySet[Motion]:
    """The motions this person's motion pages show them: the pages' one rule (`Motion.objects.visible_to`)."""
    return Motion.objects.visible_to(user)


class MotionSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:motion-detail")
    page_url = PageUrlField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    proposer = PersonField()
    subject_company = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    log_head = serializers.CharField(read_only=True, help_text="The hash of the last entry of the motion's record.")

    class Meta:
        model = Motion
        fields = [
            "id",
            "url",
            "page_url",
            "title",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "proposer",
            "subject_company",
            "meeting",
            "secret_ballot",
            "created_at",
            "consensus_deadline",
            "voting_deadline",
            "closed_at",
            "result_text",
            "log_head",
        ]


class MotionTransitionSerializer(ModelSerializer):
    by = PersonField()

    class Meta:
        model = MotionTransition
        fields = ["from_status", "to_status", "at", "by", "note"]


class ObjectionSerializer(ModelSerializer):
    company = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Objection
        fields = ["company", "reason", "at", "withdrawn_at"]


class CandidateSerializer(ModelSerializer):
    person = PersonField(source="user")
    company = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "office", "person", "company"]


class BallotSerializer(ModelSerializer):
    company = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Ballot
        fields = ["company", "choice", "candidate", "cast_at", "changed_at"]


class RulesSerializer(serializers.Serializer):
    quorum = serializers.CharField()
    threshold = serializers.CharField()


class MotionDetailSerializer(MotionSerializer):
    record_url = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    tally = serializers.DictField(read_only=True, help_text="The counts once the motion closed.")
    electorate = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    transitions = MotionTransitionSerializer(many=True, read_only=True)
    objections = ObjectionSerializer(many=True, read_only=True)
    candidates = CandidateSerializer(many=True, read_only=True)
    ballots = BallotSerializer(
        source="api_ballots", many=True, read_only=True, help_text="Recorded ballots once closed; never a secret one."
    )
    record = serializers.SerializerMethodField()

    class Meta(MotionSerializer.Meta):
        fields = [
            *MotionSerializer.Meta.fields,
            "text",
            "charter_text",
            "charter_change_summary",
            "rules",
            "tally",
            "electorate",
            "transitions",
            "objections",
            "candidates",
            "ballots",
            "record_url",
            "record",
        ]

    @extend_schema_field(RulesSerializer)
    def get_rules(self, motion: Motion) -> dict[str, str]:
        return rules_for(motion.kind)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_record_url(self, motion: Motion) -> str | None:
        if not permissions.record_is_published(motion):
            return None
        return self.context["request"].build_absolute_uri(reverse("governance:motion-record-json", args=[motion.pk]))

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_record(self, motion: Motion) -> dict[str, Any] | None:
        """The motion's whole hash-chained record, as `record.json` offers it, once the motion closes."""
        return motion_export(motion) if permissions.record_is_published(motion) else None


class MotionFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Motion.Kind.choices)
    status = filters.ChoiceFilter(choices=Motion.Status.choices)

    class Meta:
        model = Motion
        fields = ["kind", "status"]


class MotionViewSet(RecordViewSet):
    """Motions the reader's motion pages show them, newest first."""

    filterset_class = MotionFilter
    ordering = ("-created_at", "-id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return MotionDetailSerializer if self.action == "retrieve" else MotionSerializer

    def get_queryset(self) -> QuerySet[Motion]:
        if getattr(self, "swagger_fake_view", False):  # the schema's generator asks for the model only
            return Motion.objects.none()
        motions = motions_visible_to(self.request.user).for_lists()
        if self.action == "retrieve":
            motions = motions.prefetch_related(
                "electorate",
                Prefetch("transitions", queryset=MotionTransition.objects.select_related("by")),
                Prefetch("objections", queryset=Objection.objects.select_related("company")),
                Prefetch("candidates", queryset=Candidate.objects.select_related("user", "company")),
            )
        return motions

    def prepare(self, rows: list[Any]) -> None:
        if self.action != "retrieve":
            return
        for motion in rows:
            shown = permissions.shows_recorded_ballots(motion)
            motion.api_ballots = list(motion.ballots.select_related("company")) if shown else []


class CharterVersionSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:charter-version-detail", lookup_field="number")
    page_url = serializers.SerializerMethodField()
    author = serializers.CharField(source="author_name", read_only=True)
    adopted_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = CharterVersion
        fields = [
            "id",
            "number",
            "url",
            "page_url",
            "effective_on",
            "change_summary",
            "author",
            "adopted_by",
            "text_preserved",
            "text",
            "changes",
        ]

    def get_page_url(self, version: CharterVersion) -> str:
        return self.context["request"].build_absolute_uri(reverse("governance:charter-version", args=[version.number]))

    @extend_schema_field({"type": "string", "nullable": True})
    def get_changes(self, version: CharterVersion) -> str | None:
        """A unified diff from the previous version whose text is preserved (null when there is none)."""
        previous = self.context["previous_text"].get(version.number)
        if previous is None or not version.text_preserved:
            return None
        text, number = previous
        lines = difflib.unified_diff(
            text.splitlines(), version.text.splitlines(), f"v{number}", f"v{version.number}", lineterm=""
        )
        return "\n".join(lines)


class CharterVersionViewSet(RecordViewSet):
    """The charter's versions, newest first, each with its text and its changes from the one before."""

    serializer_class = CharterVersionSerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    ordering = ("-number",)
    queryset = CharterVersion.objects.all()

    def get_serializer_context(self) -> dict[str, Any]:
        preserved = list(CharterVersion.objects.filter(text_preserved=True).order_by("number").values("number", "text"))
        previous = {
            later["number"]: (earlier["text"], earlier["number"]) for earlier, later in itertools.pairwise(preserved)
        }
        return {**super().get_serializer_context(), "previous_text": previous}


class RoadmapItemSerializer(ModelSerializer):
    vector = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    team = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = RoadmapItem
        fields = ["id", "title", "vector", "description", "team", "upstream_links"]


class RoadmapEntrySerializer(ModelSerializer):
    item = RoadmapItemSerializer(read_only=True)

    class Meta:
        model = RoadmapEntry
        fields = ["rank", "item"]


class RoadmapQuarterSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:roadmap-quarter-detail")
    page_url = serializers.SerializerMethodField()
    entries = RoadmapEntrySerializer(source="ranked", many=True, read_only=True)

    class Meta:
        model = RoadmapQuarter
        fields = ["id", "year", "quarter", "url", "page_url", "summary", "published_at", "entries"]

    def get_page_url(self, quarter: RoadmapQuarter) -> str:
        return self.context["request"].build_absolute_uri(reverse("governance:roadmap"))


class RoadmapQuarterViewSet(RecordViewSet):
    """The published quarters of the roadmap, newest first, with their ranked items."""

    serializer_class = RoadmapQuarterSerializer
    ordering = ("-id",)

    def get_queryset(self) -> QuerySet[RoadmapQuarter]:
        entries = RoadmapEntry.objects.select_related("item__vector", "item__team").order_by("rank")
        return RoadmapQuarter.objects.published().prefetch_related(
            Prefetch("entries", queryset=entries, to_attr="ranked")
        )


class RoadmapItemViewSet(RecordViewSet):
    """The roadmap's items, by vector, each owned by a team."""

    serializer_class = RoadmapItemSerializer
    ordering = ("id",)
    queryset = RoadmapItem.objects.select_related("vector", "team")


class PlanTaskSerializer(ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:plan-task-detail")
    page_url = serializers.SerializerMethodField()
    phase = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    finishes_on = serializers.DateField(read_only=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "position",
            "url",
            "page_url",
            "title",
            "kind",
            "phase",
            "starts_on",
            "duration_days",
            "finishes_on",
        ]

    def get_page_url(self, task: PlanTask) -> str:
        return self.context["request"].build_absolute_uri(reverse("governance:roadmap"))


class PlanTaskViewSet(RecordViewSet):
    """The coalition's plan: phases, tasks with a start and a duration in working days, milestones."""

    serializer_class = PlanTaskSerializer
    ordering = ("position",)
    queryset = PlanTask.objects.select_related("phase")
