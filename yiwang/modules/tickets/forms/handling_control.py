"""Forms of 改派, 合并, 延期 and 督办 on the staff ticket page."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Category
from ..selectors import list_active_categories, list_dispatch_agencies
from . import AgencyChoiceField, CategoryChoiceField


class ReassignForm(forms.Form):
    prefix = "reassign"

    agency = AgencyChoiceField(
        label="改派至主办单位",
        queryset=Category.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择新的主办单位。", "invalid_choice": "请选择有效的主办单位。"},
    )
    co_agencies = forms.ModelMultipleChoiceField(
        label="协办单位（可多选）",
        queryset=Category.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": "请选择有效的协办单位。"},
    )
    category = CategoryChoiceField(
        label="更正诉求分类（不更正可不选）",
        queryset=Category.objects.none(),
        required=False,
        empty_label="不更正",
        error_messages={"invalid_choice": "请选择有效的诉求分类。"},
    )
    reason = forms.CharField(
        label="改派理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写改派理由。", "max_length": "改派理由不能超过 500 个字。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = list_dispatch_agencies()  # type: ignore[attr-defined]
        self.fields["co_agencies"].queryset = list_dispatch_agencies()  # type: ignore[attr-defined]
        self.fields["co_agencies"].label_from_instance = lambda obj: obj.full_name  # type: ignore[attr-defined]
        self.fields["category"].queryset = list_active_categories()  # type: ignore[attr-defined]


class MergeForm(forms.Form):
    prefix = "merge"

    into_code = forms.CharField(
        label="主工单查询码",
        max_length=10,
        help_text="本诉求将关闭并合并到该工单，诉求人会收到主工单的答复。",
        error_messages={"required": "请填写主工单的 10 位查询码。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    note = forms.CharField(label="合并说明", max_length=300, required=False)

    def clean_into_code(self) -> str:
        value = str(self.cleaned_data["into_code"]).strip()
        if not (value.isdigit() and len(value) == 10):
            raise forms.ValidationError("查询码为 10 位数字。")
        return value


class ExtensionRequestForm(forms.Form):
    prefix = "extension"

    days = forms.IntegerField(
        label="延长工作日",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "请填写延长的工作日数。",
            "invalid": "延长的工作日数应为整数。",
            "min_value": "延长的工作日数至少为 1。",
            "max_value": "延长的工作日数过大。",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label="延期理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写延期理由。", "max_length": "延期理由不能超过 500 个字。"},
        help_text="由热线办审批；批准后办理期限顺延。",
    )


class ExtensionDecisionForm(forms.Form):
    prefix = "decision"

    decision = forms.ChoiceField(
        label="审批意见",
        choices=[("approve", "批准延期"), ("refuse", "不予批准")],
        widget=forms.RadioSelect,
        initial="approve",
        error_messages={"required": "请选择审批意见。"},
    )
    note = forms.CharField(
        label="审批说明",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不予批准时必填。",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "不予批准时请说明理由。")
        return data


class SuperviseForm(forms.Form):
    prefix = "supervise"

    note = forms.CharField(
        label="督办说明",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写督办说明。", "max_length": "督办说明不能超过 300 个字。"},
    )
