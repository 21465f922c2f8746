from django import forms
from django.contrib import admin
from django.db import models

from kernel.admin import ClerkReadOnlyAdmin, ClerkReadOnlyInline
from notifications.models import (
    Announcement,
    Kind,
    ListAddress,
    MeetingKind,
    MeetingSubscription,
    OutboxMessage,
    Preference,
)


class OutboxMessageInline(ClerkReadOnlyInline):
    model = OutboxMessage
    fields = ["to_email", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Announcement)
class AnnouncementAdmin(ClerkReadOnlyAdmin):
    list_display = ["subject", "event", "kind", "created_at"]
    list_filter = ["event", "kind"]
    search_fields = ["subject", "key"]
    readonly_fields = ["event", "key", "created_at"]
    inlines = [OutboxMessageInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ClerkReadOnlyAdmin):
    list_display = ["to_email", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject", "idempotency_key"]
    readonly_fields = ["announcement", "idempotency_key", "user", "claimed_at", "sent_at", "created_at"]
    # an invitation's body holds a working set-password link: not for the eyes of staff
    exclude = ["body_text", "body_html"]


@admin.register(Preference)
class PreferenceAdmin(ClerkReadOnlyAdmin):
    list_display = ["user", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(MeetingSubscription)
class MeetingSubscriptionAdmin(ClerkReadOnlyAdmin):
    list_display = ["user", "meeting_kind", "enabled", "updated_at"]
    list_filter = ["meeting_kind", "enabled"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


class ListAddressForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(choices=Kind.choices, widget=forms.CheckboxSelectMultiple, required=False)
    meeting_kinds = forms.MultipleChoiceField(
        choices=MeetingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=ListAddress._meta.get_field("meeting_kinds").help_text,
    )

    class Meta:
        model = ListAddress
        fields = ["name", "address", "kinds", "meeting_kinds", "is_active"]


@admin.register(ListAddress)
class ListAddressAdmin(ClerkReadOnlyAdmin):
    form = ListAddressForm
    list_display = ["name", "address", "kinds", "meeting_kinds", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]
