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
