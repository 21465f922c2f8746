"""The Secretariat's forms for the plan's rows and the roadmap's items (saved by governance.services.plan)."""

from typing import Any

from django import forms
from django.db.models import Max

from governance.models import PlanTask, RoadmapItem
from governance.services.plan import PLAN_TASK_FIELDS, ROADMAP_ITEM_FIELDS


class PlanTaskForm(forms.ModelForm):
    class Meta:
        model = PlanTask
        fields = list(PLAN_TASK_FIELDS)
        labels = {
            "position": "Row number",
            "kind": "Kind",
            "phase": "In phase",
            "starts_on": "Starts on",
            "duration_days": "Duration (working days)",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phases = PlanTask.objects.filter(kind=PlanTask.Kind.PHASE)
        if self.instance.pk:
            phases = phases.exclude(pk=self.instance.pk)
        else:
            last = PlanTask.objects.aggregate(last=Max("position"))["last"] or 0
            self.initial.setdefault("position", last + 1)
        self.fields["phase"].queryset = phases
        self.fields["phase"].empty_label = "None (a phase, or a row of its own)"

    def row_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLAN_TASK_FIELDS}


class RoadmapItemForm(forms.ModelForm):
    class Meta:
        model = RoadmapItem
        fields = list(ROADMAP_ITEM_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "upstream_links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].empty_label = "No team"

    def row_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ROADMAP_ITEM_FIELDS}
