from django import forms

from members.models import User, time_zone_choices


class ProfileForm(forms.ModelForm):
    """What a person keeps about themselves: the name others see and the zone they read times in."""

    time_zone = forms.ChoiceField(choices=time_zone_choices, help_text="Every meeting time is shown in this zone.")

    class Meta:
        model = User
        fields = ["display_name", "time_zone"]
        labels = {"display_name": "Name shown to others"}
