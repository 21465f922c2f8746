from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from governance.models import Ballot, Candidate, CharterVersion, ConsensusStance, Motion, OfficerTerm, RoadmapQuarter
from governance.services.drafting import MotionDraft
from kernel.templatetags.portal_time import format_when
from kernel.validation import DOCUMENT_MAX, NOTE_MAX, validate_year_in_range
from meetings.models import Meeting
from members.models import Company, User


def deadline_field(label: str, *, required: bool = True, help_text: str = "In your time zone.") -> forms.DateTimeField:
    """A date and time picked in the browser (datetime-local), in the reader's time zone, in the years a
    person enters."""
    return forms.DateTimeField(
        label=label,
        required=required,
        validators=[validate_year_in_range],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=help_text,
    )


class DeadlineForm(forms.Form):
    deadline = deadline_field("Deadline")


class ObjectionForm(forms.Form):
    company = forms.SlugField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why does your company object?", max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class SeatForm(forms.Form):
    company = forms.SlugField(widget=forms.HiddenInput)


class StanceForm(SeatForm):
    stance = forms.ChoiceField(choices=ConsensusStance.Stance.choices)
    comment = forms.CharField(
        label="Comment (optional)", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceiptEmailForm(forms.Form):
    receipt = forms.CharField(max_length=40, widget=forms.HiddenInput)


class BallotForm(forms.Form):
    """Yes / no / abstain, or for an election a candidate or abstain."""

    company = forms.SlugField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label="Your company's vote", widget=forms.RadioSelect)

    def __init__(self, *args: Any, motion: Motion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.motion = motion
        if motion.kind == Motion.Kind.ELECTION:
            self.candidates = {str(c.pk): c for c in motion.candidates.all()}
            choices = [(pk, str(c.user)) for pk, c in self.candidates.items()]
            self.fields["choice"].choices = [*choices, (Ballot.Choice.ABSTAIN, "Abstain")]
        else:
            self.candidates = {}
            self.fields["choice"].choices = Ballot.Choice.choices

    def ballot(self) -> tuple[str, Candidate | None]:
        value = self.cleaned_data["choice"]
        if value in self.candidates:
            return "", self.candidates[value]
        return value, None


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why is the motion withdrawn?", max_length=500)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why does voting close before its deadline?",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required unless every seat has voted; shown on the motion with the time it closed.",
    )


class CharterDiffForm(forms.Form):
    """Two versions to compare, each named by its number, date and description."""

    a = forms.TypedChoiceField(label="From version", coerce=int)
    b = forms.TypedChoiceField(label="To version", coerce=int)

    def __init__(self, *args: Any, versions: list[CharterVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (v.number, f"Version {v.number} — {format_when(v.effective_on)}: {v.change_summary}") for v in versions
        ]
        self.fields["a"].choices = self.fields["b"].choices = choices


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{format_when(obj.starts_at)}: {obj}"


class MotionForm(forms.Form):
    """A draft motion; the fields after the text depend on its kind (chosen before the form)."""

    title = forms.CharField(max_length=300)
    text = forms.CharField(
        label="Text", max_length=DOCUMENT_MAX, widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown."
    )
    subject_company = forms.ModelChoiceField(label="Company", queryset=Company.objects.none())
    charter_text = forms.CharField(
        label="The new charter, in full",
        max_length=DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="Markdown. It starts from the current version; change what the amendment changes.",
    )
    charter_change_summary = forms.CharField(
        label="Change summary", max_length=300, help_text="As the charter's change history will show it."
    )
    roadmap_quarter = forms.ModelChoiceField(label="Quarter", queryset=RoadmapQuarter.objects.drafts())
    office = forms.ChoiceField(choices=OfficerTerm.Office.choices)
    candidates = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, help_text="Chosen among the seat holders."
    )
    secret_ballot = forms.BooleanField(
        label="Secret ballot", required=False, help_text="Publish the tally only, not which company voted for whom."
    )
    meeting = MeetingChoiceField(
        label="Raised at the meeting", queryset=Meeting.objects.none(), required=False, empty_label="No meeting"
    )
    consensus_deadline = deadline_field(
        "Objections until (proposed)",
        required=False,
        help_text="In your time zone. The chair starts from it when opening the motion.",
    )
    voting_deadline = deadline_field("Voting until, if a vote is called (proposed)", required=False)

    FIELDS_BY_KIND = {
        Motion.Kind.ADMIT: ["subject_company"],
        Motion.Kind.REVOKE: ["subject_company"],
        Motion.Kind.CHARTER_AMENDMENT: ["charter_text", "charter_change_summary"],
        Motion.Kind.ROADMAP_APPROVAL: ["roadmap_quarter"],
        Motion.Kind.ELECTION: ["office", "candidates", "secret_ballot"],
    }
    KIND_FIELDS = {name for names in FIELDS_BY_KIND.values() for name in names}

    def __init__(
        self, *args: Any, kind: str, user: User | AnonymousUser, motion: Motion | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in self.KIND_FIELDS - set(self.FIELDS_BY_KIND.get(kind, [])):
            del self.fields[name]
        if kind == Motion.Kind.ADMIT:
            self.fields["subject_company"].queryset = Company.objects.filter(status=Company.Status.REQUESTED)
            self.fields["subject_company"].help_text = "Companies that have requested membership."
        elif kind == Motion.Kind.REVOKE:
            self.fields["subject_company"].queryset = Company.objects.members()
            self.fields["subject_company"].help_text = "Seated companies; their compliance is shown below."
            if motion is not None and motion.notice_given_at:
                self.fields["subject_company"].disabled = True
        elif kind == Motion.Kind.ELECTION:
            self.fields["candidates"].queryset = User.objects.seat_holders().order_by("display_name", "email")
        self.fields["meeting"].queryset = Meeting.objects.visible_to(user).order_by("-starts_at")

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the motion a title.")
        return title

    def clean(self) -> dict:
        data = super().clean()
        consensus, voting = data.get("consensus_deadline"), data.get("voting_deadline")
        if consensus and consensus <= timezone.now():
            self.add_error("consensus_deadline", "The deadline must be in the future.")
        if voting and voting <= (consensus or timezone.now()):
            self.add_error("voting_deadline", "Voting must end after the consensus deadline.")
        return data

    def draft(self) -> MotionDraft:
        """The cleaned fields as the draft motion_create / motion_update take."""
        data = dict(self.cleaned_data)
        if "candidates" in data:
            data["candidates"] = tuple(data["candidates"])
        return MotionDraft(**data)
