from typing import Any

from django import forms

from notifications.models import Kind, MeetingKind

MEETING_FIELD_PREFIX = "meeting_"


class PreferencesForm(forms.Form):
    """One checkbox per kind of mail, and one per kind of meeting the person hears about."""

    def __init__(
        self, *args: Any, initial_choices: dict[str, bool], meeting_choices: dict[str, bool], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=initial_choices[kind]
            )
        for meeting_kind in MeetingKind:
            self.fields[MEETING_FIELD_PREFIX + meeting_kind.value] = forms.BooleanField(
                label=meeting_kind.label, required=False, initial=meeting_choices[meeting_kind]
            )

    def mail_fields(self) -> list[forms.BoundField]:
        return [self[kind] for kind in Kind.values]

    def meeting_fields(self) -> list[forms.BoundField]:
        return [self[MEETING_FIELD_PREFIX + kind] for kind in MeetingKind.values]

    def changed_meeting_kinds(self) -> dict[str, bool]:
        """The kinds of meeting whose box the person changed, with the new choice: the others keep
        following the default of their roles."""
        return {
            kind: self.cleaned_data[MEETING_FIELD_PREFIX + kind]
            for kind in MeetingKind.values
            if MEETING_FIELD_PREFIX + kind in self.changed_data
        }


class ListAddressForm(forms.Form):
    """A mailing list and what it receives (checked again by the service)."""

    name = forms.CharField(max_length=200)
    address = forms.EmailField(label="E-mail address")
    kinds = forms.MultipleChoiceField(
        choices=Kind.choices, widget=forms.CheckboxSelectMultiple, required=False, label="Kinds of mail it receives"
    )
    meeting_kinds = forms.MultipleChoiceField(
        choices=MeetingKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Kinds of meeting",
        help_text="The kinds of meeting whose announcements, reminders and minutes it receives.",
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Send to this list")


class ScheduleForm(forms.Form):
    """When a mail schedule runs: the five crontab fields, in UTC, and whether it runs at all."""

    enabled = forms.BooleanField(required=False, label="Send this mail")
    minute = forms.CharField(max_length=60, help_text="0–59, e.g. 0 or */15.")
    hour = forms.CharField(max_length=60, help_text="0–23 (UTC), e.g. 8 or *.")
    day_of_month = forms.CharField(max_length=60, label="Day of month", help_text="1–31, e.g. 1-3 or *.")
    month_of_year = forms.CharField(max_length=60, label="Month", help_text="1–12, e.g. 1,4,7,10 or *.")
    day_of_week = forms.CharField(max_length=60, label="Day of week", help_text="0–6 (0 is Sunday), e.g. 1 or *.")
