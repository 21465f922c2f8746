from django.contrib import admin

from notifications.models import Announcement, ListAddress, OutboxMessage, Preference


class OutboxMessageInline(admin.TabularInline):
    model = OutboxMessage
    fields = ["to_email", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["subject", "event", "kind", "created_at"]
    list_filter = ["event", "kind"]
    search_fields = ["subject", "key"]
    readonly_fields = ["event", "key", "created_at"]
    inlines = [OutboxMessageInline]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["to_email", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_email", "subject", "idempotency_key"]
    readonly_fields = ["announcement", "idempotency_key", "user", "claimed_at", "sent_at", "created_at"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(ListAddress)
class ListAddressAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "kinds", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]
