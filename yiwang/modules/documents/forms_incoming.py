"""Forms of the 收文 staff screens: they parse and say what is wrong in Chinese; services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from yiwang.core.accounts.models import User
from yiwang.core.orgs.models import Agency

from .models import CLASSIFIED_LEVELS, CLASSIFIED_REFUSAL, DocumentType, IncomingDocument, Urgency


class _AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class _AgencyMultipleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class _PersonMultipleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name or obj.username)


class IncomingFilterForm(forms.Form):
    """The 收文 list's filters (GET): each optional; a bad value is shown and ignored."""

    box = forms.ChoiceField(
        label="范围",
        choices=[("", "本机关收文"), ("handling", "交本单位承办"), ("all", "全部（含承办）")],
        required=False,
    )
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *IncomingDocument.Status.choices], required=False)
    year = forms.IntegerField(
        label="年度", required=False, min_value=2000, max_value=2100, error_messages={"invalid": "请输入四位年份。"}
    )

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {"box": data.get("box") or "received", "status": data.get("status", ""), "year": data.get("year")}


class ExternalForm(forms.Form):
    """来文登记: a paper or off-platform document."""

    agency = _AgencyChoice(
        label="收文机关",
        queryset=Agency.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择收文机关。", "invalid_choice": "请选择您所在的机关。"},
    )
    title = forms.CharField(label="标题", max_length=200, error_messages={"required": "请填写来文标题。"})
    source_name = forms.CharField(label="来文单位", max_length=100, error_messages={"required": "请填写来文单位。"})
    source_number = forms.CharField(label="来文字号", max_length=40, required=False, help_text="如“黑民发〔2026〕3号”")
    doc_type = forms.ChoiceField(label="文种", choices=[("", "请选择"), *DocumentType.choices], required=False)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
    secrecy = forms.ChoiceField(
        label="密级",
        choices=[("", "非密"), *((level, level) for level in CLASSIFIED_LEVELS)],
        required=False,
        help_text="本平台只办理非密公文。",
    )
    written_on = forms.DateField(
        label="成文日期", required=False, error_messages={"invalid": "日期格式为 2026-07-01。"}
    )
    pages = forms.IntegerField(
        label="页数", required=False, min_value=1, max_value=9999, error_messages={"invalid": "请输入页数。"}
    )
    file = forms.FileField(label="来文扫描件", required=False, help_text="PDF、OFD 或图片")

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
            only = list(agencies[:2])
            if len(only) == 1 and not self.is_bound:
                self.fields["agency"].initial = only[0].pk

    def clean_secrecy(self) -> str:
        value = str(self.cleaned_data.get("secrecy") or "")
        if value in CLASSIFIED_LEVELS:
            raise forms.ValidationError(CLASSIFIED_REFUSAL)
        return value


class ReviewForm(forms.Form):
    """初审: 符合要求, or 退回来文单位 with the reason."""

    decision = forms.ChoiceField(
        label="初审意见",
        choices=[("pass", "符合要求"), ("return", "退回来文单位")],
        widget=forms.RadioSelect,
        initial="pass",
        error_messages={"required": "请选择符合要求或退回。"},
    )
    reason = forms.CharField(
        label="意见或退回理由", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", "请填写退回理由。")
        return data


class ReturnForm(forms.Form):
    """退回 before 签收 (拒收) with the reason."""

    reason = forms.CharField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": "请填写退回理由。"},
    )


class ProposeForm(forms.Form):
    text = forms.CharField(
        label="拟办意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "请填写拟办意见。"},
    )


class InstructForm(forms.Form):
    text = forms.CharField(label="批示意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    circled = forms.BooleanField(label="圈阅（阅知并同意拟办意见，不另写批示）", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("circled"):
            self.add_error("text", "请填写批示意见，或选择圈阅。")
        return data


class AssignForm(forms.Form):
    """分办: 主办 and 协办 departments with the 办理期限."""

    main_agency = _AgencyChoice(
        label="主办单位",
        queryset=Agency.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择主办单位。", "invalid_choice": "请选择有效的主办单位。"},
    )
    assist_agencies = _AgencyMultipleChoice(
        label="协办单位",
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请选择有效的协办单位。"},
    )
    deadline = forms.DateField(label="办理期限", required=False, error_messages={"invalid": "日期格式为 2026-07-01。"})

    def __init__(self, *args: Any, agencies: Any = None, urgent: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["main_agency"].queryset = agencies  # type: ignore[attr-defined]
            self.fields["assist_agencies"].queryset = agencies  # type: ignore[attr-defined]
        if urgent:
            self.fields["deadline"].help_text = "紧急公文必须规定办理期限。"


class HandlingForm(forms.Form):
    """承办: the result of one department."""

    agency = _AgencyChoice(
        label="承办单位",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择承办单位。", "invalid_choice": "请选择您所在的承办单位。"},
    )
    result = forms.CharField(
        label="办理结果",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "请填写办理结果。"},
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    reply = forms.CharField(
        label="办结情况或答复",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "请填写办结情况或答复内容。"},
    )


class CirculateForm(forms.Form):
    recipients = _PersonMultipleChoice(
        label="传阅人员",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择传阅人员。", "invalid_choice": "请选择有效的传阅人员。"},
    )
    note = forms.CharField(label="附言", required=False, max_length=500)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["recipients"].queryset = people  # type: ignore[attr-defined]


class UrgeForm(forms.Form):
    message = forms.CharField(label="催办内容", required=False, max_length=500, initial="请抓紧办理。")


class ReadForm(forms.Form):
    opinion = forms.CharField(label="阅知意见（可不填）", required=False, max_length=500)
