"""The Django admin for meetings: the Secretariat reads it; it changes meetings, agendas and minutes on the
portal's pages, whose services keep the rules (a published record is final). Only the superuser edits here."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from lcoo_portal.admin import (
    ClerkReadOnlyAdmin,
    ClerkReadOnlyInline,
    ClerkReadOnlyStackedInline,
    ReadOnlyForClerksMixin,
)
from meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Minutes, RotationSlot, Series

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


class AgendaItemInline(ClerkReadOnlyStackedInline):
    model = AgendaItem
    ordering = ["position", "id"]
    autocomplete_fields = ["presenter", "presenter_company"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "status", "agenda_published_at", "series", "occurrence"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["series"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    raw_id_fields = ["agenda_published_by"]
    formfield_overrides = HTTPS_URLS
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    list_display = ["title", "meeting", "position", "confidential"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting", "presenter", "presenter_company"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    list_display = ["meeting", "published_at", "recorded_by"]
    list_select_related = ["meeting", "recorded_by"]
    search_fields = ["meeting__title", "summary"]
    autocomplete_fields = ["meeting", "next_meeting"]
    raw_id_fields = ["published_by", "recorded_by"]


@admin.register(Attendance)
class AttendanceAdmin(ClerkReadOnlyAdmin):
    list_display = ["meeting", "user", "name", "company"]
    list_select_related = ["meeting", "user", "company"]
    search_fields = ["name", "user__email", "user__display_name", "meeting__title"]
    autocomplete_fields = ["meeting", "user", "company"]


@admin.register(Decision)
class DecisionAdmin(ClerkReadOnlyAdmin):
    list_display = ["__str__", "meeting", "position"]
    list_select_related = ["meeting"]
    search_fields = ["text", "meeting__title"]
    autocomplete_fields = ["meeting", "agenda_item"]


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "owner", "owner_name", "company", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting", "owner", "company"]
    search_fields = ["text", "owner_name", "owner__email", "meeting__title"]
    autocomplete_fields = ["meeting", "agenda_item", "owner", "company"]
    raw_id_fields = ["closed_by"]
