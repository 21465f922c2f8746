"""The governance admin. Motions change state only through the portal's services, so the admin shows
a motion's record (status, electorate, transitions, objections, ballots, hash chain) read-only; the
charter, the quarters' roadmaps and officer terms are the board's decisions: the Secretariat sees them here,
only the superuser edits them (kernel/admin.py). The plan and the roadmap's items are the Secretariat's
to keep, on the portal's pages (governance.views.plan); here they are saved through the same services."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    ConsensusStance,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
    PlanTask,
    RegisterEntry,
    RoadmapEntry,
    RoadmapItem,
    RoadmapQuarter,
    RoadmapVector,
)
from governance.register import charter_version_register, officer_term_register
from governance.services import plan
from governance.services.drafting import candidate_remove, candidate_save
from kernel.admin import (
    ClerkReadOnlyAdmin,
    ClerkReadOnlyInline,
    ReadOnlyForClerksMixin,
    ServiceAdminMixin,
    ViewOnlyMixin,
)
from members.models import User


class RecordAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """View only: the motion's record is written by services and checked by its hash chain."""


class RecordInline(ViewOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class TransitionInline(RecordInline):
    model = MotionTransition
    fields = ["at", "from_status", "to_status", "by", "note"]


class ObjectionInline(RecordInline):
    model = Objection
    fields = ["at", "company", "raised_by", "reason"]


def _is_draft(motion: Motion | None) -> bool:
    return motion is None or motion.status == Motion.Status.DRAFT


class CandidateInline(ClerkReadOnlyInline):
    """Candidates of a draft election; frozen (shown only) once the motion opens."""

    model = Candidate
    autocomplete_fields = ["user"]

    def has_add_permission(self, request: HttpRequest, obj: Motion | None = None) -> bool:
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Motion | None = None) -> bool:
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Motion | None = None) -> bool:
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(OfficerTerm)
class OfficerTermAdmin(ClerkReadOnlyAdmin):
    list_display = ["office", "user", "company", "starts_on", "ends_on", "elected_by"]
    list_filter = ["office"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["elected_by"]

    # a term typed in (or corrected) here is recorded in the register, so no change outside it goes unseen
    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: OfficerTerm, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        officer_term_register(term=obj)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: OfficerTerm) -> None:
        officer_term_register(term=obj, removed=True)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OfficerTerm]) -> None:
        for term in queryset:
            officer_term_register(term=term, removed=True)
        super().delete_queryset(request, queryset)


@admin.register(Motion)
class MotionAdmin(ClerkReadOnlyAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Motion | None = None) -> bool:
        """A motion's wording is part of its record from the moment it opens: only a draft is corrected here."""
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Motion | None = None) -> bool:
        return False

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is not Candidate:
            return super().save_formset(request, form, formset, change)
        try:
            for candidate in formset.save(commit=False):
                candidate_save(candidate=candidate, by=request.user)
            for candidate in formset.deleted_objects:
                candidate_remove(candidate=candidate, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


@admin.register(MotionTransition)
class MotionTransitionAdmin(RecordAdmin):
    list_display = ["motion", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]


@admin.register(Candidate)
class CandidateAdmin(ServiceAdminMixin, ClerkReadOnlyAdmin):
    """Candidates change through `candidate_save`, which refuses once the election opens."""

    list_display = ["user", "office", "company", "motion"]
    list_filter = ["office"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["motion"]

    def has_change_permission(self, request: HttpRequest, obj: Candidate | None = None) -> bool:
        return (obj is None or _is_draft(obj.motion)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Candidate | None = None) -> bool:
        return (obj is None or _is_draft(obj.motion)) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Candidate, form: ModelForm, change: bool) -> None:
        candidate_save(candidate=obj, by=request.user)

    def delete_model(self, request: HttpRequest, obj: Candidate) -> None:
        candidate_remove(candidate=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Objection)
class ObjectionAdmin(RecordAdmin):
    list_display = ["motion", "company", "raised_by", "at", "withdrawn_at"]


@admin.register(ConsensusStance)
class ConsensusStanceAdmin(RecordAdmin):
    list_display = ["motion", "company", "stance", "by", "at"]


SEALED = "Sealed while voting is open"


def ballot_is_sealed(motion: Motion) -> bool:
    """Nobody, staff included, sees how the tally moves while voting is open, nor ever who voted how
    in a secret ballot: the admin then shows that a seat voted, not its vote."""
    return motion.status == Motion.Status.VOTING or motion.secret_ballot


@admin.register(Ballot)
class BallotAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Which seats have voted; how they voted only once a recorded vote has closed."""

    list_display = ["motion", "company", "vote", "cast_at", "changed_at"]
    list_select_related = ["motion", "company", "candidate__user"]
    fields = ["motion", "company", "cast_by", "vote", "receipt_hash", "cast_at", "changed_at"]
    readonly_fields = fields

    @admin.display(description="Vote")
    def vote(self, ballot: Ballot) -> str:
        if ballot_is_sealed(ballot.motion):
            return "Secret ballot" if ballot.motion.secret_ballot else SEALED
        return str(ballot.candidate.user) if ballot.candidate_id else ballot.get_choice_display()

    def _refuse_if_sealed(self, object_id: str) -> None:
        ballot = Ballot.objects.select_related("motion").filter(pk=object_id).first()
        if ballot is not None and ballot_is_sealed(ballot.motion):
            raise PermissionDenied("A ballot's versions are shown only once a recorded vote has closed.")

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        self._refuse_if_sealed(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        # simple_history saves a POSTed revert with view permission alone: it would rewrite a vote
        if request.method == "POST":
            raise PermissionDenied
        self._refuse_if_sealed(object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(MotionLogEntry)
class MotionLogEntryAdmin(RecordAdmin):
    list_display = ["motion", "seq", "event", "at", "hash"]
    list_filter = ["event"]
    search_fields = ["hash", "prev_hash"]
    fields = ["motion", "seq", "at", "event", "entry", "prev_hash", "hash"]
    readonly_fields = fields

    @admin.display(description="Payload")
    def entry(self, log_entry: MotionLogEntry) -> str:
        # the record is published when the motion closes; until then a ballot's entry is sealed
        if log_entry.event == "ballot" and log_entry.motion.status == Motion.Status.VOTING:
            return SEALED
        return json.dumps(log_entry.payload, sort_keys=True, ensure_ascii=False)


@admin.register(RegisterEntry)
class RegisterEntryAdmin(RecordAdmin):
    """The register (governance/register.py): read-only for everyone, like a motion's record."""

    list_display = ["seq", "kind", "at", "hash"]
    list_filter = ["kind"]
    search_fields = ["hash", "prev_hash"]
    fields = ["seq", "at", "kind", "entry", "prev_hash", "hash"]
    readonly_fields = fields

    @admin.display(description="Payload")
    def entry(self, register_entry: RegisterEntry) -> str:
        return json.dumps(register_entry.payload, sort_keys=True, ensure_ascii=False)


@admin.register(CharterVersion)
class CharterVersionAdmin(ClerkReadOnlyAdmin):
    """Earlier versions are typed in from the change history; a version a motion adopted is final."""

    list_display = ["number", "effective_on", "change_summary", "author_name", "adopted_by"]
    autocomplete_fields = ["author"]
    readonly_fields = ["adopted_by"]

    def has_change_permission(self, request: HttpRequest, obj: CharterVersion | None = None) -> bool:
        return (obj is None or obj.adopted_by_id is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: CharterVersion | None = None) -> bool:
        return (obj is None or obj.adopted_by_id is None) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CharterVersion]) -> None:
        if queryset.filter(adopted_by__isnull=False).exists():
            raise PermissionDenied("A charter version adopted by a motion cannot be deleted.")
        for version in queryset:
            charter_version_register(version=version, removed=True)
        super().delete_queryset(request, queryset)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: CharterVersion) -> None:
        charter_version_register(version=obj, removed=True)
        super().delete_model(request, obj)

    # a version typed in (or corrected) here is recorded in the register with its text's hash
    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: CharterVersion, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        charter_version_register(version=obj)


@admin.register(RoadmapVector)
class RoadmapVectorAdmin(ClerkReadOnlyAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}


class PlanRowServicesMixin:
    """Saves and deletes a row of the plan or a roadmap item through its services (governance/services/plan.py),
    the same as the Secretariat's pages: `fields_saved`, `save_row(row or None, data, by)`, `delete_row(row, by)`."""

    fields_saved: tuple[str, ...]

    def save_row(self, row: Model | None, data: dict, by: User) -> Model:
        raise NotImplementedError

    def delete_row(self, row: Model, by: User) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in self.fields_saved if name in form.cleaned_data}
        saved = self.save_row(obj if change else None, data, request.user)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        self.delete_row(obj, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for row in list(queryset):
            if type(row).objects.filter(pk=row.pk).exists():  # a phase deleted earlier took its rows
                self.delete_row(row, request.user)


@admin.register(RoadmapItem)
class RoadmapItemAdmin(PlanRowServicesMixin, ServiceAdminMixin, ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    """Roadmap items, saved and deleted through the same services as the Secretariat's pages; its history
    is shown, never reverted (a revert would write around the services)."""

    list_display = ["title", "vector", "team", "created_at"]
    list_filter = ["vector", "team"]
    search_fields = ["title", "description"]

    fields_saved = plan.ROADMAP_ITEM_FIELDS

    def save_row(self, row: RoadmapItem | None, data: dict, by: User) -> RoadmapItem:
        return plan.roadmap_item_save(item=row, data=data, by=by)

    def delete_row(self, row: RoadmapItem, by: User) -> None:
        plan.roadmap_item_delete(item=row, by=by)


class RoadmapEntryInline(ClerkReadOnlyInline):
    model = RoadmapEntry
    autocomplete_fields = ["item"]


@admin.register(RoadmapQuarter)
class RoadmapQuarterAdmin(ClerkReadOnlyAdmin):
    list_display = ["__str__", "published_at"]
    inlines = [RoadmapEntryInline]


@admin.register(RoadmapEntry)
class RoadmapEntryAdmin(ClerkReadOnlyAdmin):
    list_display = ["quarter", "rank", "item"]
    list_filter = ["quarter"]
    autocomplete_fields = ["item"]


@admin.register(PlanTask)
class PlanTaskAdmin(PlanRowServicesMixin, ServiceAdminMixin, SimpleHistoryAdmin):
    """The plan's rows, edited through the same services as the Secretariat's pages by whoever holds the
    plan's permissions (the superuser); the Secretariat looks here (lcoo_portal/roles.py) and edits on
    the portal. The history is shown, never reverted (a revert would write around the services)."""

    list_display = ["position", "title", "kind", "phase", "starts_on", "duration_days"]
    list_filter = ["kind"]

    fields_saved = plan.PLAN_TASK_FIELDS

    def save_row(self, row: PlanTask | None, data: dict, by: User) -> PlanTask:
        return plan.plan_task_save(task=row, data=data, by=by)

    def delete_row(self, row: PlanTask, by: User) -> None:
        plan.plan_task_delete(task=row, by=by)
