from decimal import Decimal
from typing import Any

from allauth.account.forms import AddEmailForm
from allauth.account.models import EmailAddress
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.forms.models import ModelChoiceIterator
from timezone_field import TimeZoneField

from kernel.validation import NOTE_MAX, PROSE_MAX, validate_display_name, validate_http_links, validate_http_url
from members.models import HALF_STEPS_MESSAGE, MAX_FTES, Affiliation, Company, RoleAssignment, User, format_ftes
from members.permissions import is_secretariat
from members.services import FTE_FIELDS

ZONE_HELP = "Type a city or region to search; common zones come first."


class ZoneInput(forms.TextInput):
    """A time zone typed with the footer's searchable list of zones (the page's `zone-list` datalist)
    rather than a select of six hundred; the field behind it still accepts only its choices."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"list": "zone-list", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})


def zone_form_field(model_field: TimeZoneField, **kwargs: Any) -> forms.TypedChoiceField:
    """The model field's own form field (its choices, its conversion to ZoneInfo) in a ZoneInput. The
    choices are handed over as a callable: every form instance deep-copies its fields, and copying six
    hundred zones made each form cost 10–15 ms."""
    return model_field.formfield(choices=lambda: model_field.choices, widget=ZoneInput, **kwargs)


NO_COMPANY = "No company"


def people_by_company(queryset: QuerySet | None = None) -> QuerySet:
    """Active people with the name of their current company (`company_name`, None without one), in one
    query: the choices of the person chooser."""
    queryset = User.objects.filter(is_active=True) if queryset is None else queryset
    # current at the time of the query (Now()), not when the form class was built: `current()`'s own
    # timezone.now() would be frozen into the class attribute's queryset
    company = (
        Affiliation.objects.filter(user=OuterRef("pk"), started_at__lte=Now())
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=Now()))
        .order_by("-started_at", "-pk")
    )
    return queryset.annotate(company_name=Subquery(company.values("company__name")[:1])).order_by(
        "display_name", "email"
    )


class PeopleByCompanyIterator(ModelChoiceIterator):
    """The choices grouped by company (an <optgroup> each, by name), people without one last."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for person in self.queryset:
            groups.setdefault(getattr(person, "company_name", None) or "", []).append(self.choice(person))
        for name in sorted(groups, key=lambda name: (name == "", name.casefold())):
            yield (name or NO_COMPANY, groups[name])


class PersonChoiceField(forms.ModelChoiceField):
    """A person chosen in a <select> grouped by company; with JavaScript a filter box narrows it as one
    types (static/js/person_chooser.js, `data-person-chooser`). Without JavaScript it is a plain select."""

    iterator = PeopleByCompanyIterator

    def __init__(self, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Select(attrs={"data-person-chooser": ""}))
        super().__init__(queryset=people_by_company(queryset), **kwargs)

    def label_from_instance(self, person: User) -> str:
        # people without a display name are told apart by their address
        return person.display_name or person.email


class ProfileForm(forms.ModelForm):
    """What a person keeps about themselves: the name others see and the zone they read times in."""

    time_zone = zone_form_field(
        User._meta.get_field("time_zone"), help_text=f"Every meeting time is shown in this zone. {ZONE_HELP}"
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "irc_nick"]
        labels = {"display_name": "Name shown to others"}

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"]
        if not is_secretariat(self.instance):
            validate_display_name(name)
        return name


class BoundedDecimalField(forms.DecimalField):
    """A DecimalField that refuses a value beyond its bounds with the bound's own message before any other
    check: Django's step check turns the number into a float, and 1e309 (or 1e400) overflows it into a 500."""

    def run_validators(self, value: Decimal | None) -> None:
        if value not in self.empty_values:
            if not value.is_finite() or (self.max_value is not None and value > self.max_value):
                raise forms.ValidationError(
                    self.error_messages.get("max_value", MaxValueValidator.message),
                    code="max_value",
                    params={"limit_value": self.max_value},
                )
            if self.min_value is not None and value < self.min_value:
                raise forms.ValidationError(
                    MinValueValidator.message, code="min_value", params={"limit_value": self.min_value}
                )
        super().run_validators(value)


def _fte_field(label: str, help_text: str) -> forms.DecimalField:
    """FTEs in halves, from none up to MAX_FTES."""
    return BoundedDecimalField(
        label=label,
        min_value=0,
        max_value=MAX_FTES,
        decimal_places=1,
        step_size=Decimal("0.5"),
        help_text=help_text,
        error_messages={"step_size": HALF_STEPS_MESSAGE, "max_decimal_places": HALF_STEPS_MESSAGE},
    )


class CompanyProfileForm(forms.ModelForm):
    """A coordinator's view of their company: the profile and the two declared FTE figures."""

    website = forms.URLField(required=False, assume_scheme="https", validators=[validate_http_url])
    hq_time_zone = zone_form_field(
        Company._meta.get_field("hq_time_zone"),
        label="Headquarters time zone",
        help_text=f"Used to show meeting times at the company's headquarters. {ZONE_HELP}",
    )
    contributing_ftes = _fte_field(
        "FTEs contributing to OpenStack",
        "Full-time equivalents contributing to the OpenStack platform regularly, whole or half (for example 4 or 4.5).",
    )
    roadmap_ftes = _fte_field(
        "FTEs on roadmap-aligned upstream work",
        "Full-time equivalents on upstream work aligned to the LCOO roadmap, in halves; "
        "part of the contributing FTEs, so no more than them.",
    )

    class Meta:
        model = Company
        # the charter's criteria first: they are what a coordinator comes to update
        fields = [*FTE_FIELDS, "website", "hq_country", "hq_time_zone", "operator_kind", "estate_description"]

    def _post_clean(self) -> None:
        # the model's own checks repeat the form's on the FTE figures; where a figure on screen was already
        # refused, the model would quote the stored value in a second, stale message: one message per error
        # (the step and the decimal places say the same thing: dict.fromkeys keeps each message once)
        refused = {name: list(dict.fromkeys(self.errors[name])) for name in FTE_FIELDS if name in self.errors}
        super()._post_clean()
        for name in FTE_FIELDS:
            if name in refused:
                self.errors[name] = self.error_class(refused[name])
            elif refused and name in self.errors:
                del self.errors[name]

    def clean(self) -> dict:
        data = super().clean()
        contributing, roadmap = data.get("contributing_ftes"), data.get("roadmap_ftes")
        if contributing is not None and roadmap is not None and roadmap > contributing:
            self.add_error(
                "roadmap_ftes",
                f"Roadmap-aligned FTEs ({format_ftes(roadmap)}) cannot exceed the FTEs contributing to OpenStack "
                f"({format_ftes(contributing)}): they are part of them.",
            )
        return data


class CompanyCreateForm(forms.Form):
    """What the Secretariat needs to open a record for a new (prospect) company."""

    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        label="Address", required=False, max_length=80, help_text="Left empty, it is made from the name (AT&T: att)."
    )
    website = forms.URLField(required=False, assume_scheme="https", validators=[validate_http_url])
    hq_country = forms.CharField(label="Headquarters country", max_length=100, required=False)
    hq_time_zone = zone_form_field(
        Company._meta.get_field("hq_time_zone"),
        label="Headquarters time zone",
        help_text=f"Shows meeting times at the company's headquarters. {ZONE_HELP}",
    )
    operator_kind = forms.ChoiceField(choices=Company.OperatorKind.choices, initial=Company.OperatorKind.NEITHER)
    estate_description = forms.CharField(
        label="OpenStack estate", max_length=PROSE_MAX, widget=forms.Textarea, required=False, help_text="Markdown."
    )


class PersonInviteForm(forms.Form):
    """Name someone to a role by e-mail address; an address without an account gets an invitation."""

    email = forms.EmailField(label="E-mail address")
    display_name = forms.CharField(
        label="Name",
        max_length=150,
        required=False,
        validators=[validate_display_name],
        help_text="Used only when the address has no account yet.",
    )
    role = forms.ChoiceField(
        choices=RoleAssignment.Role.choices,
        required=False,
        help_text="Someone not yet with the company is sent an invitation they accept first.",
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if roles is not None:
            self.fields["role"].choices = roles


class RoleEndForm(forms.Form):
    reason = forms.CharField(max_length=200, required=False, help_text="Optional; kept in the history.")


class StatusForm(forms.Form):
    """A step through the membership lifecycle, with why and where it was decided."""

    to_status = forms.ChoiceField(label="New status", choices=Company.Status.choices)
    reason = forms.CharField(
        max_length=NOTE_MAX, widget=forms.Textarea, help_text="Why the status changes; shown on the company page."
    )
    reference = forms.CharField(
        max_length=200, required=False, help_text="Where it was decided, e.g. the general meeting of 22 September."
    )


class DirectoryFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *Company.Status.choices], required=False)
    operator_kind = forms.ChoiceField(
        label="Operator kind", choices=[("", "Any kind"), *Company.OperatorKind.choices], required=False
    )


TOKEN_LIFETIMES = (7, 30, 90, 180, 365)


class AccessTokenForm(forms.Form):
    """A new personal access token: what it is for and how long it lives."""

    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. the tool that uses it.")
    days = forms.TypedChoiceField(coerce=int, label="Expires after", initial=90)

    def __init__(self, *args: Any, maximum: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lifetimes = sorted({days for days in TOKEN_LIFETIMES if days <= maximum} | {maximum})
        self.fields["days"].choices = [(days, f"{days} days") for days in lifetimes]
        if 90 not in lifetimes:
            self.fields["days"].initial = lifetimes[-1]


class PortalAddEmailForm(AddEmailForm):
    """allauth's form to add an address, refusing one that belongs to another member's account: with
    enumeration prevention allauth would accept it and mail that member a confirmation link (issue 19).
    Members are known to each other (the directory), so saying it is taken reveals nothing new."""

    def clean_email(self) -> str:
        value = super().clean_email()
        if EmailAddress.objects.filter(email__iexact=value).exclude(user=self.user).exists() or (
            User.objects.filter(email__iexact=value).exclude(pk=self.user.pk).exists()
        ):
            raise forms.ValidationError(
                "This address belongs to another member's account. Give an address of your own; if it is "
                "yours, write to the Secretariat."
            )
        return value


class TeamForm(forms.Form):
    """A specialty team's name, purpose and links (validated again by the model in the service)."""

    name = forms.CharField(max_length=200)
    purpose = forms.CharField(
        max_length=PROSE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Markdown."
    )
    links = forms.CharField(
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Links",
        help_text="One http(s) address per line: etherpads, repositories, channels.",
        validators=[validate_http_links],
    )


class TeamMemberForm(forms.Form):
    user = PersonChoiceField(label="Person")
    is_lead = forms.BooleanField(required=False, label="A lead of the team")
