"""The governance admin. Motions change state only through the portal's services, so the admin shows
a motion's record (status, electorate, transitions, objections, ballots, hash chain) read-only; the
charter, the roadmap and officer terms are the board's decisions: the Secretariat sees them here, only the
superuser edits them (lcoo_portal/admin.py)."""

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from governance.models import (
    Ballot,
    Candidate,
    CharterVersion,
    Motion,
    MotionLogEntry,
    MotionTransition,
    Objection,
    OfficerTerm,
    RoadmapEntry,
    RoadmapItem,
    RoadmapQuarter,
    RoadmapVector,
)
from lcoo_portal.admin import ClerkReadOnlyAdmin, ClerkReadOnlyInline, ReadOnlyForClerksMixin


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


class CandidateInline(ClerkReadOnlyInline):
    model = Candidate
    autocomplete_fields = ["user"]


@admin.register(OfficerTerm)
class OfficerTermAdmin(ClerkReadOnlyAdmin):
    list_display = ["office", "user", "company", "starts_on", "ends_on", "elected_by"]
    list_filter = ["office"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["elected_by"]


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

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MotionTransition)
class MotionTransitionAdmin(RecordAdmin):
    list_display = ["motion", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]


@admin.register(Candidate)
class CandidateAdmin(ClerkReadOnlyAdmin):
    list_display = ["user", "office", "company", "motion"]
    list_filter = ["office"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["motion"]


@admin.register(Objection)
class ObjectionAdmin(RecordAdmin):
    list_display = ["motion", "company", "raised_by", "at"]


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

    def _refuse_if_sealed(self, object_id) -> None:
        ballot = Ballot.objects.select_related("motion").filter(pk=object_id).first()
        if ballot is not None and ballot_is_sealed(ballot.motion):
            raise PermissionDenied("A ballot's versions are shown only once a recorded vote has closed.")

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_if_sealed(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
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


@admin.register(CharterVersion)
class CharterVersionAdmin(ClerkReadOnlyAdmin):
    list_display = ["number", "effective_on", "change_summary", "author_name", "adopted_by"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["adopted_by"]


@admin.register(RoadmapVector)
class RoadmapVectorAdmin(ClerkReadOnlyAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoadmapItem)
class RoadmapItemAdmin(ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    list_display = ["title", "vector", "team", "created_at"]
    list_filter = ["vector", "team"]
    search_fields = ["title", "description"]


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
