"""The members admin. People's flags, passwords, groups and permissions are the superuser's; a
company's status, its roles and the end of an affiliation change through the same services as the
portal's pages (lcoo_portal/admin.py says why)."""

from collections.abc import Callable, Sequence

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from lcoo_portal.admin import (
    ClerkReadOnlyAdmin,
    ClerkReadOnlyInline,
    ReadOnlyForClerksMixin,
    ServiceAdminMixin,
    ViewOnlyMixin,
    is_operator,
)
from members.models import (
    Affiliation,
    AffiliationQuerySet,
    Company,
    CompanyInvitation,
    MembershipTransition,
    RoleAssignment,
    RoleAssignmentQuerySet,
    SecurityEvent,
    Team,
    TeamMembership,
    User,
)
from members.security import security_event_record
from members.services import (
    FTE_FIELDS,
    PROFILE_FIELDS,
    affiliation_end,
    company_transition,
    company_update_profile,
    role_assign,
    role_end,
    user_update_profile,
)

# What only the superuser may change on a person: who can sign in, who is staff or superuser, their
# password, groups and permissions, and the address a password reset is sent to.
USER_OPERATOR_FIELDS = [
    "email",
    "password",
    "is_active",
    "is_staff",
    "is_superuser",
    "groups",
    "user_permissions",
    "last_login",
    "date_joined",
]


@admin.register(User)
class UserAdmin(ServiceAdminMixin, DjangoUserAdmin):
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

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [] if is_operator(request) else USER_OPERATOR_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        # the Secretariat invites people from a company's roles page (person_invite)
        return is_operator(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_operator(request) and super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        if not is_operator(request):
            raise PermissionDenied
        if str(request.user.pk) == str(id):  # one's own password: the portal's page, which asks the old one
            return redirect("account_change_password")
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            security_event_record(
                user=User.objects.get(pk=id),
                kind=SecurityEvent.Kind.PASSWORD_SET,
                request=request,
                detail=f"set by {request.user} in the admin",
            )
        return response

    def save_model(self, request: HttpRequest, obj: User, form: forms.ModelForm, change: bool) -> None:
        if is_operator(request):
            super().save_model(request, obj, form, change)
        else:
            user_update_profile(user=obj, display_name=obj.display_name, time_zone=obj.time_zone)


class RoleInline(ViewOnlyMixin, ClerkReadOnlyInline):
    """Roles are given and ended through the services (Role assignments), never edited in place."""

    model = RoleAssignment
    fk_name = "company"
    fields = ["user", "role", "started_at", "ended_at", "assigned_by", "ended_by", "end_reason"]
    readonly_fields = fields
    show_change_link = True


class TransitionInline(ViewOnlyMixin, admin.TabularInline):
    model = MembershipTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "at", "by", "reason", "reference"]
    can_delete = False


class CompanyForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)
    status_reason = forms.CharField(
        label="Why the status changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the status changes; recorded in the company's history.",
    )
    status_reference = forms.CharField(
        label="Where it was decided", required=False, help_text="e.g. a meeting or a board motion."
    )

    class Meta:
        model = Company
        fields = ["name", "slug", *PROFILE_FIELDS, *FTE_FIELDS, "status", "member_since"]


@admin.register(Company)
class CompanyAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """A status change goes through company_transition (the allowed steps, the history); the profile and
    FTE figures through company_update_profile. Object permissions are given by the roles, never here."""

    form = CompanyForm
    list_display = ["name", "status", "operator_kind", "member_since", "contributing_ftes", "roadmap_ftes"]
    list_filter = ["status", "operator_kind"]
    search_fields = ["name"]
    inlines = [RoleInline, TransitionInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", *PROFILE_FIELDS)}),
        ("Criteria", {"fields": (*FTE_FIELDS, "ftes_declared_at", "ftes_declared_by")}),
        ("Membership", {"fields": ("status", "status_reason", "status_reference", "member_since")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> Sequence:
        if obj is None:
            return ((None, {"fields": ("name", "slug", *PROFILE_FIELDS)}),)
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        readonly = ["ftes_declared_at", "ftes_declared_by"]
        if not is_operator(request):
            readonly += ["name", "slug", "member_since"]
        return readonly

    def has_add_permission(self, request: HttpRequest) -> bool:
        # the Secretariat adds companies on the portal (company_create)
        return is_operator(request) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_operator(request) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Company, form: forms.ModelForm, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        before = Company.objects.get(pk=obj.pk)
        if obj.status != before.status:
            company_transition(
                company=before,
                to_status=obj.status,
                by=request.user,
                reason=form.cleaned_data.get("status_reason", ""),
                reference=form.cleaned_data.get("status_reference", ""),
            )
        profile = {
            field: getattr(obj, field)
            for field in [*PROFILE_FIELDS, *FTE_FIELDS]
            if getattr(obj, field) != getattr(before, field)
        }
        if profile:
            company_update_profile(company=before, by=request.user, **profile)
        rest = [field for field in ("name", "slug", "member_since") if getattr(obj, field) != getattr(before, field)]
        if rest and is_operator(request):
            saved = Company.objects.get(pk=obj.pk)
            for field in rest:
                setattr(saved, field, getattr(obj, field))
            saved._history_user = request.user
            saved.save(update_fields=rest)
        obj.refresh_from_db()


def _confirm_or_act(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    title: str,
    act: Callable[[Model, str], object],
) -> TemplateResponse | None:
    """An admin action that ends something asks once more, with a reason, then calls the service."""
    if "confirm" not in request.POST:
        return TemplateResponse(
            request,
            "admin/members/end_confirmation.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": title,
                "objects": list(queryset),
                "action": request.POST.get("action"),
                "opts": modeladmin.model._meta,
            },
        )
    reason = request.POST.get("reason", "").strip() or "Ended in the admin"
    done = 0
    for row in queryset:
        try:
            act(row, reason)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{row}: {' '.join(error.messages)}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"Ended {done}.", messages.SUCCESS)
    return None


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["company", "user", "role"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Adding a role calls role_assign (the coordinator's edit permission, the portal group, the single
    board seat); the action "End the selected roles" calls role_end. A role is never edited in place."""

    form = RoleAssignmentForm
    list_display = ["user", "company", "role", "started_at", "ended_at"]
    list_filter = ["role", "company"]
    autocomplete_fields = ["user"]
    actions = ["end_roles"]
    readonly_fields = ["started_at", "ended_at", "assigned_by", "ended_by", "end_reason"]

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        if obj is None:
            return ["company", "user", "role"]
        return ["company", "user", "role", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [] if obj is None else ["company", "user", "role", *self.readonly_fields]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_end_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.change_roleassignment")

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: forms.ModelForm, change: bool) -> None:
        assignment = role_assign(company=obj.company, user=obj.user, role=obj.role, by=request.user)
        obj.__dict__.update(assignment.__dict__)

    @admin.action(description="End the selected roles", permissions=["end"])
    def end_roles(self, request: HttpRequest, queryset: RoleAssignmentQuerySet) -> TemplateResponse | None:
        return _confirm_or_act(
            self,
            request,
            queryset.current(),
            title="End these roles?",
            act=lambda row, reason: role_end(assignment=row, by=request.user, reason=reason),
        )


@admin.register(Affiliation)
class AffiliationAdmin(ServiceAdminMixin, ReadOnlyForClerksMixin, SimpleHistoryAdmin):
    """Ending an affiliation ends the person's roles for the company: only through affiliation_end."""

    list_display = ["user", "company", "title", "started_at", "ended_at"]
    list_filter = ["company"]
    autocomplete_fields = ["user"]
    readonly_fields = ["ended_at"]
    actions = ["end_affiliations"]

    def has_end_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("members.change_affiliation")

    @admin.action(description="End the selected affiliations (and the roles that go with them)", permissions=["end"])
    def end_affiliations(self, request: HttpRequest, queryset: AffiliationQuerySet) -> TemplateResponse | None:
        return _confirm_or_act(
            self,
            request,
            queryset.current(),
            title="End these affiliations and the roles that go with them?",
            act=lambda row, reason: affiliation_end(affiliation=row, by=request.user, reason=reason),
        )


@admin.register(MembershipTransition)
class MembershipTransitionAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """The record of the joining procedure: written by company_transition only."""

    list_display = ["company", "from_status", "to_status", "at", "by"]
    list_filter = ["to_status"]


class TeamMembershipInline(ClerkReadOnlyInline):
    model = TeamMembership
    autocomplete_fields = ["user"]


@admin.register(Team)
class TeamAdmin(ClerkReadOnlyAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamMembershipInline]


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Read-only: invitations are sent from the company's roles page and accepted by the person."""

    list_display = ["email", "company", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_filter = ["company"]
    search_fields = ["email"]
    exclude = ["token"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ViewOnlyMixin, admin.ModelAdmin):
    """Read-only: an account's history is written by security_event_record only."""

    list_display = ["user", "kind", "when", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["user__email", "ip_address"]
    date_hierarchy = "when"
