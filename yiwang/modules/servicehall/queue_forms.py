"""The forms of the hall's queue screens: the kiosk, the window's actions and the statistics period."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms

from .services.queue import QueueError, normalise_phone

WINDOW_ACTIONS = {
    "call": "叫号",
    "recall": "重呼",
    "no_show": "过号",
    "start": "开始办理",
    "finish": "办结",
    "open": "签到开窗",
    "close": "暂停关窗",
    "requeue": "过号重排",
}


class TakeNumberForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": "请选择要办理的业务。"})
    phone = forms.CharField(
        label="手机号（选填）",
        required=False,
        max_length=20,
        help_text="填写后，前面不超过 3 人时发短信提醒您；号码只用于本次提醒，不显示在大屏上。",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data.get("phone", ""))
        except QueueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class WindowActionForm(forms.Form):
    action = forms.ChoiceField(choices=list(WINDOW_ACTIONS.items()), error_messages={"required": "请选择操作。"})
    ticket = forms.IntegerField(required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("action") == "requeue" and not data.get("ticket"):
            raise forms.ValidationError("请选择要重新排队的过号号码。")
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "结束日期不能早于开始日期。")
        return data

    def period(self, today: date) -> tuple[date, date]:
        """The chosen days, by default the last 7 (today included); the form's input is kept as is."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=6)
        return start, end
