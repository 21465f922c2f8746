from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from members.models import (
    Affiliation,
    Company,
    CompanyInvitation,
    MembershipTransition,
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "time_zone", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("display_name", "time_zone")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")}),)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fk_name = "company"
    autocomplete_fields = ["user"]
    readonly_fields = ["assigned_by", "ended_by"]


class TransitionInline(admin.TabularInline):
    model = MembershipTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "by", "reason", "reference"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Company)
class CompanyAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "status", "operator_kind", "member_since", "contributing_ftes", "roadmap_ftes"]
    list_filter = ["status", "operator_kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline, TransitionInline]


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["user", "company", "title", "started_at", "ended_at"]
    list_filter = ["company"]
    autocomplete_fields = ["user"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "company", "role", "started_at", "ended_at"]
    list_filter = ["role", "company"]
    autocomplete_fields = ["user"]


@admin.register(MembershipTransition)
class MembershipTransitionAdmin(admin.ModelAdmin):
    list_display = ["company", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamMembershipInline]


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are sent from the company's roles page and accepted by the person."""

    list_display = ["email", "company", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["company"]
    search_fields = ["email"]
    exclude = ["token"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
