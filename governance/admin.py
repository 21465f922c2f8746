"""The governance admin. Motions change state only through the portal's services, so the admin shows
a motion's record (status, electorate, transitions, objections, ballots, hash chain) read-only; the
charter, the roadmap and officer terms are edited here."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from governance import services
from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
    PlanTask,
    RoadmapEntry,
    RoadmapItem,
    RoadmapQuarter,
    RoadmapVector,
)


class RecordAdmin(admin.ModelAdmin):
    """View only: the motion's record is written by services and checked by its hash chain."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RecordInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TransitionInline(RecordInline):
    model = MotionTransition
    fields = ["at", "from_status", "to_status", "by", "note"]


class ObjectionInline(RecordInline):
    model = Objection
    fields = ["at", "company", "raised_by", "reason"]


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(OfficerTerm)
class OfficerTermAdmin(admin.ModelAdmin):
    list_display = ["office", "user", "company", "starts_on", "ends_on", "elected_by"]
    list_filter = ["office"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["elected_by"]


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    """Draft and run motions in the portal (/governance/); the admin corrects wording and links."""

    list_display = ["title", "kind", "status", "proposer", "consensus_deadline", "voting_deadline", "closed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "text"]
    date_hierarchy = "created_at"
    inlines = [CandidateInline, TransitionInline, ObjectionInline]
    raw_id_fields = ["meeting"]
    readonly_fields = [
        "kind",
        "status",
        "proposer",
        "subject_company",
        "secret_ballot",
        "electorate",
        "consensus_deadline",
        "notice_given_at",
        "cure_period_ends_at",
        "voting_deadline",
        "closed_at",
        "result_text",
        "tally",
        "log_head",
        "created_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MotionTransition)
class MotionTransitionAdmin(RecordAdmin):
    list_display = ["motion", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["user", "office", "company", "motion"]
    list_filter = ["office"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["motion"]


@admin.register(Objection)
class ObjectionAdmin(RecordAdmin):
    list_display = ["motion", "company", "raised_by", "at"]


@admin.register(Ballot)
class BallotAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Who voted how is published only after closing; the admin, like the record, only shows it."""

    list_display = ["motion", "company", "choice", "candidate", "cast_at", "changed_at"]
    list_filter = ["choice"]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a POSTed revert with view permission alone: it would rewrite a vote
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(MotionLogEntry)
class MotionLogEntryAdmin(RecordAdmin):
    list_display = ["motion", "seq", "event", "at", "hash"]
    list_filter = ["event"]
    search_fields = ["hash", "prev_hash"]


@admin.register(CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "effective_on", "change_summary", "author_name", "adopted_by"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["adopted_by"]


@admin.register(RoadmapVector)
class RoadmapVectorAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoadmapItem)
class RoadmapItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "vector", "team", "created_at"]
    list_filter = ["vector", "team"]
    search_fields = ["title", "description"]


class RoadmapEntryInline(admin.TabularInline):
    model = RoadmapEntry
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(RoadmapQuarter)
class RoadmapQuarterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "published_at"]
    inlines = [RoadmapEntryInline]


@admin.register(RoadmapEntry)
class RoadmapEntryAdmin(admin.ModelAdmin):
    list_display = ["quarter", "rank", "item"]
    list_filter = ["quarter"]
    autocomplete_fields = ["item"]


@admin.register(PlanTask)
class PlanTaskAdmin(SimpleHistoryAdmin):
    """The plan's rows, edited by the Secretariat through the same service as everywhere."""

    list_display = ["position", "title", "kind", "phase", "starts_on", "duration_days"]
    list_filter = ["kind"]

    def save_model(self, request, obj: PlanTask, form, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in services.PLAN_TASK_FIELDS if name in form.cleaned_data}
        saved = services.plan_task_save(task=obj if change else None, data=data, by=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj: PlanTask) -> None:
        services.plan_task_delete(task=obj, by=request.user)
