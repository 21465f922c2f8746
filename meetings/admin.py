"""The Django admin for meetings: the Secretariat reads it; it changes meetings, agendas and minutes on the
portal's pages, whose services keep the rules (a published record is final). Only the superuser edits here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from kernel.admin import (
    ClerkReadOnlyAdmin,
    ClerkReadOnlyInline,
    ClerkReadOnlyStackedInline,
    ReadOnlyForClerksMixin,
    ViewOnlyMixin,
)
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Erratum,
    Meeting,
    Minutes,
    RotationSlot,
    Series,
)
from meetings.permissions import can_delete_meeting, can_delete_published_record
from meetings.services.meeting import meeting_delete

# Links typed without a scheme are read as https, as on the portal's own forms.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class RotationSlotInline(ClerkReadOnlyInline):
    model = RotationSlot
    ordering = ["position"]


@admin.register(Series)
class SeriesAdmin(ClerkReadOnlyAdmin):
    list_display = ["title", "kind", "cadence", "starts_on", "ends_on", "is_active"]
    list_filter = ["kind", "cadence", "is_active"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = HTTPS_URLS
    inlines = [RotationSlotInline]


def _minutes_published(meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.is_record_final


def _agenda_final(meeting: Meeting | None) -> bool:
    return meeting is not None and meeting.is_published_record


RecordPart = AgendaItem | Minutes | Attendance | Decision | ActionItem


class RecordPartForm(forms.ModelForm):
    """Refuses to attach a new row to a meeting whose record (minutes, or agenda with `agenda_part`) is published."""

    agenda_part = False

    def clean(self) -> dict:
        data = super().clean()
        meeting = data.get("meeting") or getattr(self.instance, "meeting", None)
        final = _agenda_final(meeting) if self.agenda_part else _minutes_published(meeting)
        if final:
            raise forms.ValidationError("This meeting's record is published: correct it with an erratum.")
        return data


class AgendaPartForm(RecordPartForm):
    agenda_part = True


class RevertWhereChangeable:
    """simple_history saves a POSTed revert with view permission alone: here it needs the permission to
    change that row (which a published record refuses), or it would rewrite the record."""

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class PublishedIsFinal(RevertWhereChangeable):
    """A published record is shown read-only and cannot be deleted in the admin (corrections are errata)."""

    def is_final(self, obj: RecordPart) -> bool:
        return _minutes_published(obj.meeting)

    def has_change_permission(self, request: HttpRequest, obj: RecordPart | None = None) -> bool:
        if obj is not None and self.is_final(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RecordPart | None = None) -> bool:
        # Deleting a published meeting (through `meeting_delete`) takes its parts along, so whoever may
        # delete the record passes here; a part of a published record on its own is refused by `delete_model`.
        if obj is not None and self.is_final(obj) and not can_delete_published_record(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def delete_model(self, request: HttpRequest, obj: RecordPart) -> None:
        if self.is_final(obj):
            raise PermissionDenied("A part of a published record cannot be deleted on its own.")
        super().delete_model(request, obj)


class AgendaItemInline(ClerkReadOnlyStackedInline):
    model = AgendaItem
    ordering = ["position", "id"]
    autocomplete_fields = ["presenter", "presenter_company"]

    def has_add_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return not _agenda_final(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return not _agenda_final(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return not _agenda_final(obj) and super().has_delete_permission(request, obj)


class ErratumInline(admin.TabularInline):
    """Errata are added on the meeting's minutes page, through the service; here they are shown."""

    model = Erratum
    extra = 0
    can_delete = False
    fields = ["at", "part", "correction", "reason", "by"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(RevertWhereChangeable, ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "status", "agenda_published_at", "series", "occurrence"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["series"]
    # Publishing goes through the agenda page's service; the admin neither publishes nor unpublishes.
    readonly_fields = ["uid", "created_at", "updated_at", "agenda_published_at", "agenda_published_by"]
    formfield_overrides = HTTPS_URLS
    inlines = [AgendaItemInline, ErratumInline]

    def has_change_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        if obj is not None and _minutes_published(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Meeting | None = None) -> bool:
        """Only a superuser deletes a published meeting, and then through the service that leaves a trace."""
        if obj is not None and not can_delete_meeting(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Meeting]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def delete_model(self, request: HttpRequest, obj: Meeting) -> None:
        meeting_delete(meeting=obj, by=request.user, reason=f"Deleted in the admin by {request.user}")


@admin.register(AgendaItem)
class AgendaItemAdmin(PublishedIsFinal, ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    form = AgendaPartForm

    list_display = ["title", "meeting", "position", "confidential"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting", "presenter", "presenter_company"]

    def is_final(self, obj: AgendaItem) -> bool:
        return _agenda_final(obj.meeting)


@admin.register(Minutes)
class MinutesAdmin(PublishedIsFinal, ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    form = RecordPartForm

    list_display = ["meeting", "published_at", "recorded_by"]
    list_select_related = ["meeting", "recorded_by"]
    search_fields = ["meeting__title", "summary"]
    autocomplete_fields = ["meeting", "next_meeting"]
    raw_id_fields = ["recorded_by"]
    readonly_fields = ["published_at", "published_by"]

    def is_final(self, obj: Minutes) -> bool:
        return obj.is_published


@admin.register(Attendance)
class AttendanceAdmin(PublishedIsFinal, ClerkReadOnlyAdmin):
    form = RecordPartForm

    list_display = ["meeting", "user", "name", "company"]
    list_select_related = ["meeting", "user", "company"]
    search_fields = ["name", "user__email", "user__display_name", "meeting__title"]
    autocomplete_fields = ["meeting", "user", "company"]


@admin.register(Decision)
class DecisionAdmin(PublishedIsFinal, ClerkReadOnlyAdmin):
    form = RecordPartForm

    list_display = ["__str__", "meeting", "position"]
    list_select_related = ["meeting"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "agenda_item"]


@admin.register(ActionItem)
class ActionItemAdmin(PublishedIsFinal, ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    form = RecordPartForm

    list_display = ["__str__", "meeting", "owner", "owner_name", "company", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting", "owner", "company"]
    search_fields = ["text", "owner_name", "owner__email", "meeting__title"]
    autocomplete_fields = ["meeting", "agenda_item", "owner", "company"]
    raw_id_fields = ["closed_by"]


@admin.register(Erratum)
class ErratumAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Errata are written on the minutes page through `erratum_add`; like the record they correct, they are final."""

    list_display = ["meeting", "part", "at", "by"]
    list_select_related = ["meeting", "by"]
