"""Forms of the staff calendar screen. They only validate input; the services decide."""

from __future__ import annotations

from django import forms

WORKDAY_CHOICES = [("1", "工作日（上班）"), ("0", "休息日（放假）")]


class OverrideForm(forms.Form):
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="格式：YYYY-MM-DD")
    is_workday = forms.TypedChoiceField(
        label="当日安排", choices=WORKDAY_CHOICES, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    name = forms.CharField(label="名称", max_length=50, required=False, help_text="如“春节”“国庆节调休上班”")
    source = forms.CharField(label="依据文件", max_length=200, required=False, help_text="国务院办公厅通知文号等")
    reason = forms.CharField(label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not (data.get("source", "").strip() or data.get("reason", "").strip()):
            raise forms.ValidationError("请填写依据文件（如国务院办公厅通知文号）或说明。")
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    source = forms.CharField(label="依据文件", max_length=200, help_text="国务院办公厅关于该年部分节假日安排的通知文号")
    complete = forms.BooleanField(
        label="该年节假日和调休已全部录入",
        required=False,
        initial=True,
        help_text="取消勾选即撤回：未内置于日历库的年度将无法计算期限。",
    )
