from django import forms

from notifications.models import Kind


class PreferencesForm(forms.Form):
    """One checkbox per kind of mail."""

    def __init__(self, *args, initial_choices: dict[str, bool], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=initial_choices[kind]
            )
