"""Forms of the incident register. Times are entered in Beijing time (the site's time zone)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from .models import Incident, IncidentEntry

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(forms.Form):
    title = forms.CharField(label="事件名称", max_length=200)
    level = forms.ChoiceField(
        label="级别", choices=Incident.Level.choices, help_text="较大及以上须在发现后 4 小时内报告省级网信部门"
    )
    occurred_at = forms.DateTimeField(label="发生时间", widget=DATETIME)
    discovered_at = forms.DateTimeField(label="发现时间", widget=DATETIME)
    description = forms.CharField(label="情况描述", widget=forms.Textarea(attrs={"rows": 5}))

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
