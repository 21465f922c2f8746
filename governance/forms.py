from django import forms

from governance.models import Ballot, Candidate, Motion


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label="Deadline",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="In your time zone.",
    )


class ObjectionForm(forms.Form):
    company = forms.SlugField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Why does your company object?", widget=forms.Textarea(attrs={"rows": 3}))


class BallotForm(forms.Form):
    """Yes / no / abstain, or for an election a candidate or abstain."""

    company = forms.SlugField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(label="Your company's vote", widget=forms.RadioSelect)

    def __init__(self, *args, motion: Motion, **kwargs) -> None:
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


class CharterDiffForm(forms.Form):
    a = forms.IntegerField(label="From version", min_value=1)
    b = forms.IntegerField(label="To version", min_value=1)
