"""Forms of the Secretariat's meeting pages; they validate input and never save (services do)."""

import re
import zoneinfo
from datetime import UTC, date, time, timedelta
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from kernel.validation import DOCUMENT_MAX, NOTE_MAX, PROSE_MAX, validate_year_in_range
from meetings.kinds import kind_rules
from meetings.models import AgendaItem, Erratum, Kind, Meeting, RotationSlot, Series
from meetings.services.agenda import AGENDA_ITEM_FIELDS
from meetings.services.series import SERIES_FIELDS, Slot
from members.forms import ZONE_HELP, PersonChoiceField, zone_form_field
from members.models import Company, User

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def people() -> PersonChoiceField:
    """A person among the active ones, grouped by company and searchable (members.forms.PersonChoiceField)."""
    return PersonChoiceField(required=False)


def companies(label: str = "Company") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=Company.objects.order_by("name"), required=False, label=label)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
    title = forms.CharField(max_length=200)
    starts_local = forms.DateTimeField(
        label="Starts",
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        validators=[validate_year_in_range],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text="The local time in the zone below.",
    )
    time_zone = zone_form_field(
        RotationSlot._meta.get_field("time_zone"),
        label="Time zone",
        help_text=f"The zone of the start time above. {ZONE_HELP}",
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=1, max_value=600, required=False, help_text="Empty: the kind's default."
    )
    place = forms.CharField(max_length=200, required=False, help_text="Video conference, IRC channel or room.")
    place_url = forms.URLField(required=False, label="Place URL", assume_scheme="https")

    @classmethod
    def for_meeting(cls, meeting: Meeting, zone: zoneinfo.ZoneInfo, data: QueryDict | None = None) -> "MeetingForm":
        local = timezone.localtime(meeting.starts_at, zone)
        initial = {
            "kind": meeting.kind,
            "title": meeting.title,
            "starts_local": local.replace(tzinfo=None),
            "time_zone": zone,
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "place_url": meeting.place_url,
        }
        return cls(data, initial=initial)

    def clean(self) -> dict:
        data = super().clean()
        starts, zone = data.get("starts_local"), data.get("time_zone")
        if starts and zone:
            # Django made the typed wall-clock time aware in the active zone; re-read it in the chosen one.
            wall = timezone.make_naive(starts) if timezone.is_aware(starts) else starts
            data["starts_at"] = wall.replace(tzinfo=zone).astimezone(UTC)
        if data.get("kind") and not data.get("duration_minutes"):
            data["duration_minutes"] = kind_rules(data["kind"]).duration
        return data

    def meeting_data(self) -> dict:
        keys = ("kind", "title", "starts_at", "duration_minutes", "place", "place_url")
        return {k: self.cleaned_data[k] for k in keys}


ROTATION_LINE = re.compile(r"^(\d{1,2}):(\d{2})\s+(\S+)$")
# a rotation line's zone is one of RotationSlot's field's choices (checked before any zone file is opened)
ROTATION_ZONE = zone_form_field(RotationSlot._meta.get_field("time_zone"))


class SeriesForm(forms.ModelForm):
    place_url = forms.URLField(required=False, label="Place URL", assume_scheme="https")
    rotation = forms.CharField(
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One start time a line, a local time and a time zone: “07:00 America/Los_Angeles”. "
        "Occurrences take them in turn.",
    )

    class Meta:
        model = Series
        fields = list(SERIES_FIELDS)
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["rotation"] = "\n".join(
                f"{slot.local_time:%H:%M} {slot.time_zone}" for slot in self.instance.rotation.all()
            )

    def clean_rotation(self) -> list[Slot]:
        slots = []
        for number, line in enumerate(self.cleaned_data["rotation"].splitlines(), start=1):
            if not line.strip():
                continue
            match = ROTATION_LINE.match(line.strip())
            if not match or int(match[1]) > 23 or int(match[2]) > 59 or not ROTATION_ZONE.valid_value(match[3]):
                raise forms.ValidationError(f"Line {number} is not “HH:MM Area/City”: {line.strip()}")
            slots.append(Slot(time(int(match[1]), int(match[2])), match[3]))
        if not slots:
            raise forms.ValidationError("Give at least one start time.")
        return slots

    def series_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GenerateForm(forms.Form):
    until = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Generate occurrences until",
        validators=[validate_year_in_range],
    )

    def clean_until(self) -> date:
        until = self.cleaned_data["until"]
        if until > timezone.now().date() + timedelta(days=2 * 366):
            raise forms.ValidationError("Generate at most two years ahead.")
        return until


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = list(AGENDA_ITEM_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "discussion": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"discussion": "The minutes of this item's discussion (Markdown), published with the minutes."}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # everyone, the inactive included: an old item's presenter stays chosen
        self.fields["presenter"] = PersonChoiceField(
            queryset=User.objects.all(), required=False, help_text=self.fields["presenter"].help_text
        )
        self.fields["presenter_company"].queryset = Company.objects.order_by("name")
        if not meeting.is_board:
            del self.fields["confidential"]
        if meeting.is_agenda_published:
            # The published agenda is final; the discussion is part of the minutes, a draft until published.
            for name in [name for name in self.fields if name != "discussion"]:
                del self.fields[name]

    def item_data(self) -> dict:
        return dict(self.cleaned_data)


class MinutesForm(forms.Form):
    summary = forms.CharField(
        max_length=PROSE_MAX, widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="Markdown."
    )
    next_session = forms.CharField(
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="When and where the next session is.",
    )


class ErratumForm(forms.Form):
    part = forms.ChoiceField(choices=Erratum.Part.choices, label="What is corrected")
    correction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="What changed",
        help_text="The corrected text, and what it replaces.",
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, label="Why")


class AttendanceForm(forms.Form):
    user = people()
    name = forms.CharField(max_length=150, required=False, label="Or a guest's name")
    company = companies("Company (for a guest; a person's current company by default)")

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("user") and not data.get("name", "").strip():
            raise forms.ValidationError("Choose a person or type a guest's name.")
        return data


def _items(meeting: Meeting) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=meeting.agenda_items.all(), required=False, label="Agenda item")


class DecisionForm(forms.Form):
    text = forms.CharField(max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}), label="Decision")

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"] = _items(meeting)


class ActionItemForm(forms.Form):
    text = forms.CharField(max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}), label="Action")
    owner = people()
    owner_name = forms.CharField(max_length=150, required=False, label="Or an owner's name (or “All”)")
    company = companies()
    due_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Due on",
        validators=[validate_year_in_range],
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"] = _items(meeting)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("owner") and not data.get("owner_name", "").strip():
            raise forms.ValidationError("Choose an owner or type a name (or “All”).")
        return data


LOG_MAX_BYTES = 1_000_000


class ImportForm(forms.Form):
    log = forms.CharField(
        max_length=DOCUMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        label="Meeting-bot log",
        required=False,
        help_text="Paste the plain-text log (the bot's .log.txt): “14:02:11 <nick> #topic …”, #info, #agreed, "
        "#action, #link, #undo.",
    )
    log_file = forms.FileField(
        required=False, label="Or upload the log file", help_text="The bot's .log.txt, in UTF-8, up to 1 MB."
    )
    accept_malformed = forms.BooleanField(
        required=False, label="Save without the lines listed as malformed", help_text="Required when some are listed."
    )

    def clean(self) -> dict:
        data = super().clean()
        upload = data.get("log_file")
        if upload:
            if upload.size > LOG_MAX_BYTES:
                raise forms.ValidationError("The log file is larger than 1 MB.")
            try:
                data["log"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("The log file is not UTF-8 text.") from None
        if not data.get("log", "").strip():
            raise forms.ValidationError("Paste the log or choose its file.")
        return data


class CancelForm(forms.Form):
    """Why a meeting is cancelled: shown on its page and in the cancellation mail."""

    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the meeting's page and in the cancellation mail.",
    )
