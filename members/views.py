import csv
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kernel.confirm import confirm_page, is_confirmed
from kernel.fragments import record_fragment
from kernel.paging import page_of, query_without
from kernel.snippets import snippet
from kernel.validation import csv_cell
from kernel.view_helpers import attachment, error_text, message_refusal, run_service, safe_next_url
from members.compliance import compliance_evaluate_many, fte_change_consequences, participation_rule
from members.forms import (
    AccessTokenForm,
    CompanyCreateForm,
    CompanyProfileForm,
    DirectoryFilterForm,
    PersonInviteForm,
    ProfileForm,
    RoleEndForm,
    StatusForm,
)
from members.history import company_history_lines
from members.known_devices import KNOWN_DEVICE_MAX_AGE, known_devices_revoke, user_sign_out_everywhere
from members.models import (
    Affiliation,
    Company,
    CompanyInvitation,
    MembershipTransition,
    PersonalAccessToken,
    RoleAssignment,
    SecurityEvent,
    User,
    format_ftes,
)
from members.permissions import (
    can_change_status,
    can_create_company,
    can_edit_company,
    can_manage_people,
    can_manage_role,
    get_access_token_for_owner,
    get_affiliation_for_manager,
    get_company_for_editor,
    get_company_for_role_manager,
    get_invitation_for_manager,
    get_role_for_manager,
    secretariat_required,
)
from members.services import (
    FTE_FIELDS,
    INVITATION_VALID_DAYS,
    PROFILE_FIELDS,
    access_token_create,
    access_token_revoke,
    affiliation_end,
    company_create,
    company_invitation_accept,
    company_invitation_create,
    company_transition,
    company_update_profile,
    invitation_cancel,
    invitation_leaves,
    invitation_needed,
    invitation_resend,
    invitation_resend_refusal,
    person_invite,
    role_end,
    secretariat_steps,
    set_password_url,
    user_dismiss_time_zone_offer,
    user_set_time_zone,
    user_update_profile,
)

DIRECTORY_PAGE_SIZE = 100


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                user_update_profile(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error("irc_nick", error)
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("profile")
        messages.error(request, "Your profile was not saved: please correct the errors below.")
    return render(request, "members/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def access_tokens(request: HttpRequest) -> HttpResponse:
    """The person's own API tokens: create one (shown once, on this answer only) and see or revoke the rest."""
    form = AccessTokenForm(request.POST or None, maximum=settings.PORTAL_API_TOKEN_MAX_DAYS)
    created = None
    if request.method == "POST":
        if form.is_valid():
            try:
                token, raw = access_token_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "No token was created: ")
            else:
                created = {"token": token, "raw": raw}
                form = AccessTokenForm(maximum=settings.PORTAL_API_TOKEN_MAX_DAYS)
        else:
            messages.error(request, "No token was created: please correct the errors below.")
    context = {
        "form": form,
        "created": created,
        "tokens": PersonalAccessToken.objects.filter(user=request.user),
        "maximum": settings.PORTAL_API_TOKEN_MAX_DAYS,
        "now": timezone.now(),
    }
    response = render(request, "members/access_tokens.html", context)
    response["Cache-Control"] = "no-store"  # the new token is on this answer only
    return response


SECURITY_HISTORY_SHOWN = 50


@require_GET
@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """The person's security history (what happened to their account, when and from which address)."""
    events = SecurityEvent.objects.for_user(request.user)[:SECURITY_HISTORY_SHOWN]
    context = {"events": events, "known_device_days": KNOWN_DEVICE_MAX_AGE.days}
    return render(request, "members/account_security.html", context)


@require_POST
@login_required
def access_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_access_token_for_owner(request, pk)
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Revoke the token “{token.name}”?",
            consequences=[
                f"Tools using the token {token.prefix}… can no longer read the API as you.",
                "A revoked token cannot be restored: you would create a new one.",
            ],
            button="Revoke the token",
            cancel_url=reverse("access-tokens"),
        )
    run_service(
        request,
        lambda: access_token_revoke(token=token, by=request.user),
        success=f"The token “{token.name}” is revoked.",
        prefix="The token was not revoked: ",
    )
    return redirect("access-tokens")


@require_POST
@login_required
def known_devices_revoke_view(request: HttpRequest) -> HttpResponse:
    """Forget every browser this person has signed in with (after asking once more)."""
    if not is_confirmed(request):
        return confirm_page(
            request,
            title="Forget every browser you have signed in with?",
            consequences=[
                "Every browser, this one included, becomes a stranger again: after failed sign-ins by someone "
                "else it is held like any other browser until you sign in with it again.",
                "You stay signed in here; a mail tells you it was done.",
            ],
            button="Forget my browsers",
            cancel_url=reverse("account-security"),
        )
    known_devices_revoke(user=request.user, request=request)
    messages.success(request, "Every browser you had signed in with is now a stranger to your account.")
    return redirect("account-security")


@require_POST
@login_required
def sign_out_everywhere_view(request: HttpRequest) -> HttpResponse:
    """End every session of this person, this one too, and forget their browsers (after asking once more)."""
    if not is_confirmed(request):
        return confirm_page(
            request,
            title="Sign out everywhere?",
            consequences=[
                "Every browser and device signed in to your account is signed out, this one too.",
                "Every browser you had signed in with is forgotten; a mail tells you it was done.",
            ],
            button="Sign out everywhere",
            cancel_url=reverse("account-security"),
        )
    user = request.user
    user_sign_out_everywhere(user=user, request=request)
    logout(request)
    messages.success(request, "You are signed out everywhere. Sign in again to continue.")
    return redirect("account_login")


@require_POST
@login_required
def time_zone_set(request: HttpRequest) -> HttpResponse:
    """The footer's zone picker and the browser's zone offered at sign-in: one POST, back where it came from."""
    next_url = safe_next_url(request, request.POST.get("next", ""), reverse("home"))
    try:
        user_set_time_zone(user=request.user, time_zone=request.POST.get("time_zone", ""))
    except ValidationError as error:
        message_refusal(request, error, "Your time zone was not changed: ")
        return redirect(next_url)
    messages.success(request, f"Times are now shown in {request.user.time_zone}.")
    return redirect(next_url)


@require_POST
@login_required
def time_zone_offer_dismiss(request: HttpRequest) -> HttpResponse:
    """The banner's "don't ask again": a plain POST back where it came from; with htmx, the banner goes."""
    user_dismiss_time_zone_offer(user=request.user)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "You will not be asked again; choose a time zone at the foot of any page.")
    return redirect(safe_next_url(request, request.POST.get("next", ""), reverse("home")))


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Member companies, and separately the companies on their way in, with compliance at a glance."""
    form = DirectoryFilterForm(request.GET or None)
    filters = {name: value for name, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    # the tables are the same for every reader of an audience: built once per version of the record
    page_number = request.GET.get("page", "")
    listing = record_fragment(
        request,
        "directory",
        query_without(request, "page"),  # the filters, and the pager's links keep the rest of the query
        page_number,
        render=lambda: render_to_string(
            "members/partials/_directory_listing.html", _directory_listing(request, filters), request=request
        ),
    )
    context = {
        "form": form,
        "filtered": bool(filters),
        "listing": listing,
        "can_create": can_create_company(request.user),
        "criteria": settings.PORTAL_CRITERIA,
        "participation_rule": participation_rule(),
    }
    return render(request, "members/directory.html", context)


def _directory_listing(request: HttpRequest, filters: dict) -> dict:
    """The directory's tables and pager: a page of companies with their compliance and participation."""
    companies = Company.objects.filter(**filters)
    # members first, then applicants, then former members; a page of rows at a time
    group = Case(
        When(status__in=Company.Status.seated(), then=Value(0)),
        When(
            status__in=[Company.Status.PROSPECT, Company.Status.PARTICIPATING, Company.Status.REQUESTED], then=Value(1)
        ),
        default=Value(2),
    )
    page = page_of(request, companies.order_by(group, "name"), DIRECTORY_PAGE_SIZE)
    companies = list(page.object_list)
    compliance = compliance_evaluate_many(companies)
    rows = [(company, compliance[company.pk]) for company in companies]
    applicant_statuses = {Company.Status.PROSPECT, Company.Status.PARTICIPATING, Company.Status.REQUESTED}
    return {
        "members": [row for row in rows if row[0].is_seated],
        "applicants": [row for row in rows if row[0].status in applicant_statuses],
        "former": [row for row in rows if not row[0].is_seated and row[0].status not in applicant_statuses],
        "filtered": bool(filters),
        "page": page,
        "pager_query": query_without(request, "page"),
    }


def _role_slots(company: Company) -> dict:
    """The company's current role holders, from the prefetched `current_roles`; None means vacant."""
    roles = company.current_roles
    return {
        "coordinators": [r for r in roles if r.role == RoleAssignment.Role.COORDINATOR],
        "representative": next((r for r in roles if r.role == RoleAssignment.Role.BOARD_REPRESENTATIVE), None),
        "alternate": next((r for r in roles if r.role == RoleAssignment.Role.BOARD_ALTERNATE), None),
    }


@require_GET
def company(request: HttpRequest, slug: str) -> HttpResponse:
    """The public company page: profile, people in roles, compliance with reasons, lifecycle, history."""
    company = get_object_or_404(Company, slug=slug)
    can_edit = can_edit_company(request.user, company)  # two queries of guardian's: asked once
    details: dict = {}

    def render_part(template: str) -> str:
        # the heading and the body share one computation when neither is cached
        if not details:
            details.update(_company_details(company.pk))
        return render_to_string(template, details, request=request)

    context = {
        "company": company,
        # the same for every reader of an audience: built once per version of the record
        "head": record_fragment(
            request, "company-head", company.pk, render=lambda: render_part("members/partials/_company_head.html")
        ),
        "body": record_fragment(
            request, "company-body", company.pk, render=lambda: render_part("members/partials/_company_body.html")
        ),
        "can_edit": can_edit,
        "can_manage_roles": can_edit,  # can_manage_coordinators is the same test (members.permissions)
        "can_change_status": can_change_status(request.user, company),
    }
    return render(request, "members/company.html", context)


def _company_details(pk: int) -> dict:
    """What the company page shows alike to every reader of an audience."""
    company = Company.objects.with_people().select_related("ftes_declared_by").get(pk=pk)
    return {
        "company": company,
        "roles": _role_slots(company),
        "compliance": compliance_evaluate_many([company])[company.pk],
        "transitions": list(company.transitions.select_related("by")),
        "history": company_history_lines(company),
    }


@require_http_methods(["GET", "POST"])
@login_required
def company_edit(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_company_for_editor(request, slug)
    form = CompanyProfileForm(request.POST or None, instance=company)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in [*PROFILE_FIELDS, *FTE_FIELDS]}
            # The form's instance now holds the new values; the stored row says what they change.
            consequences = fte_change_consequences(
                Company.objects.get(pk=company.pk),
                contributing=values["contributing_ftes"],
                roadmap=values["roadmap_ftes"],
            )
            if consequences and not is_confirmed(request):
                return confirm_page(
                    request,
                    title=f"Save {company.name}'s FTE figures?",
                    consequences=[*consequences, "The figures are recorded as declared today, by you."],
                    button="Save the figures",
                    cancel_url=reverse("members:edit", args=[company.slug]),
                    danger=False,
                )
            try:
                changed = company_update_profile(company=company, by=request.user, **values)
            except ValidationError as error:
                message_refusal(request, error, "Nothing was saved: ")
            else:
                if changed:
                    messages.success(request, f"{company.name} is saved: {', '.join(changed)} changed.")
                else:
                    messages.info(request, "Nothing changed.")
                return redirect(company)
        else:
            messages.error(request, "Nothing was saved: please correct the errors below.")
    return render(request, "members/company_edit.html", {"company": company, "form": form})


@require_http_methods(["GET", "POST"])
@secretariat_required(reason="Only the Secretariat adds companies.")
def company_new(request: HttpRequest) -> HttpResponse:
    form = CompanyCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                company = company_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "The company was not created: ")
            else:
                messages.success(request, f"{company.name} is created as a prospect.")
                return redirect(company)
        else:
            messages.error(request, "The company was not created: please correct the errors below.")
    return render(request, "members/company_new.html", {"form": form})


def _invite_roles(user: User, company: Company) -> list[tuple[str, str]]:
    roles = [(value, label) for value, label in RoleAssignment.Role.choices if can_manage_role(user, company, value)]
    return [*roles, ("", "Colleague (no role)")]


@require_http_methods(["GET", "POST"])
@login_required
def company_roles(request: HttpRequest, slug: str) -> HttpResponse:
    """Who holds which role; name someone by e-mail address (inviting them if new), end a role."""
    company = get_company_for_role_manager(request, slug)
    roles = _invite_roles(request.user, company)
    form = PersonInviteForm(request.POST or None, roles=roles)
    if request.method == "POST":
        if form.is_valid() and (
            not form.cleaned_data["role"]
            or invitation_needed(company=company, email=form.cleaned_data["email"], by=request.user)
        ):
            data = form.cleaned_data
            try:
                invitation = company_invitation_create(
                    company=company,
                    email=data["email"],
                    role=data["role"],
                    by=request.user,
                    display_name=data["display_name"],
                )
            except ValidationError as error:
                message_refusal(request, error, "Nobody was invited: ")
            else:
                messages.success(
                    request,
                    f"{invitation.email} is invited as {invitation.role_label}: nothing changes until they accept "
                    "the invitation e-mailed to them.",
                )
                return redirect("members:roles", slug=company.slug)
        elif form.is_valid():
            try:
                user, _, created = person_invite(company=company, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "Nobody was named: ")
            else:
                role = RoleAssignment.Role(form.cleaned_data["role"]).label.lower()
                if created:
                    messages.success(
                        request,
                        f"{user.email} is invited as {role}: they get an e-mail to set a password.",
                    )
                else:
                    messages.success(request, f"{user} is now {role} for {company.name}.")
                return redirect("members:roles", slug=company.slug)
        else:
            messages.error(request, "Nobody was named: please correct the errors below.")
    company = Company.objects.with_people().get(pk=company.pk)
    affiliations = Affiliation.objects.current().filter(company=company).select_related("user").order_by("user__email")
    context = {
        "company": company,
        "roles": _role_slots(company),
        "form": form,
        "affiliations": affiliations,
        "invitations": list(company.invitations.select_related("invited_by", "accepted_by", "cancelled_by")[:30]),
        "can_manage_people": can_manage_people(request.user, company),
        "manageable_roles": {value for value, _ in roles},
    }
    return render(request, "members/company_roles.html", context)


def _role_end_consequences(user: User, assignment: RoleAssignment) -> list[str]:
    role = assignment.get_role_display().lower()
    company = assignment.company
    if assignment.user_id == user.pk:
        consequences = [f"You are ending your own {role} role for {company}."]
        if assignment.role == RoleAssignment.Role.COORDINATOR:
            consequences.append(f"You will no longer be able to edit {company} or name its coordinators.")
    else:
        consequences = [f"{assignment.user} is no longer {role} for {company}."]
    if assignment.role != RoleAssignment.Role.COORDINATOR:
        consequences.append(f"{company}'s seat has no {role} until the Secretariat names one.")
    consequences.append("This cannot be undone; the role can only be given again.")
    return consequences


def _affiliation_end_consequences(user: User, affiliation: Affiliation) -> list[str]:
    company = affiliation.company
    roles = RoleAssignment.objects.current().filter(company=company, user=affiliation.user)
    held = ", ".join(r.get_role_display().lower() for r in roles)
    who = "You" if affiliation.user_id == user.pk else str(affiliation.user)
    consequences = [f"{who} no longer work{'' if who == 'You' else 's'} for {company.name}, from now on."]
    if held:
        consequences.append(f"Their roles here end with it: {held}.")
    consequences.append("This cannot be undone; past attendance stays credited to the company.")
    return consequences


def _end_with_reason(
    request: HttpRequest,
    company: Company,
    *,
    title: str,
    consequences: Callable[[], list[str]],
    button: str,
    end: Callable[[str], object],
    success: str,
) -> HttpResponse:
    """Ask once more, with a reason, then end a role or an affiliation; back to the company's roles page."""
    form = RoleEndForm(request.POST)
    if not is_confirmed(request) or not form.is_valid():
        return confirm_page(
            request,
            title=title,
            consequences=consequences(),
            button=button,
            cancel_url=reverse("members:roles", args=[company.slug]),
            form=form,
        )
    run_service(request, lambda: end(form.cleaned_data["reason"]), success=success, prefix="Nothing changed: ")
    return redirect("members:roles", slug=company.slug)


@require_POST
@login_required
def role_end_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assignment = get_role_for_manager(request, slug, pk)
    role = assignment.get_role_display().lower()
    return _end_with_reason(
        request,
        assignment.company,
        title=f"End the {role} role of {assignment.user}?",
        consequences=lambda: _role_end_consequences(request.user, assignment),
        button="End the role",
        end=lambda reason: role_end(assignment=assignment, by=request.user, reason=reason),
        success=f"{assignment.user} is no longer {role}.",
    )


@require_POST
@login_required
def affiliation_end_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    affiliation = get_affiliation_for_manager(request, slug, pk)
    company = affiliation.company
    return _end_with_reason(
        request,
        company,
        title=f"End {affiliation.user}'s affiliation with {company.name}?",
        consequences=lambda: _affiliation_end_consequences(request.user, affiliation),
        button="End the affiliation",
        end=lambda reason: affiliation_end(affiliation=affiliation, by=request.user, reason=reason),
        success=f"{affiliation.user} no longer works for {company.name}; their roles there ended.",
    )


@require_POST
@login_required
def invitation_cancel_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cancel an unanswered invitation, once the consequence is read: its link stops working."""
    invitation = get_invitation_for_manager(request, slug, pk)
    company = invitation.company
    if not is_confirmed(request):
        return confirm_page(
            request,
            title=f"Cancel the invitation to {invitation.email}?",
            consequences=[
                f"The link e-mailed to {invitation.email} stops working: they can no longer join {company.name} "
                f"as {invitation.role_label} with it.",
                "No mail is sent to tell them.",
                "This cannot be undone; you can invite them again.",
            ],
            button="Cancel the invitation",
            cancel_url=reverse("members:roles", args=[company.slug]) + f"#invitation-{invitation.pk}",
        )
    run_service(
        request,
        lambda: invitation_cancel(invitation=invitation, by=request.user),
        success=f"The invitation to {invitation.email} is cancelled: its link no longer works.",
        prefix="Nothing changed: ",
    )
    return redirect("members:roles", slug=company.slug)


@require_POST
@login_required
def invitation_resend_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mail an unanswered invitation again, once the consequence is read."""
    invitation = get_invitation_for_manager(request, slug, pk)
    company = invitation.company
    refusal = invitation_resend_refusal(invitation)
    if not is_confirmed(request) and not refusal:
        return confirm_page(
            request,
            title=f"Send the invitation to {invitation.email} again?",
            consequences=[
                f"This e-mails {invitation.email} the invitation to join {company.name} as {invitation.role_label} "
                "once more, with the same link.",
                f"The link is open for {INVITATION_VALID_DAYS} days from now.",
                "An invitation can be sent again once an hour at most.",
            ],
            button="Send it again",
            cancel_url=reverse("members:roles", args=[company.slug]) + f"#invitation-{invitation.pk}",
            danger=False,
        )
    run_service(
        request,
        lambda: invitation_resend(invitation=invitation, by=request.user),
        success=f"The invitation is e-mailed to {invitation.email} again.",
        prefix="Not sent: ",
    )
    return redirect("members:roles", slug=company.slug)


@require_http_methods(["GET", "POST"])
@secretariat_required(reason="Only the Secretariat changes a membership status.")
def company_status(request: HttpRequest, slug: str) -> HttpResponse:
    """The Secretariat moves a company through the membership lifecycle (governance will, by motion)."""
    company = get_object_or_404(Company, slug=slug)
    steps = secretariat_steps(company.status)
    allowed = [(s.value, s.label) for s in Company.Status if s in steps]
    form = StatusForm(request.POST or None)
    form.fields["to_status"].widget.choices = allowed
    if request.method == "POST":
        if form.is_valid():
            try:
                company_transition(company=company, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                message_refusal(request, error, "The status did not change: ")
            else:
                company.refresh_from_db()
                messages.success(request, f"{company.name} is now “{company.get_status_display()}”.")
                return redirect(company)
        else:
            messages.error(request, "The status did not change: please correct the errors below.")
    transitions = MembershipTransition.objects.filter(company=company).select_related("by")
    return render(
        request,
        "members/company_status.html",
        {"company": company, "form": form, "allowed": allowed, "transitions": transitions},
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person reads what accepting does, then accepts (the token in the link is the proof
    that the address is theirs; an existing account must be signed in)."""
    invitation = get_object_or_404(CompanyInvitation.objects.select_related("company", "invited_by"), token=token)
    signed_in = request.user if request.user.is_authenticated else None
    account = User.objects.filter(email__iexact=invitation.email).first()
    if request.method == "POST":
        try:
            user, created = company_invitation_accept(invitation=invitation, user=signed_in)
        except (ValidationError, PermissionDenied) as error:
            text = error_text(error) if isinstance(error, ValidationError) else str(error)
            messages.error(request, f"The invitation was not accepted: {text}")
            return redirect(invitation)
        if created:
            messages.success(request, f"Welcome to {invitation.company.name}. Choose your password to sign in.")
            # the same link as the mails', kept on this site
            return redirect(set_password_url(user).removeprefix(settings.PORTAL_BASE_URL))
        messages.success(request, f"You are now with {invitation.company.name} as {invitation.role_label}.")
        return redirect(invitation.company)
    context = {
        "invitation": invitation,
        "account": account,
        "signed_in": signed_in,
        "wrong_person": signed_in is not None and (account is None or account.pk != signed_in.pk),
        "needs_sign_in": signed_in is None and account is not None,
        "leaves": invitation_leaves(invitation, account),
        "leaving_roles": list(RoleAssignment.objects.current().filter(user=account).exclude(company=invitation.company))
        if account
        else [],
    }
    return render(request, "members/invitation.html", context)


@require_GET
@login_required
def compliance_csv(request: HttpRequest) -> HttpResponse:
    companies = list(Company.objects.all())
    compliance = compliance_evaluate_many(companies)
    stamp = timezone.now().strftime("%Y-%m-%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    attachment(response, f"compliance-{stamp}.csv")
    writer = csv.writer(response)
    header = ["company", "status", "operator kind", "contributing FTEs", "roadmap FTEs", "FTEs declared at", "overall"]
    first = next(iter(compliance.values()), None)
    criteria = [c.label for c in first.criteria] if first else []
    for label in criteria:
        header += [label, f"{label}: reason"]
    writer.writerow([csv_cell(cell) for cell in header])
    for company in companies:
        result = compliance[company.pk]
        row = [
            company.name,
            company.get_status_display(),
            company.get_operator_kind_display(),
            "" if company.contributing_ftes is None else format_ftes(company.contributing_ftes),
            "" if company.roadmap_ftes is None else format_ftes(company.roadmap_ftes),
            company.ftes_declared_at.isoformat() if company.ftes_declared_at else "",
            result.state_label,
        ]
        for criterion in result.criteria:
            row += [criterion.state_label, criterion.reason]
        writer.writerow([csv_cell(cell) for cell in row])
    return response


def search_section(request: HttpRequest, query: str) -> dict:
    """Companies by name or by the description of their OpenStack estate."""
    companies = list(Company.objects.filter(Q(name__icontains=query) | Q(estate_description__icontains=query))[:50])
    for company in companies:  # the description is public, on the company's page
        company.snippet = snippet(company.estate_description, query)
    return {"template": "members/partials/_search.html", "title": "Companies", "results": companies}


def home_summary(request: HttpRequest) -> dict | None:
    """The home page's members section: how many members, and which do not meet the charter's criteria."""
    members = list(Company.objects.members())
    if not members:
        return None
    compliance = compliance_evaluate_many(members)
    failing = [compliance[c.pk] for c in members if compliance[c.pk].state == "not_met"]
    return {"template": "members/partials/_home.html", "member_count": len(members), "failing": failing}
