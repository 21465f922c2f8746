"""What the admin lets people other than the superuser do.

The admin is never a way around the board, the record or the permissions: a model is either shown
read-only to the Secretariat (it changes it on the portal's pages, which call the services), or its
admin calls the same services as the pages. The Secretariat group's model permissions say the same
(lcoo_portal/roles.py); these classes hold even if someone later widens those permissions.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect


def is_operator(request: HttpRequest) -> bool:
    """The superuser runs the installation; everyone else gets the clerk's view of the admin."""
    return request.user.is_active and request.user.is_superuser


class ViewOnlyMixin:
    """View only, for everyone, the superuser included: rows that only services write (a record, a
    transition, an invitation, an erratum)."""

    def has_add_permission(self, request: HttpRequest, *obj: Model | None) -> bool:
        # ModelAdmin's takes (request), an inline's (request, obj)
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ConstraintsCheckedForm(forms.ModelForm):
    """An admin form that checks every constraint of its model on the row as it would be saved.

    Django's ModelForm skips a constraint that names a field the form does not edit: one whose condition
    is on a read-only field (one open affiliation per company while `ended_at` is empty) or, in an inline,
    one on the parent's key (one open membership per team). Such a row reached the database and broke
    the constraint there: the unique-race middleware's second run met it again and answered 409."""

    def _post_clean(self) -> None:
        super()._post_clean()
        if self._errors:
            return  # the row is incomplete: its constraints are checked once the person has corrected it
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            shown = set(self.non_field_errors())
            for message in error.messages:
                if message not in shown:
                    self.add_error(None, message)


class ReadOnlyForClerksMixin:
    """View only, except for the superuser. Also refuses simple-history's revert (a POST to a history
    version saves the old row with view permission alone). Its forms check every constraint."""

    form = ConstraintsCheckedForm

    def has_add_permission(self, request: HttpRequest, *obj: Model | None) -> bool:
        # ModelAdmin's takes (request), an inline's (request, obj)
        return is_operator(request) and super().has_add_permission(request, *obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_operator(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_operator(request) and super().has_delete_permission(request, obj)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.method == "POST" and not is_operator(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ClerkReadOnlyAdmin(ReadOnlyForClerksMixin, admin.ModelAdmin):
    """A model the Secretariat may look at in the admin but changes only on the portal's pages."""


class ClerkReadOnlyInline(ReadOnlyForClerksMixin, admin.TabularInline):
    extra = 0


class ClerkReadOnlyStackedInline(ReadOnlyForClerksMixin, admin.StackedInline):
    extra = 0


class ServiceAdminMixin:
    """An admin whose saves call services: a refusal (ValidationError) is shown as a message on the
    form it came from, and nothing is saved (the admin's transaction is rolled back)."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        # a revert writes an old row back around the service's rules: the history is shown, never reverted
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


# Single sign-on (issue 20): providers come from the environment and tokens are not kept, so allauth's
# admin of apps and tokens goes; a linked identity is unlinked only by its person on the account page
# (members.sso.social_account_unlink, which keeps another way to sign in), so the admin only shows them.
def _sso_admin() -> None:
    from allauth.socialaccount.admin import SocialAccountAdmin
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken

    for model in (SocialApp, SocialToken, SocialAccount):
        if admin.site.is_registered(model):
            admin.site.unregister(model)

    @admin.register(SocialAccount)
    class IdentityAdmin(ViewOnlyMixin, SocialAccountAdmin):
        pass


_sso_admin()
