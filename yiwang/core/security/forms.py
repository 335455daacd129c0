"""Forms of the incident register. Times are entered in Beijing time (the site's time zone)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from . import services
from .models import Incident, IncidentEntry

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _level_help() -> str:
    rules = services.report_rules_text()
    return f"发现后须报告省级网信部门的时限：{rules}" if rules else "各级别均按内部流程处置"


class IncidentForm(forms.Form):
    title = forms.CharField(label="事件名称", max_length=200)
    level = forms.ChoiceField(label="级别", choices=Incident.Level.choices)
    occurred_at = forms.DateTimeField(label="发生时间", widget=DATETIME)
    discovered_at = forms.DateTimeField(label="发现时间", widget=DATETIME)
    description = forms.CharField(label="情况描述", widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].help_text = _level_help()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        occurred, discovered = data.get("occurred_at"), data.get("discovered_at")
        if occurred and discovered and occurred > discovered:
            self.add_error("discovered_at", "发现时间不能早于发生时间。")
        if discovered and discovered > timezone.now() + timedelta(minutes=5):
            self.add_error("discovered_at", "发现时间不能晚于现在。")
        return data


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=[(IncidentEntry.Kind.NOTE, "处置记录")],
        initial=IncidentEntry.Kind.NOTE,
        widget=forms.HiddenInput,
    )
    at = forms.DateTimeField(label="时间", widget=DATETIME)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reported_at = forms.DateTimeField(label="报告时间", widget=DATETIME)
    reported_to = forms.CharField(label="报告对象", max_length=200, initial="省委网信办（12387）")


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=Incident.Status.choices)
    note = forms.CharField(label="说明", required=False, max_length=500)


class RegradeForm(forms.Form):
    """重新定级: the new level and why. The report deadline is recomputed from the discovery time."""

    level = forms.ChoiceField(
        label="新级别",
        choices=Incident.Level.choices,
        error_messages={"required": "请选择新级别。", "invalid_choice": "未知的事件级别，请从列表中选择。"},
    )
    reason = forms.CharField(
        label="理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写调整级别的理由。", "max_length": "理由不能超过 500 字。"},
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.incident = incident
        self.fields["level"].help_text = _level_help() + "；报告时限按发现时间重新计算"

    def clean_level(self) -> str:
        level: str = self.cleaned_data["level"]
        if level == self.incident.level:
            raise forms.ValidationError(f"事件已是“{self.incident.get_level_display()}”级，请选择另一级别。")
        return level
